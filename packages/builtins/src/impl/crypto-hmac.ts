/** crypto.hmac.*: hex HMACs of (message, key), and constant-time comparison. */
import { hmac } from '@noble/hashes/hmac.js'
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import type { Value } from '../value/index.js'
import { bytesEqual, hex, stringArg, utf8 } from './crypto-util.js'
import type { BuiltinImpl } from './types.js'

type Hash = Parameters<typeof hmac>[0]

function hmacImpl(name: string, hash: Hash): BuiltinImpl {
  return (args: Value[]) => {
    const message = stringArg(name, args, 0)
    const key = stringArg(name, args, 1)
    return hex(hmac(hash, utf8(key), utf8(message)))
  }
}

export const cryptoHmacImpls: Readonly<Record<string, BuiltinImpl>> = {
  'crypto.hmac.md5': hmacImpl('crypto.hmac.md5', md5),
  'crypto.hmac.sha1': hmacImpl('crypto.hmac.sha1', sha1),
  'crypto.hmac.sha256': hmacImpl('crypto.hmac.sha256', sha256),
  'crypto.hmac.sha512': hmacImpl('crypto.hmac.sha512', sha512),
  // Constant time in the bytes compared (Go's hmac.Equal); lengths may differ.
  'crypto.hmac.equal': (args) => {
    const a = utf8(stringArg('crypto.hmac.equal', args, 0))
    const b = utf8(stringArg('crypto.hmac.equal', args, 1))
    return bytesEqual(a, b)
  },
}
