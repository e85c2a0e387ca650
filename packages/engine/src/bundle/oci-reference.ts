/**
 * OCI references as registries and `oras` write them:
 * `[oci://]host[:port]/repository[:tag][@sha256:hex]`. The host is always
 * explicit (no Docker Hub default): a bundle source names where it comes from.
 */

/** A parsed reference. Without tag or digest the tag is `latest`. */
export interface OciReference {
  /** `host` or `host:port` (IPv6 in brackets). */
  registry: string
  /** The repository path, e.g. `team/policies`. */
  repository: string
  tag?: string
  /** `sha256:` and 64 hex digits: a pinned manifest. */
  digest?: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^\w[\w.-]{0,127}$/
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/
/** The only digest algorithm accepted: a registry's `sha512:` digest is refused rather than half-checked. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/

/** Parses `text`; throws an Error saying what is wrong with it. */
export function parseOciReference(text: string): OciReference {
  const bad = (why: string) =>
    new Error(`oci: '${text}' is not a valid reference (${why}); expected host[:port]/repository[:tag][@sha256:…]`)
  if (typeof text !== 'string' || text.length > 1024) throw bad('too long')
  const rest = text.startsWith('oci://') ? text.slice('oci://'.length) : text
  const slash = rest.indexOf('/')
  if (slash <= 0) throw bad('no registry host')
  const registry = rest.slice(0, slash)
  if (!HOST.test(registry)) throw bad(`host '${registry}'`)
  let path = rest.slice(slash + 1)
  let digest: string | undefined
  const at = path.indexOf('@')
  if (at >= 0) {
    digest = path.slice(at + 1)
    path = path.slice(0, at)
    if (!SHA256_DIGEST.test(digest)) throw bad(`digest '${digest}': only sha256 with 64 lowercase hex digits`)
  }
  let tag: string | undefined
  const colon = path.lastIndexOf(':')
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1)
    path = path.slice(0, colon)
    if (!TAG.test(tag)) throw bad(`tag '${tag}'`)
  }
  if (path.length === 0 || path.length > 255) throw bad('repository name length')
  for (const component of path.split('/'))
    if (!PATH_COMPONENT.test(component)) throw bad(`repository component '${component}'`)
  if (tag === undefined && digest === undefined) tag = 'latest'
  return { registry, repository: path, tag, digest }
}

/** The manifest reference the registry API takes: the digest when pinned, else the tag. */
export function manifestReference(ref: OciReference): string {
  return ref.digest ?? ref.tag ?? 'latest'
}

/** The reference as text, for messages. */
export function formatOciReference(ref: OciReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`
}

/** Whether `registry` (host[:port]) is this machine, where plain HTTP is allowed by default. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').toLowerCase()
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host)
}
