/**
 * A small client of the OCI distribution API, enough to resolve a manifest
 * and fetch (or push) a policy bundle: fetch-based, so it runs on every
 * runtime. Everything the registry sends is bounded (manifest and blob sizes)
 * and checked (the blob's SHA-256 against the manifest's digest, a pinned
 * manifest against its digest) before a byte reaches the engine.
 */
import {
  basicAuthorization,
  fetchBearerToken,
  parseChallenge,
  RegistryAuthError,
  type RegistryCredentials,
} from './oci-auth.js'
import {
  bundleLayer,
  MANIFEST_ACCEPT,
  parseManifest,
  sha256Digest,
  type OciDescriptor,
  type OciManifest,
} from './oci-manifest.js'
import {
  formatOciReference,
  isLoopbackRegistry,
  manifestReference,
  parseOciReference,
  type OciReference,
} from './oci-reference.js'
import { DEFAULT_MAX_BUNDLE_BYTES } from './read-bundle.js'
import { readStream, TooLargeError } from './read-stream.js'

/** Options of the OCI client, the engine's OCI source and `cordon push`/`pull`. */
export interface OciClientOptions {
  credentials?: RegistryCredentials
  /**
   * Speak plain HTTP to the registry and its token server. Default: only for
   * a loopback registry (localhost, 127.x, [::1]); set it to true for another
   * host only on a network you trust (a bundle's signature still holds).
   */
  plainHttp?: boolean
  /** The largest manifest read, in bytes (default 4 MiB, distribution's own limit). */
  maxManifestBytes?: number
  /** The largest blob read, in bytes (default 32 MiB, the engine's bundle limit). */
  maxBlobBytes?: number
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
}

/** 4 MiB: the largest manifest read by default. */
export const DEFAULT_MAX_MANIFEST_BYTES = 4_194_304

/** A registry error that is not about authentication (not found, bad digest, too large, HTTP 5xx). */
export class RegistryError extends Error {
  override name = 'RegistryError'
}

/** A manifest as fetched: its digest (computed from its bytes), the bytes and their parse. */
export interface FetchedManifest {
  digest: string
  bytes: Uint8Array
  manifest: OciManifest
}

type Scope = 'pull' | 'pull,push'

/** One registry and one repository, with the authorization learnt from its challenges. */
export class RegistrySession {
  /** The repository's reference. */
  readonly ref: OciReference
  /** `https://host[:port]`, or `http://` for a loopback registry or with `plainHttp`. */
  readonly base: string
  private readonly doFetch: typeof fetch
  /** The Authorization value per scope, learnt from a 401 or given as a token. */
  private readonly authorization = new Map<Scope, string>()

  constructor(
    reference: string | OciReference,
    readonly options: OciClientOptions = {},
  ) {
    this.ref = typeof reference === 'string' ? parseOciReference(reference) : reference
    const plain = options.plainHttp ?? isLoopbackRegistry(this.ref.registry)
    this.base = `${plain ? 'http' : 'https'}://${this.ref.registry}`
    this.doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
    const c = options.credentials
    if (c && 'token' in c)
      for (const s of ['pull', 'pull,push'] as const) this.authorization.set(s, `Bearer ${c.token}`)
  }

  /** The reference as text, for messages. */
  get where(): string {
    return formatOciReference(this.ref)
  }

  /** A URL under `/v2/<repository>/`. */
  url(path: string): string {
    return `${this.base}/v2/${this.ref.repository}/${path}`
  }

  /** Refuses plain HTTP to anything but the registry's own scheme rule. */
  checkUrl = (url: URL, what: string): void => {
    if (url.protocol === 'https:') return
    if (url.protocol === 'http:' && (this.options.plainHttp ?? isLoopbackRegistry(url.host))) return
    throw new RegistryAuthError(
      `oci: refusing the ${what} ${url.origin}: plain HTTP is allowed only to a loopback host unless plainHttp is set`,
    )
  }

  /**
   * A request with this repository's authorization for `scope`; on a 401 the
   * challenge is answered once (basic or token) and the request sent again.
   * A second 401 (or a 403) is a RegistryAuthError naming the scope.
   */
  async request(
    url: string,
    init: RequestInit & { headers?: Record<string, string> },
    scope: Scope,
  ): Promise<Response> {
    const send = () => {
      const headers: Record<string, string> = { ...init.headers }
      const auth = this.authorization.get(scope)
      // Credentials go only to the registry's origin (an upload Location may name another host).
      if (auth && new URL(url).origin === this.base) headers.authorization = auth
      return this.doFetch(url, { ...init, headers })
    }
    let res = await send()
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'))
      await discard(res)
      if (!challenge)
        throw new RegistryAuthError(`oci: ${this.ref.registry} answered 401 without a Basic or Bearer challenge`)
      const c = this.options.credentials
      const tokenScope = `repository:${this.ref.repository}:${scope}`
      // A token given is the whole login: refused, it is not swapped for an anonymous one.
      if (c && 'token' in c)
        throw new RegistryAuthError(`oci: ${this.ref.registry} refused the token given for ${tokenScope} (HTTP 401)`)
      if (challenge.scheme === 'basic') {
        if (!c || !('username' in c))
          throw new RegistryAuthError(
            `oci: ${this.ref.registry} needs a username and password (basic auth) for ${tokenScope}`,
          )
        this.authorization.set(scope, basicAuthorization(c))
      } else {
        this.authorization.set(
          scope,
          await fetchBearerToken({
            challenge,
            scope: tokenScope,
            credentials: c,
            checkUrl: this.checkUrl,
            fetch: this.doFetch,
            signal: init.signal ?? undefined,
          }),
        )
      }
      res = await send()
    }
    if (res.status === 401 || res.status === 403) {
      await discard(res)
      const who = this.options.credentials ? 'the credentials given' : 'an anonymous client'
      throw new RegistryAuthError(
        `oci: ${this.ref.registry} refused ${who} for repository:${this.ref.repository}:${scope} (HTTP ${res.status})`,
      )
    }
    return res
  }

  /** The manifest's digest from a HEAD (no body), or undefined when the registry does not say. */
  async headManifest(signal?: AbortSignal): Promise<string | undefined> {
    const res = await this.request(
      this.url(`manifests/${manifestReference(this.ref)}`),
      { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT }, signal },
      'pull',
    )
    await discard(res)
    if (!res.ok) throw new RegistryError(`oci: HTTP ${res.status} for the manifest of ${this.where}`)
    const digest = res.headers.get('docker-content-digest') ?? undefined
    return digest && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined
  }

  /** Fetches and checks the manifest (size, JSON, the pinned digest when the reference has one). */
  async getManifest(signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.request(
      this.url(`manifests/${manifestReference(this.ref)}`),
      { headers: { accept: MANIFEST_ACCEPT }, signal },
      'pull',
    )
    if (!res.ok) {
      await discard(res)
      throw new RegistryError(
        `oci: HTTP ${res.status} for the manifest of ${this.where}${res.status === 404 ? ' (no such tag or repository)' : ''}`,
      )
    }
    const bytes = await readLimited(
      res,
      this.options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES,
      `the manifest of ${this.where}`,
    )
    const digest = await sha256Digest(bytes)
    if (this.ref.digest !== undefined && digest !== this.ref.digest)
      throw new RegistryError(`oci: the manifest of ${this.where} has digest ${digest}, not the one pinned`)
    return { digest, bytes, manifest: parseManifest(bytes, this.where) }
  }

  /** Fetches a blob and checks its size and SHA-256 against the descriptor; a mismatch is an error, never data. */
  async getBlob(desc: OciDescriptor, signal?: AbortSignal): Promise<Uint8Array> {
    const max = this.options.maxBlobBytes ?? DEFAULT_MAX_BUNDLE_BYTES
    if (desc.size > max)
      throw new TooLargeError(
        `oci: the layer ${desc.digest} of ${this.where} is ${desc.size} bytes, more than the limit of ${max}`,
      )
    const res = await this.request(this.url(`blobs/${desc.digest}`), { signal }, 'pull')
    if (!res.ok) {
      await discard(res)
      throw new RegistryError(`oci: HTTP ${res.status} for the blob ${desc.digest} of ${this.where}`)
    }
    // The descriptor's size bounds the read: a registry sending more is cut off at once.
    const bytes = await readLimited(
      res,
      desc.size,
      `the blob ${desc.digest} of ${this.where} (the manifest says ${desc.size} bytes)`,
    )
    const digest = await sha256Digest(bytes)
    if (bytes.length !== desc.size || digest !== desc.digest) {
      throw new RegistryError(
        `oci: the blob of ${this.where} does not match its manifest: expected ${desc.digest} (${desc.size} bytes), got ${digest} (${bytes.length} bytes)`,
      )
    }
    return bytes
  }
}

/** A bundle pulled from a registry: its bytes (digest checked) and where they came from. */
export interface PulledBundle {
  bytes: Uint8Array
  /** The manifest's digest: pin it with `repository@digest`. */
  manifestDigest: string
  layer: OciDescriptor
}

/** Resolves `reference`, fetches its manifest and the bundle layer, and checks the layer's digest. */
export async function pullOciBundle(
  reference: string | OciReference,
  options: OciClientOptions = {},
  signal?: AbortSignal,
): Promise<PulledBundle> {
  const session = new RegistrySession(reference, options)
  return pullWith(session, await session.getManifest(signal), signal)
}

/** The bundle layer of a fetched manifest, digest-checked. */
export async function pullWith(
  session: RegistrySession,
  fetched: FetchedManifest,
  signal?: AbortSignal,
): Promise<PulledBundle> {
  const layer = bundleLayer(fetched.manifest, session.where)
  return { bytes: await session.getBlob(layer, signal), manifestDigest: fetched.digest, layer }
}

/** Reads a response body within `max` bytes (the Content-Length is checked first). */
export async function readLimited(res: Response, max: number, what: string): Promise<Uint8Array> {
  const message = `oci: ${what} is larger than the limit of ${max} bytes`
  if (Number(res.headers.get('content-length') ?? NaN) > max) {
    await res.body?.cancel().catch(() => {})
    throw new TooLargeError(message)
  }
  return res.body ? readStream(res.body, max, message) : new Uint8Array(await res.arrayBuffer())
}

/** Drops a body that is not read (so the connection is freed). */
export async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => {})
}
