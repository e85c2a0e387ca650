/**
 * Verification keys for the io.jwt builtins: a PEM certificate, a PEM public
 * key, or a JWK / JWK set (OPA's getKeysFromCertOrJWK).
 */
import { pemDecode } from './crypto-util.js'
import { type AnyKey, parseJwks, parsePkixPublicKey } from './keys.js'
import { parseCertificateDer } from './x509.js'

export interface VerificationKey {
  key: AnyKey
  alg: string
  kid: string
}

/** JWS algorithms OPA knows. */
export const tokenAlgorithms = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'HS256',
  'HS384',
  'HS512',
  'EdDSA',
])

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Throws Error with OPA's message when the key text cannot be used. */
export function keysFromCertOrJwk(text: string): VerificationKey[] {
  const [block, rest] = pemDecode(text)
  if (block) {
    if (rest.length > 0) throw new Error('extra data after a PEM certificate block')
    if (block.type === 'CERTIFICATE') {
      try {
        const key = parseCertificateDer(block.bytes).publicKey
        if (!key) throw new Error('x509: unsupported public key algorithm')
        return [{ key, alg: '', kid: '' }]
      } catch (e) {
        throw new Error(`failed to parse a PEM certificate: ${message(e)}`, { cause: e })
      }
    }
    if (block.type === 'PUBLIC KEY') {
      try {
        return [{ key: parsePkixPublicKey(block.bytes), alg: '', kid: '' }]
      } catch (e) {
        throw new Error(`failed to parse a PEM public key: ${message(e)}`, { cause: e })
      }
    }
    throw new Error('failed to extract a Key from the PEM certificate')
  }
  let jwks
  try {
    jwks = parseJwks(text)
  } catch (e) {
    throw new Error(`failed to parse a JWK key (set): ${message(e)}`, { cause: e })
  }
  // Keys with an algorithm OPA does not know are skipped.
  return jwks.filter((k) => k.alg === '' || tokenAlgorithms.has(k.alg))
}
