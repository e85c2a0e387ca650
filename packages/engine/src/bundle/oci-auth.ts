/**
 * Registry authentication as Docker's distribution and OCI registries do it:
 * a 401 names a scheme in `WWW-Authenticate`. `Basic` takes the credentials
 * directly; `Bearer realm=…,service=…,scope=…` sends the client to a token
 * server (anonymously, or with the credentials as basic auth) for a token it
 * then presents. Uses only fetch and btoa.
 */
import { readStream } from './read-stream.js'

/** Credentials for a registry: a user and password (or access token used as one), or a ready bearer token. */
export type RegistryCredentials = { username: string; password: string } | { token: string }

/** One parsed `WWW-Authenticate` challenge. */
export interface AuthChallenge {
  scheme: 'basic' | 'bearer'
  params: Record<string, string>
}

/** A registry or its token server refused the request, or asked for what the client cannot give. */
export class RegistryAuthError extends Error {
  override name = 'RegistryAuthError'
}

/** The largest token response read, 64 KiB (a hostile token server cannot exhaust memory). */
const MAX_TOKEN_RESPONSE_BYTES = 65_536

/**
 * The first Basic or Bearer challenge of a `WWW-Authenticate` header, or
 * undefined. Parameters are `key=value` or `key="quoted, with \" escapes"`.
 */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  if (!header) return undefined
  const m = /^\s*(basic|bearer)\b\s*/i.exec(header)
  if (!m) return undefined
  const params: Record<string, string> = {}
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y
  re.lastIndex = m[0].length
  for (let p = re.exec(header); p; p = re.exec(header)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!
    if (re.lastIndex >= header.length) break
  }
  return { scheme: m[1]!.toLowerCase() as 'basic' | 'bearer', params }
}

/** `Basic base64(user:password)`; the credentials as UTF-8. */
export function basicAuthorization(c: { username: string; password: string }): string {
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`)
  return `Basic ${btoa(String.fromCharCode(...bytes))}`
}

export interface TokenRequest {
  challenge: AuthChallenge
  /** The scope asked for when the challenge names none (e.g. `repository:team/policies:pull`). */
  scope: string
  credentials?: RegistryCredentials
  /** Checks the realm's URL (scheme rules) before anything is sent to it. */
  checkUrl: (url: URL, what: string) => void
  fetch: typeof fetch
  signal?: AbortSignal
}

/** Asks the challenge's token server for a token and returns the `Authorization` value that presents it. */
export async function fetchBearerToken(req: TokenRequest): Promise<string> {
  const { realm, service } = req.challenge.params
  if (!realm) throw new RegistryAuthError('oci: the registry asked for a bearer token but named no realm')
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    throw new RegistryAuthError(`oci: the token realm ${JSON.stringify(realm)} is not a URL`)
  }
  req.checkUrl(url, 'token server')
  if (service) url.searchParams.set('service', service)
  // The scope asked for, not the challenge's: a push needs pull,push where the 401 of a HEAD named pull.
  url.searchParams.set('scope', req.scope)
  const headers: Record<string, string> = { accept: 'application/json' }
  const c = req.credentials
  if (c && 'username' in c) headers.authorization = basicAuthorization(c)
  const res = await req.fetch(url, { headers, signal: req.signal, redirect: 'error' })
  const body = res.body
    ? await readStream(res.body, MAX_TOKEN_RESPONSE_BYTES, 'oci: the token response is too large')
    : new Uint8Array()
  if (res.status === 401 || res.status === 403) {
    throw new RegistryAuthError(
      `oci: the token server ${url.origin} refused ${c ? `the credentials of '${'username' in c ? c.username : 'the token'}'` : 'an anonymous request'} for ${req.scope} (HTTP ${res.status})`,
    )
  }
  if (!res.ok)
    throw new RegistryAuthError(`oci: the token server ${url.origin} answered HTTP ${res.status} for ${req.scope}`)
  let token: unknown
  try {
    const json = JSON.parse(new TextDecoder().decode(body)) as { token?: unknown; access_token?: unknown }
    token = json.token ?? json.access_token
  } catch {
    throw new RegistryAuthError(`oci: the token server ${url.origin} did not answer JSON`)
  }
  if (typeof token !== 'string' || token.length === 0 || !/^[\x21-\x7e]+$/.test(token))
    throw new RegistryAuthError(`oci: the token server ${url.origin} gave no usable token`)
  return `Bearer ${token}`
}
