/** crypto.md5, crypto.sha1, crypto.sha256: hex digests of a string's UTF-8 bytes. */
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { Value } from '../value/index.js'
import { hex, stringArg, utf8 } from './crypto-util.js'
import type { BuiltinImpl } from './types.js'

function digest(name: string, hash: (b: Uint8Array) => Uint8Array): BuiltinImpl {
  return (args: Value[]) => hex(hash(utf8(stringArg(name, args, 0))))
}

export const cryptoDigestImpls: Readonly<Record<string, BuiltinImpl>> = {
  'crypto.md5': digest('crypto.md5', md5),
  'crypto.sha1': digest('crypto.sha1', sha1),
  'crypto.sha256': digest('crypto.sha256', sha256),
}
