/**
 * Pushes a bundle to a registry in the layout OPA's OCI downloader reads: an
 * empty JSON config (`{}`, as `oras push` writes) and the bundle as one
 * `tar+gzip` layer, under a tag. The manifest carries no timestamp, so the
 * same bundle always has the same manifest digest.
 */
import {
  BUNDLE_LAYER_TYPE,
  bundleManifest,
  OCI_CONFIG_TYPE,
  OCI_MANIFEST_TYPE,
  sha256Digest,
  type OciDescriptor,
} from './oci-manifest.js'
import { discard, readLimited, RegistryError, RegistrySession, type OciClientOptions } from './oci-client.js'
import type { OciReference } from './oci-reference.js'

/** What a push wrote. */
export interface PushedBundle {
  /** The manifest's digest (pull `repository@digest` to pin exactly these bytes). */
  manifestDigest: string
  layer: OciDescriptor
}

/** Uploads the bundle and its config (unless the registry has them) and tags the manifest. */
export async function pushOciBundle(
  reference: string | OciReference,
  bundle: Uint8Array,
  options: OciClientOptions = {},
  signal?: AbortSignal,
): Promise<PushedBundle> {
  const session = new RegistrySession(reference, options)
  if (session.ref.digest !== undefined)
    throw new RegistryError(`oci: push needs a tag, not a digest (${session.where})`)
  const configBytes = new TextEncoder().encode('{}')
  const config: OciDescriptor = {
    mediaType: OCI_CONFIG_TYPE,
    digest: await sha256Digest(configBytes),
    size: configBytes.length,
  }
  const layer: OciDescriptor = {
    mediaType: BUNDLE_LAYER_TYPE,
    digest: await sha256Digest(bundle),
    size: bundle.length,
    annotations: { 'org.opencontainers.image.title': 'bundle.tar.gz' },
  }
  await uploadBlob(session, config, configBytes, signal)
  await uploadBlob(session, layer, bundle, signal)
  const manifestBytes = new TextEncoder().encode(JSON.stringify(bundleManifest(config, layer)))
  const manifestDigest = await sha256Digest(manifestBytes)
  const res = await session.request(
    session.url(`manifests/${session.ref.tag}`),
    {
      method: 'PUT',
      headers: { 'content-type': OCI_MANIFEST_TYPE },
      body: manifestBytes as Uint8Array<ArrayBuffer>,
      signal,
    },
    'pull,push',
  )
  if (res.status !== 201 && res.status !== 200)
    throw new RegistryError(
      `oci: ${session.ref.registry} refused the manifest of ${session.where}: HTTP ${res.status} ${await errorText(res)}`,
    )
  await discard(res)
  const echoed = res.headers.get('docker-content-digest')
  if (echoed && echoed !== manifestDigest)
    throw new RegistryError(`oci: ${session.ref.registry} stored the manifest as ${echoed}, not ${manifestDigest}`)
  return { manifestDigest, layer }
}

/** A monolithic upload (POST for a session, PUT with the digest), skipped when the blob is already there. */
async function uploadBlob(
  session: RegistrySession,
  desc: OciDescriptor,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const head = await session.request(session.url(`blobs/${desc.digest}`), { method: 'HEAD', signal }, 'pull,push')
  await discard(head)
  if (head.ok) return
  const start = await session.request(
    session.url('blobs/uploads/'),
    { method: 'POST', headers: { 'content-length': '0' }, signal },
    'pull,push',
  )
  const location = start.headers.get('location')
  if (start.status !== 202 || !location)
    throw new RegistryError(
      `oci: ${session.ref.registry} did not open an upload: HTTP ${start.status} ${await errorText(start)}`,
    )
  await discard(start)
  const url = new URL(location, session.base)
  session.checkUrl(url, 'upload location')
  url.searchParams.set('digest', desc.digest)
  const put = await session.request(
    url.href,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
      signal,
    },
    'pull,push',
  )
  if (put.status !== 201)
    throw new RegistryError(
      `oci: ${session.ref.registry} refused the blob ${desc.digest}: HTTP ${put.status} ${await errorText(put)}`,
    )
  await discard(put)
}

/** The first error of a registry's JSON error body, or nothing (a body past 4 KiB is not read). */
async function errorText(res: Response): Promise<string> {
  try {
    const text = new TextDecoder().decode(await readLimited(res, 4096, 'an error body'))
    const first = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors?.[0]
    return first ? `(${first.code ?? ''}: ${first.message ?? ''})` : ''
  } catch {
    return ''
  }
}
