/**
 * The checks OPA makes of a bundle's `.manifest` before activating it
 * (bundle.go `validateAndInjectDefaults`): the fields' types, roots that do
 * not overlap and that permit every data path and Wasm entrypoint, and every
 * module the manifest lists present in the bundle.
 */
import type { Manifest } from './read-bundle.js'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export const segments = (path: string): string[] =>
  path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '')

/** Whether `root` contains `path`, segment by segment (OPA's RootPathsContain; the root '' contains everything). */
export function rootContains(root: string, path: string[]): boolean {
  const r = segments(root)
  return r.length <= path.length && r.every((s, i) => s === path[i])
}

/** Throws an Error naming what is wrong; `files` are the bundle's files by path without the leading `/`. */
export function checkManifest(
  value: unknown,
  data: Record<string, unknown>,
  files: ReadonlyMap<string, Uint8Array>,
): Manifest {
  if (!isObject(value)) throw new Error('bundle: .manifest must hold an object')
  const m = value as Manifest
  if (m.revision !== undefined && typeof m.revision !== 'string')
    throw new Error(`bundle: .manifest: revision must be a string, not ${JSON.stringify(m.revision)}`)
  const roots = m.roots ?? ['']
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string'))
    throw new Error('bundle: .manifest: roots must be a list of strings')
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      if (rootContains(roots[i]!, segments(roots[j]!)) || rootContains(roots[j]!, segments(roots[i]!)))
        throw new Error(`bundle: .manifest has overlapped roots: '${roots[i]}' and '${roots[j]}'`)
    }
  }
  const wasm = m.wasm ?? []
  if (
    !Array.isArray(wasm) ||
    !wasm.every((w) => isObject(w) && typeof w.entrypoint === 'string' && typeof w.module === 'string')
  ) {
    throw new Error('bundle: .manifest: wasm must be a list of { entrypoint, module } strings')
  }
  for (const w of wasm) {
    if (!files.has(w.module.replace(/^\/+/, '')))
      throw new Error(`bundle: .manifest lists ${w.module}, which is not in the bundle (truncated?)`)
    if (!roots.some((r) => rootContains(r, segments(w.entrypoint))))
      throw new Error(`bundle: .manifest roots ${JSON.stringify(roots)} do not permit the entrypoint '${w.entrypoint}'`)
  }
  checkDataInRoots(data, [], roots)
  return m
}

/** Every data path is inside a root, or an object on the way to one (OPA's dfs over the data). */
function checkDataInRoots(node: Record<string, unknown>, at: string[], roots: readonly string[]): void {
  for (const key of Object.keys(node)) {
    const path = [...at, key]
    if (roots.some((r) => rootContains(r, path))) continue
    const child = node[key]
    if (isObject(child) && roots.some((r) => rootContains(path.join('/'), segments(r)))) {
      checkDataInRoots(child, path, roots)
      continue
    }
    throw new Error(`bundle: .manifest roots ${JSON.stringify(roots)} do not permit data at path '/${path.join('/')}'`)
  }
}
