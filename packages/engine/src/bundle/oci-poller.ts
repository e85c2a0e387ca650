/**
 * The engine's OCI bundle source: `oci://host/repository:tag` (or
 * `@sha256:…`) polled by manifest digest. It is the HTTP poller with a fetch
 * that speaks the registry API, so scheduling, backoff, size limits and the
 * verify-and-swap path are the poller's own: the manifest digest plays the
 * ETag (a HEAD answers "unchanged" without a download), and only a blob whose
 * SHA-256 matches the manifest is handed to `engine.load`.
 */
import { createBundlePoller, type BundlePoller, type BundlePollerOptions } from '../bundle-poller.js'
import { pullWith, RegistrySession, type OciClientOptions } from './oci-client.js'

/**
 * Options of {@link createOciBundlePoller}: the poller's, with a reference
 * instead of a URL and the registry's login instead of a bundle service's
 * (a registry does not hold long polls).
 */
export interface OciBundlePollerOptions
  extends
    Omit<BundlePollerOptions, 'url' | 'fetch' | 'headers' | 'credentials' | 'longPollingTimeoutMs'>,
    Omit<OciClientOptions, 'maxBlobBytes'> {
  /** `oci://host[:port]/repository[:tag]` or `…@sha256:<hex>` (the tag defaults to `latest`). */
  ref: string
}

/**
 * Starts polling a registry. Each poll sends a HEAD for the manifest; when its
 * digest is the one last loaded nothing more is fetched. Otherwise the
 * manifest and the bundle layer are fetched, the layer's SHA-256 checked
 * against the manifest, and the bytes loaded (a bundle's own signature is
 * still checked by the engine when it is configured to). Any failure leaves
 * the live bundle in place and backs off.
 *
 * @example
 * ```ts
 * const poller = createOciBundlePoller({ engine, ref: 'oci://ghcr.io/acme/policies:prod', credentials: { username, password }, intervalMs: 10_000 })
 * await poller.ready
 * ```
 */
export function createOciBundlePoller(options: OciBundlePollerOptions): BundlePoller {
  const { ref, credentials, plainHttp, maxManifestBytes, fetch: baseFetch, ...pollerOptions } = options
  const session = new RegistrySession(ref, {
    credentials,
    plainHttp,
    maxManifestBytes,
    maxBlobBytes: options.maxBytes,
    fetch: baseFetch,
  })
  const registryFetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? undefined
    const known = new Headers(init?.headers).get('if-none-match') ?? undefined
    if (known !== undefined && (await session.headManifest(signal)) === known)
      return new Response(null, { status: 304 })
    const fetched = await session.getManifest(signal)
    if (fetched.digest === known) return new Response(null, { status: 304 })
    const { bytes } = await pullWith(session, fetched, signal)
    return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { etag: fetched.digest } })
  }
  return createBundlePoller({ ...pollerOptions, url: session.where, fetch: registryFetch as typeof fetch })
}
