/**
 * OPA's delta bundles (docs: management-bundles, "Delta Bundles"; source:
 * bundle/bundle.go `Patch`, bundle/store.go `activateDeltaBundles` and
 * `applyPatches`): a `patch.json` of `upsert` / `remove` / `replace`
 * operations on the data, beside an optional `.manifest` whose `roots` and
 * `wasm` must equal those of the live snapshot. Read and checked here; the
 * engine applies the result to the live data without reloading the policy.
 */
import { parseJsonFile } from './json-file.js'
import { rootContains, segments } from './manifest.js'
import type { Manifest } from './read-bundle.js'
import { ownValue, setOwn } from '../own-property.js'

/** One operation of `patch.json`, its path parsed from the JSON pointer. */
export interface PatchOperation {
  op: 'upsert' | 'remove' | 'replace'
  path: string[]
  value?: unknown
}

export interface DeltaBundle {
  manifest: Manifest
  operations: PatchOperation[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** The files a delta bundle may hold besides patch.json (signing is checked by the caller). */
const allowed = new Set(['patch.json', '.manifest', '.signatures.json'])

/** The delta in `files`, or undefined when there is no `patch.json` (a snapshot bundle). Throws an Error saying what is wrong. */
export function readDeltaBundle(files: ReadonlyMap<string, Uint8Array>): DeltaBundle | undefined {
  const patch = files.get('patch.json')
  if (!patch) return undefined
  const extra = [...files.keys()].filter((name) => !allowed.has(name))
  if (extra.length > 0)
    throw new Error(
      `delta bundle: holds ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ', …' : ''}; a delta bundle holds only patch.json and .manifest (policies and data files come in snapshot bundles)`,
    )
  const manifestBytes = files.get('.manifest')
  const manifest = manifestBytes ? parseJsonFile<unknown>('.manifest', manifestBytes) : {}
  if (!isObject(manifest)) throw new Error('delta bundle: .manifest must hold an object')
  if (manifest.revision !== undefined && typeof manifest.revision !== 'string')
    throw new Error(`delta bundle: .manifest: revision must be a string, not ${JSON.stringify(manifest.revision)}`)
  const body = parseJsonFile<unknown>('patch.json', patch)
  if (!isObject(body) || !Array.isArray(body.data))
    throw new Error('delta bundle: patch.json must hold {"data": [operations]}')
  // OPA takes a bundle whose patch is empty for a snapshot without data (erasing all data); with no policy in it, that is refused.
  if (body.data.length === 0)
    throw new Error(
      'delta bundle: patch.json holds no operations (OPA would read it as an empty snapshot); send 304 when nothing changed',
    )
  const operations = body.data.map((op, i) => readOperation(op, i))
  const roots = rootsOf(manifest as Manifest)
  for (const [i, op] of operations.entries()) {
    if (!roots.some((r) => rootContains(r, op.path)))
      throw new Error(
        `delta bundle: patch.json operation ${i} at '/${op.path.join('/')}' is outside the manifest roots ${JSON.stringify(roots)}`,
      )
  }
  return { manifest: manifest as Manifest, operations }
}

function readOperation(op: unknown, i: number): PatchOperation {
  if (!isObject(op)) throw new Error(`delta bundle: patch.json operation ${i} must be an object`)
  if (op.op !== 'upsert' && op.op !== 'remove' && op.op !== 'replace')
    throw new Error(
      `delta bundle: patch.json operation ${i}: bad patch operation ${JSON.stringify(op.op)} (upsert, remove or replace)`,
    )
  if (typeof op.path !== 'string')
    throw new Error(`delta bundle: patch.json operation ${i}: path must be a string (a JSON pointer)`)
  if (op.op !== 'remove' && !('value' in op))
    throw new Error(`delta bundle: patch.json operation ${i}: ${op.op} needs a value`)
  // As OPA: the path is '/' + path trimmed of slashes, its segments unescaped (~1 is '/', ~0 is '~').
  const path = segments(op.path).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  return { op: op.op, path, value: op.value }
}

const rootsOf = (m: Manifest): string[] => (m.roots ?? ['']).map((r) => segments(r).join('/')).sort()
const wasmOf = (m: Manifest): string[] => (m.wasm ?? []).map((w) => `${w.entrypoint}\n${w.module}`).sort()

/** Throws unless the delta keeps the live snapshot's roots and Wasm resolvers (OPA: `equalWasmResolversAndRoots`). */
export function checkDeltaManifest(delta: Manifest, live: Manifest): void {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])
  if (!same(rootsOf(delta), rootsOf(live)) || !same(wasmOf(delta), wasmOf(live))) {
    throw new Error(
      `delta bundle: its manifest roots ${JSON.stringify(rootsOf(delta))} or wasm resolvers differ from those of the live bundle ${JSON.stringify(rootsOf(live))}; only a snapshot bundle can change them`,
    )
  }
}

/**
 * The data after the operations, in order, as OPA's store applies them:
 * `upsert` creates missing objects on the way and sets (in an array: inserts
 * at the index, `-` appends); `replace` and `remove` need the path to exist.
 * `data` is not changed: the containers on each path are copied. Throws an
 * Error naming the operation that does not apply.
 */
export function applyPatchOperations(
  data: Record<string, unknown>,
  operations: readonly PatchOperation[],
): Record<string, unknown> {
  let doc: unknown = data
  for (const [i, op] of operations.entries()) {
    try {
      doc = applyOne(doc, op.path, op)
    } catch (err) {
      throw new Error(
        `delta bundle: patch.json operation ${i} (${op.op} '/${op.path.join('/')}'): ${(err as Error).message}`,
        { cause: err },
      )
    }
  }
  if (!isObject(doc)) throw new Error('delta bundle: the data document must stay an object')
  return doc
}

function applyOne(node: unknown, path: readonly string[], op: PatchOperation): unknown {
  if (path.length === 0) {
    if (op.op === 'remove') return {}
    return clone(op.value)
  }
  const [key, ...rest] = path as [string, ...string[]]
  if (Array.isArray(node)) {
    const copy = [...node]
    const last = rest.length === 0
    // upsert may insert just past the end; the other operations need an element
    const index =
      key === '-' && last && op.op === 'upsert' ? copy.length : arrayIndex(key, copy.length, last && op.op === 'upsert')
    if (!last) {
      copy[index] = applyOne(copy[index], rest, op)
      return copy
    }
    if (op.op === 'upsert') copy.splice(index, 0, clone(op.value))
    else if (op.op === 'replace') copy[index] = clone(op.value)
    else copy.splice(index, 1)
    return copy
  }
  if (!isObject(node))
    throw new Error(
      `the path goes through a ${node === undefined ? 'missing value' : typeof node === 'object' ? 'null' : typeof node}`,
    )
  const copy: Record<string, unknown> = { ...node }
  const child = ownValue(node, key)
  if (rest.length > 0) {
    if (child === undefined && op.op !== 'upsert') throw new Error(`'${key}' does not exist`)
    setOwn(copy, key, applyOne(child === undefined ? {} : child, rest, op))
    return copy
  }
  if (op.op === 'remove') {
    if (child === undefined) throw new Error('the value to remove does not exist')
    delete copy[key]
  } else {
    if (op.op === 'replace' && child === undefined) throw new Error('the value to replace does not exist')
    setOwn(copy, key, clone(op.value))
  }
  return copy
}

function arrayIndex(key: string, length: number, orEnd: boolean): number {
  if (!/^(?:0|[1-9]\d*)$/.test(key) || Number(key) > length || (Number(key) === length && !orEnd))
    throw new Error(`'${key}' is not an index of the array (length ${length})`)
  return Number(key)
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))
