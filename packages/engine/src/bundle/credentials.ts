/**
 * Credentials of a bundle service, as OPA's `services[_].credentials` names
 * them: a bearer token, or AWS SigV4 signing for S3 and S3-compatible stores.
 * Each value may be a function, read before every request, so rotated tokens
 * and temporary AWS credentials are picked up without a restart.
 */
import { signAwsRequest, type AwsSigningCredentials } from './sigv4.js'

type Fresh<T> = T | (() => T | Promise<T>)

/** How the poller authenticates (give one). */
export interface ServiceCredentials {
  /** OPA's `credentials.bearer`: `Authorization: <scheme> <token>` (scheme default `Bearer`). */
  bearer?: { token: Fresh<string>; scheme?: string }
  /** OPA's `credentials.s3_signing`: each request signed with AWS SigV4. */
  s3?: Fresh<AwsSigningCredentials>
}

const fresh = async <T>(v: Fresh<T>): Promise<T> => (typeof v === 'function' ? await (v as () => T | Promise<T>)() : v)

/** The headers that authenticate a GET of `url` (none without credentials). */
export async function authHeaders(
  url: string,
  credentials: ServiceCredentials | undefined,
): Promise<Record<string, string>> {
  if (!credentials) return {}
  if (credentials.bearer && credentials.s3) throw new TypeError('credentials: give bearer or s3, not both')
  if (credentials.bearer) {
    const token = await fresh(credentials.bearer.token)
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token))
      throw new TypeError('credentials: the bearer token must be a non-empty string on one line')
    return { authorization: `${credentials.bearer.scheme ?? 'Bearer'} ${token}` }
  }
  if (credentials.s3) return signAwsRequest({ method: 'GET', url }, await fresh(credentials.s3))
  return {}
}
