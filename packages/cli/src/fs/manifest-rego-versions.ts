/**
 * A bundle directory's `.manifest` names the Rego version of its files, as
 * OPA's bundle loader reads it: `rego_version` (0 or 1) for every file, and
 * `file_rego_versions` (bundle-root paths such as `/legacy/*.rego`, glob `*`
 * and `?`) for single files, which win. The manifest also wins over
 * `--v0-compatible`, which is only the default for files it does not cover.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { RegoVersion, SourceFile } from '@cordon/rego'
import { UsageError } from '../usage-error.js'

export interface ManifestVersions {
  all?: RegoVersion
  /** In the manifest's order; an exact path is tried before the patterns. */
  files: { pattern: string; match: RegExp; version: RegoVersion }[]
}

/** Sets `regoVersion` on the sources below each directory root that has a `.manifest` naming versions. */
export function applyManifestRegoVersions(roots: readonly string[], sources: SourceFile[]): void {
  for (const root of roots) {
    const file = path.join(root, '.manifest')
    if (!isDirectory(root) || !existsSync(file)) continue
    const versions = readManifestVersions(file)
    if (versions.all === undefined && versions.files.length === 0) continue
    for (const s of sources) {
      const rel = path.relative(root, s.file)
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue
      const version = versionFor(versions, '/' + rel.split(path.sep).join('/'))
      if (version !== undefined) s.regoVersion = version
    }
  }
}

/** The version of the file at `bundlePath` (`/dir/x.rego`), or undefined where the manifest names none. */
export function versionFor(v: ManifestVersions, bundlePath: string): RegoVersion | undefined {
  const exact = v.files.find((f) => f.pattern === bundlePath)
  return (exact ?? v.files.find((f) => f.match.test(bundlePath)))?.version ?? v.all
}

function readManifestVersions(file: string): ManifestVersions {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON: ${(err as Error).message}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`${file}: the manifest must be a JSON object`)
  return manifestVersions(doc as Record<string, unknown>, file)
}

/** The versions a parsed manifest names; `where` names it in errors. */
export function manifestVersions(manifest: Record<string, unknown>, where: string): ManifestVersions {
  const { rego_version: all, file_rego_versions: files } = manifest
  const out: ManifestVersions = { files: [] }
  if (all !== undefined) out.all = toVersion(all, `${where}: "rego_version"`)
  if (files === undefined) return out
  if (files === null || typeof files !== 'object' || Array.isArray(files))
    throw new UsageError(`${where}: "file_rego_versions" must be an object of paths to 0 or 1`)
  for (const [pattern, version] of Object.entries(files)) {
    const key = pattern.startsWith('/') ? pattern : '/' + pattern
    out.files.push({
      pattern: key,
      match: globRegExp(key),
      version: toVersion(version, `${where}: "file_rego_versions" "${pattern}"`),
    })
  }
  return out
}

function toVersion(v: unknown, what: string): RegoVersion {
  if (v === 0) return 'v0'
  if (v === 1) return 'v1'
  throw new UsageError(`${what} must be 0 or 1, not ${JSON.stringify(v)}`)
}

/** A glob as OPA's manifest matcher reads it: `*` any run of characters, `?` one character. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}
