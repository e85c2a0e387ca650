/**
 * The status of a bundle's signature for `cordon inspect`: what the JWS says
 * (algorithm, key id, files), read without trusting it, and, given keys, the
 * engine's verifier's verdict.
 */
import { BundleVerificationError, verifyBundleSignature, type BundleVerification } from '@cordon/engine'
import { base64UrlJson } from './jws-parts.js'
import { filesAsSigned, SIGNATURES_FILE, type BundleOnDisk } from '../signing/bundle-path.js'

const decoder = new TextDecoder()

export interface SignatureStatus {
  status: 'absent' | 'present' | 'verified' | 'invalid'
  /** Why a signature is invalid: the engine's verifier's words. */
  reason?: string
  algorithm?: string
  key_id?: string
  /** Files the signature lists. */
  files?: number
}

export async function signatureStatus(
  bundle: BundleOnDisk,
  verification: BundleVerification | undefined,
): Promise<SignatureStatus> {
  const file = bundle.files.get(SIGNATURES_FILE)
  if (!file) return { status: 'absent' }
  const seen: SignatureStatus = { status: 'present' }
  try {
    const token = (JSON.parse(decoder.decode(file)) as { signatures?: unknown[] }).signatures?.[0]
    const [h, p] = typeof token === 'string' ? token.split('.') : []
    const header = base64UrlJson(h)
    const payload = base64UrlJson(p)
    if (typeof header?.alg === 'string') seen.algorithm = header.alg
    const kid = header?.kid ?? payload?.keyid
    if (typeof kid === 'string') seen.key_id = kid
    if (Array.isArray(payload?.files)) seen.files = payload.files.length
  } catch {
    // Unreadable: the verifier, when asked, says why.
  }
  if (!verification) return seen
  try {
    const { keyId } = await verifyBundleSignature(filesAsSigned(bundle), verification)
    return { ...seen, status: 'verified', key_id: keyId }
  } catch (err) {
    if (!(err instanceof BundleVerificationError)) throw err
    return { ...seen, status: 'invalid', reason: err.message.replace(/^signature: /, '') }
  }
}
