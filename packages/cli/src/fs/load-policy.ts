import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { mergeData } from '@cordon/engine'
import type { SourceFile } from '@cordon/rego'
import YAML from 'yaml'
import { UsageError } from '../usage-error.js'
import type { IgnoreName } from './ignore-globs.js'
import { applyManifestRegoVersions } from './manifest-rego-versions.js'

/** Rego sources and the merged data document found under some paths. */
export interface PolicyFiles {
  sources: SourceFile[]
  data: Record<string, unknown>
  /** The data files read, in merge order. */
  dataFiles: string[]
}

/**
 * Loads policies and data the way OPA's loader does for bundles: every
 * `*.rego` file below the paths; every `data.json` / `data.yaml` below a
 * folder merged under that folder's path relative to the given root; a JSON
 * or YAML file named directly merged at the root. Throws UsageError naming the
 * file for unreadable data or conflicting values. Below a folder, names that
 * `ignore` matches are skipped (`--ignore`). A folder's `.manifest` sets its
 * files' Rego version (`rego_version`, `file_rego_versions`).
 */
export function loadPolicyFiles(paths: readonly string[], ignore?: IgnoreName): PolicyFiles {
  const out: PolicyFiles = { sources: [], data: {}, dataFiles: [] }
  for (const p of paths) {
    let stat
    try {
      stat = statSync(p)
    } catch {
      throw new UsageError(`${p}: no such file or directory`)
    }
    if (stat.isDirectory()) walk(p, p, out, ignore)
    else addFile(p, [], out, true)
  }
  out.sources.sort((a, b) => (a.file < b.file ? -1 : 1))
  applyManifestRegoVersions(paths, out.sources)
  return out
}

function walk(root: string, dir: string, out: PolicyFiles, ignore: IgnoreName | undefined): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || ignore?.(entry.name)) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(root, full, out, ignore)
    else addFile(full, path.relative(root, dir).split(path.sep).filter(Boolean), out, false)
  }
}

function addFile(file: string, folder: string[], out: PolicyFiles, named: boolean): void {
  const base = path.basename(file)
  if (file.endsWith('.rego')) {
    out.sources.push({ file, text: readFileSync(file, 'utf8') })
    return
  }
  const isDataName = base === 'data.json' || base === 'data.yaml' || base === 'data.yml'
  const isDataExt = /\.(json|ya?ml)$/.test(base)
  if (!(isDataName || (named && isDataExt))) return
  mergeInto(out.data, folder, readData(file), file)
  out.dataFiles.push(file)
}

/** Reads a JSON or YAML data file. Big integers stay exact in YAML; JSON numbers follow JSON.parse. */
function readData(file: string): unknown {
  const text = readFileSync(file, 'utf8')
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text)
  } catch (err) {
    throw new UsageError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
}

function mergeInto(target: Record<string, unknown>, folder: string[], value: unknown, file: string): void {
  try {
    mergeData(target, folder, value, file)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
