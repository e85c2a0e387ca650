/**
 * Verification of OPA's signed bundles: `.signatures.json` holds one JWS
 * (compact form) whose payload lists every file with its digest. Uses
 * WebCrypto only, so it runs on every runtime.
 */
import { ownValue } from '../own-property.js'
import { canonicalJson } from './canonical-json.js'

/** The JWS algorithms accepted (OPA's, minus the ones WebCrypto lacks). */
export type SigningAlgorithm =
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'HS256' | 'HS384' | 'HS512'

/** A verification key: a CryptoKey, a JWK, a PEM public key (`-----BEGIN PUBLIC KEY-----`), or the HMAC secret text. */
export interface VerificationKey {
  algorithm: SigningAlgorithm
  key: CryptoKey | JsonWebKey | string | Uint8Array
}

/** Bundle verification settings, as OPA's `keys` + `signing` configuration. */
export interface BundleVerification {
  /** Keys by key id. */
  keys: Record<string, VerificationKey>
  /** The key id to use; else the JWS header's `kid`, else the payload's `keyid`, else the only key. */
  keyId?: string
  /** When set, the payload's `scope` must equal it. */
  scope?: string
}

/** Why a bundle was refused. */
export class BundleVerificationError extends Error {
  override name = 'BundleVerificationError'
}

const SIGNATURES = '.signatures.json'
const encoder = new TextEncoder()
const decoder = new TextDecoder()

const algorithms: Record<
  SigningAlgorithm,
  {
    import: RsaHashedImportParams | EcKeyImportParams | HmacImportParams
    verify: AlgorithmIdentifier | RsaPssParams | EcdsaParams
  }
> = {
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  RS384: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  RS512: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  PS256: { import: { name: 'RSA-PSS', hash: 'SHA-256' }, verify: { name: 'RSA-PSS', saltLength: 32 } },
  PS384: { import: { name: 'RSA-PSS', hash: 'SHA-384' }, verify: { name: 'RSA-PSS', saltLength: 48 } },
  PS512: { import: { name: 'RSA-PSS', hash: 'SHA-512' }, verify: { name: 'RSA-PSS', saltLength: 64 } },
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { import: { name: 'ECDSA', namedCurve: 'P-384' }, verify: { name: 'ECDSA', hash: 'SHA-384' } },
  ES512: { import: { name: 'ECDSA', namedCurve: 'P-521' }, verify: { name: 'ECDSA', hash: 'SHA-512' } },
  HS256: { import: { name: 'HMAC', hash: 'SHA-256' }, verify: { name: 'HMAC' } },
  HS384: { import: { name: 'HMAC', hash: 'SHA-384' }, verify: { name: 'HMAC' } },
  HS512: { import: { name: 'HMAC', hash: 'SHA-512' }, verify: { name: 'HMAC' } },
}

const digests: Record<string, string> = {
  'SHA-256': 'SHA-256',
  'SHA-384': 'SHA-384',
  'SHA-512': 'SHA-512',
  'SHA-1': 'SHA-1',
}

/** Files whose digest is taken over their canonical JSON, as OPA does. */
const isStructuredFile = (name: string): boolean =>
  /(^|\/)(data\.json|data\.yaml|\.manifest|\.signatures\.json)$/.test(name)

function base64UrlDecode(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new BundleVerificationError('signature: malformed base64url')
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4))
  return Uint8Array.from(b, (c) => c.charCodeAt(0))
}

/** The digest OPA records for a bundle file, as lowercase hex. */
export async function fileDigest(name: string, bytes: Uint8Array, algorithm = 'SHA-256'): Promise<string> {
  const alg = digests[algorithm]
  if (!alg) throw new BundleVerificationError(`signature: unsupported digest algorithm ${algorithm} for ${name}`)
  let input = bytes
  if (isStructuredFile(name)) {
    if (name.endsWith('.yaml'))
      throw new BundleVerificationError(`signature: cannot verify ${name} (YAML data files are not supported)`)
    try {
      input = encoder.encode(canonicalJson(decoder.decode(bytes)))
    } catch (err) {
      throw new BundleVerificationError(`signature: ${name} is not valid JSON: ${(err as Error).message}`)
    }
  }
  const d = new Uint8Array(await crypto.subtle.digest(alg, input as Uint8Array<ArrayBuffer>))
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function importKey(k: VerificationKey): Promise<CryptoKey> {
  const params = algorithms[k.algorithm]
  if (!params) throw new BundleVerificationError(`signature: unsupported algorithm ${String(k.algorithm)}`)
  const key = k.key
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) return key
  if (k.algorithm.startsWith('HS')) {
    const raw = typeof key === 'string' ? encoder.encode(key) : key instanceof Uint8Array ? key : undefined
    if (raw) return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, params.import, false, ['verify'])
  }
  if (typeof key === 'string') {
    const m = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(key)
    if (!m)
      throw new BundleVerificationError('signature: a PEM key must be an SPKI public key (-----BEGIN PUBLIC KEY-----)')
    const der = Uint8Array.from(atob(m[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
    return crypto.subtle.importKey('spki', der, params.import, false, ['verify'])
  }
  if (key instanceof Uint8Array)
    return crypto.subtle.importKey('spki', key as Uint8Array<ArrayBuffer>, params.import, false, ['verify'])
  return crypto.subtle.importKey('jwk', key as JsonWebKey, params.import, false, ['verify'])
}

interface SignedFile {
  name: string
  hash: string
  algorithm?: string
}

/**
 * Checks a bundle's files against its `.signatures.json`. Throws a
 * BundleVerificationError saying why when the bundle is unsigned, signed by
 * an unknown key or with another algorithm, tampered with (a digest differs),
 * has files the signature does not list, or lacks files it lists.
 */
export async function verifyBundleSignature(
  files: ReadonlyMap<string, Uint8Array>,
  config: BundleVerification,
): Promise<{ keyId: string; scope?: string }> {
  const norm = new Map([...files].map(([name, data]) => [name.replace(/^\/+/, ''), data]))
  const sigFile = norm.get(SIGNATURES)
  if (!sigFile) throw new BundleVerificationError('signature: the bundle is not signed (no .signatures.json)')
  let signatures: unknown
  try {
    signatures = (JSON.parse(decoder.decode(sigFile)) as { signatures?: unknown }).signatures
  } catch {
    throw new BundleVerificationError('signature: .signatures.json is not valid JSON')
  }
  if (!Array.isArray(signatures) || signatures.length !== 1 || typeof signatures[0] !== 'string') {
    throw new BundleVerificationError('signature: .signatures.json must hold exactly one signature')
  }
  const parts = (signatures[0] as string).split('.')
  if (parts.length !== 3) throw new BundleVerificationError('signature: not a compact JWS')
  const [h, p, s] = parts as [string, string, string]
  let header: { alg?: string; kid?: string }
  let payload: { files?: SignedFile[]; keyid?: string; scope?: string }
  try {
    header = JSON.parse(decoder.decode(base64UrlDecode(h)))
    payload = JSON.parse(decoder.decode(base64UrlDecode(p)))
  } catch (err) {
    if (err instanceof BundleVerificationError) throw err
    throw new BundleVerificationError('signature: the JWS header or payload is not valid JSON')
  }
  const ids = Object.keys(config.keys)
  const keyId = config.keyId ?? header.kid ?? payload.keyid ?? (ids.length === 1 ? ids[0] : undefined)
  if (keyId === undefined)
    throw new BundleVerificationError('signature: no key id in the signature and several keys configured')
  // The key id comes from the bundle: own names only (`constructor` is no key).
  const key = ownValue(config.keys, keyId)
  if (!key) throw new BundleVerificationError(`signature: unknown key id '${keyId}'`)
  if (header.alg !== key.algorithm)
    throw new BundleVerificationError(
      `signature: algorithm ${String(header.alg)} does not match key '${keyId}' (${key.algorithm})`,
    )
  const cryptoKey = await importKey(key)
  const ok = await crypto.subtle.verify(
    algorithms[key.algorithm].verify,
    cryptoKey,
    base64UrlDecode(s) as Uint8Array<ArrayBuffer>,
    encoder.encode(`${h}.${p}`),
  )
  if (!ok) throw new BundleVerificationError(`signature: the signature does not verify with key '${keyId}'`)
  if (config.scope !== undefined && payload.scope !== config.scope) {
    throw new BundleVerificationError(`signature: scope '${String(payload.scope)}' does not match '${config.scope}'`)
  }
  if (!Array.isArray(payload.files)) throw new BundleVerificationError('signature: the payload lists no files')
  const listed = new Map(payload.files.map((f) => [String(f.name).replace(/^\/+/, ''), f]))
  for (const [name, data] of norm) {
    if (name === SIGNATURES) continue
    const entry = listed.get(name)
    if (!entry) throw new BundleVerificationError(`signature: ${name} is not covered by the signature`)
    const digest = await fileDigest(name, data, entry.algorithm ?? 'SHA-256')
    if (digest !== String(entry.hash).toLowerCase())
      throw new BundleVerificationError(`signature: digest mismatch for ${name} (the bundle was modified)`)
    listed.delete(name)
  }
  if (listed.size > 0)
    throw new BundleVerificationError(
      `signature: files listed in the signature are missing from the bundle: ${[...listed.keys()].join(', ')}`,
    )
  return { keyId, scope: payload.scope }
}
