/**
 * OPA's bundle signature (`opa sign`): a compact JWS whose payload lists every
 * file with its SHA-256 digest (the engine's `fileDigest`, canonical JSON for
 * data.json and .manifest), plus the claims of --claims-file. Signed with
 * Node's crypto in the algorithms the engine verifies.
 */
import { createHmac, createPrivateKey, sign as cryptoSign, constants, type KeyObject } from 'node:crypto'
import { fileDigest, type SigningAlgorithm } from '@cordon/engine'
import { UsageError } from '../usage-error.js'

type Family = 'RSA' | 'PSS' | 'EC' | 'HMAC'

/** Every algorithm the engine verifies (the Record's keys are checked against its type). */
const ALGORITHMS: Record<SigningAlgorithm, { family: Family; hash: 'sha256' | 'sha384' | 'sha512'; curve?: string }> = {
  RS256: { family: 'RSA', hash: 'sha256' },
  RS384: { family: 'RSA', hash: 'sha384' },
  RS512: { family: 'RSA', hash: 'sha512' },
  PS256: { family: 'PSS', hash: 'sha256' },
  PS384: { family: 'PSS', hash: 'sha384' },
  PS512: { family: 'PSS', hash: 'sha512' },
  ES256: { family: 'EC', hash: 'sha256', curve: 'prime256v1' },
  ES384: { family: 'EC', hash: 'sha384', curve: 'secp384r1' },
  ES512: { family: 'EC', hash: 'sha512', curve: 'secp521r1' },
  HS256: { family: 'HMAC', hash: 'sha256' },
  HS384: { family: 'HMAC', hash: 'sha384' },
  HS512: { family: 'HMAC', hash: 'sha512' },
}

export const signingAlgorithms = Object.keys(ALGORITHMS) as SigningAlgorithm[]

export function signingAlgorithm(name: string): SigningAlgorithm {
  if (!Object.hasOwn(ALGORITHMS, name))
    throw new UsageError(`--signing-alg must be one of ${signingAlgorithms.join(', ')}, not ${name}`)
  return name as SigningAlgorithm
}

export interface SignOptions {
  algorithm: SigningAlgorithm
  /** The PEM private key (RSA, EC) or the HMAC secret. */
  key: string
  /** More payload claims (OPA's --claims-file), e.g. `scope`, `keyid`. */
  claims?: Record<string, unknown>
}

const b64url = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url')

/** The `.signatures.json` text for `files` (by their signed names; a `.signatures.json` among them is left out, as OPA does). */
export async function signaturesFile(files: ReadonlyMap<string, Uint8Array>, options: SignOptions): Promise<string> {
  const listed: { name: string; hash: string; algorithm: string }[] = []
  for (const [name, data] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name.endsWith('.signatures.json')) continue
    try {
      listed.push({ name, hash: await fileDigest(name, data), algorithm: 'SHA-256' })
    } catch (err) {
      throw new Error((err as Error).message.replace(/^signature: cannot verify/, 'cannot sign'), { cause: err })
    }
  }
  if (options.claims && Object.hasOwn(options.claims, 'files'))
    throw new UsageError("--claims-file: the 'files' claim is the signature's own; remove it")
  const header = b64url(JSON.stringify({ alg: options.algorithm, typ: 'JWT' }))
  const payload = b64url(JSON.stringify({ ...options.claims, files: listed }))
  const signature = b64url(jwsSignature(`${header}.${payload}`, options))
  return JSON.stringify({ signatures: [`${header}.${payload}.${signature}`] }, null, 1) + '\n'
}

function jwsSignature(input: string, { algorithm, key }: SignOptions): Uint8Array {
  const alg = ALGORITHMS[algorithm]
  if (alg.family === 'HMAC') {
    if (key.length === 0) throw new UsageError('--signing-key: the HMAC secret is empty')
    return createHmac(alg.hash, key).update(input).digest()
  }
  const k = privateKey(key, algorithm)
  if (alg.family === 'EC') {
    const curve = k.asymmetricKeyDetails?.namedCurve
    if (k.asymmetricKeyType !== 'ec' || curve !== alg.curve)
      throw new UsageError(`--signing-key: ${algorithm} needs an EC private key on ${alg.curve}, not ${describe(k)}`)
    return cryptoSign(alg.hash, Buffer.from(input), { key: k, dsaEncoding: 'ieee-p1363' })
  }
  if (k.asymmetricKeyType !== 'rsa')
    throw new UsageError(`--signing-key: ${algorithm} needs an RSA private key, not ${describe(k)}`)
  if (alg.family === 'RSA')
    return cryptoSign(alg.hash, Buffer.from(input), { key: k, padding: constants.RSA_PKCS1_PADDING })
  // PS*: the salt is as long as the hash, as the engine's verifier expects.
  return cryptoSign(alg.hash, Buffer.from(input), {
    key: k,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: Number(alg.hash.slice(3)) / 8,
  })
}

function privateKey(pem: string, algorithm: SigningAlgorithm): KeyObject {
  if (!pem.includes('-----BEGIN'))
    throw new UsageError(`--signing-key: ${algorithm} needs a PEM private key (a file or its text)`)
  try {
    return createPrivateKey(pem)
  } catch (err) {
    throw new UsageError(`--signing-key: not a PEM private key: ${(err as Error).message}`)
  }
}

const describe = (k: KeyObject): string =>
  `${k.asymmetricKeyType ?? 'unknown'}${k.asymmetricKeyDetails?.namedCurve ? ` (${k.asymmetricKeyDetails.namedCurve})` : ''}`
