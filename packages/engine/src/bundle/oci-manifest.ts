/**
 * The OCI image manifest of a policy bundle, in the layout OPA's OCI
 * downloader reads and `oras push` writes: a config blob of type
 * `application/vnd.oci.image.config.v1+json` and the bundle as a layer of type
 * `application/vnd.oci.image.layer.v1.tar+gzip` (OPA takes the first layer of
 * that type). Docker's v2 schema 2 manifest has the same shape and is read too.
 */
import { SHA256_DIGEST } from './oci-reference.js'
import { sha256Hex } from './hex.js'

/** An OCI image manifest: what `cordon push` writes and the poller asks for first. */
export const OCI_MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json'
/** Docker's image manifest v2 schema 2: read too (same shape). */
export const DOCKER_MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json'
/** The config blob's type in OPA's layout (the blob is `{}`). */
export const OCI_CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json'
/** The bundle layer's type: OPA's OCI downloader takes the first layer of this type. */
export const BUNDLE_LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip'
/** A gzipped tar layer of a Docker v2 manifest: accepted after the OCI type. */
const DOCKER_LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
/** The manifest types asked for, in the order preferred. */
// Literals, not expressions, here and for the byte limits: a bundler keeps a computed top-level value it cannot prove pure, in apps that never use OCI.
export const MANIFEST_ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

/** Where a blob is, what it is and how big. */
export interface OciDescriptor {
  mediaType: string
  digest: string
  size: number
  annotations?: Record<string, string>
}

/** An image manifest as far as a bundle needs it: one config and the layers. */
export interface OciManifest {
  schemaVersion: 2
  mediaType?: string
  config: OciDescriptor
  layers: OciDescriptor[]
  annotations?: Record<string, string>
}

/** Reads a manifest a registry sent; throws an Error naming what is missing or malformed. */
export function parseManifest(bytes: Uint8Array, where: string): OciManifest {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw new Error(`oci: the manifest of ${where} is not JSON: ${(err as Error).message}`, { cause: err })
  }
  const m = value as Partial<OciManifest> & { manifests?: unknown }
  if (typeof m !== 'object' || m === null) throw new Error(`oci: the manifest of ${where} is not an object`)
  if (Array.isArray(m.manifests))
    throw new Error(`oci: ${where} is an image index (a list of manifests), not a bundle's image manifest`)
  if (m.schemaVersion !== 2)
    throw new Error(`oci: the manifest of ${where} has schemaVersion ${JSON.stringify(m.schemaVersion)}, not 2`)
  if (m.mediaType !== undefined && m.mediaType !== OCI_MANIFEST_TYPE && m.mediaType !== DOCKER_MANIFEST_TYPE) {
    throw new Error(`oci: the manifest of ${where} has media type ${JSON.stringify(m.mediaType)}`)
  }
  if (!Array.isArray(m.layers)) throw new Error(`oci: the manifest of ${where} has no layers`)
  return {
    ...m,
    schemaVersion: 2,
    config: checkDescriptor(m.config, `${where} config`),
    layers: m.layers.map((l, i) => checkDescriptor(l, `${where} layer ${i}`)),
  } as OciManifest
}

function checkDescriptor(d: unknown, where: string): OciDescriptor {
  const desc = d as Partial<OciDescriptor>
  if (typeof desc !== 'object' || desc === null) throw new Error(`oci: ${where}: not a descriptor`)
  if (typeof desc.mediaType !== 'string') throw new Error(`oci: ${where}: no mediaType`)
  if (typeof desc.digest !== 'string' || !SHA256_DIGEST.test(desc.digest))
    throw new Error(`oci: ${where}: digest ${JSON.stringify(desc.digest)} is not sha256:<64 hex>`)
  if (!Number.isSafeInteger(desc.size) || (desc.size as number) < 0)
    throw new Error(`oci: ${where}: size ${JSON.stringify(desc.size)} is not a byte count`)
  return desc as OciDescriptor
}

/** The layer that holds the bundle: the first of OPA's type, else the first Docker gzipped layer. */
export function bundleLayer(manifest: OciManifest, where: string): OciDescriptor {
  const layer =
    manifest.layers.find((l) => l.mediaType === BUNDLE_LAYER_TYPE) ??
    manifest.layers.find((l) => l.mediaType === DOCKER_LAYER_TYPE)
  if (!layer) {
    const types = manifest.layers.map((l) => l.mediaType).join(', ') || 'none'
    throw new Error(`oci: ${where} has no layer of type ${BUNDLE_LAYER_TYPE} (layers: ${types})`)
  }
  return layer
}

/** The manifest `cordon push` writes for one bundle layer. */
export function bundleManifest(config: OciDescriptor, layer: OciDescriptor): OciManifest {
  return { schemaVersion: 2, mediaType: OCI_MANIFEST_TYPE, config, layers: [layer] }
}

/** `sha256:` and the lowercase hex SHA-256 of `bytes` (WebCrypto). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  return `sha256:${await sha256Hex(bytes)}`
}
