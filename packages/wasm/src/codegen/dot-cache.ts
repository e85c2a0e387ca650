/**
 * Constant-key lookups along one path, looked up once per call of a
 * function. The planner writes `data["ai-access"].embargo.countries` again
 * in each rule body that reads it: a runtime call per step, each time. Here
 * a `Dot` with a constant key whose source is a parameter no statement
 * writes, or a local written once by such a `Dot` (a path from a
 * parameter), keeps its result in a Wasm local of that path: the first
 * lookup fills it, later ones of the same path read it. A Wasm local starts
 * at 0 in every call, and a lookup that finds nothing leaves it 0, so a path
 * is only ever read where one lookup of it has succeeded in this call; the
 * parameter does not change during the call, nor do the values inside it.
 * Not in a function with `with` (which rebinds a parameter for a block).
 */
import { forEachStmtLocal, walkStmts, type Local, type Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'

type StmtOf<K extends Stmt['type']> = Extract<Stmt, { type: K }>

interface Paths {
  /** The path of each local that holds one (a parameter, or a lookup along a path). */
  path: Map<Local, string>
  /** How many lookups of each path the body has: one alone is not cached (no bytes for nothing). */
  lookups: Map<string, number>
  /** The Wasm local caching each path looked up so far. */
  slots: Map<string, number>
}

/** The path a constant-key `Dot` looks up, when its source holds one. */
const pathOf = (s: StmtOf<'Dot'>, path: ReadonlyMap<Local, string>): string | undefined => {
  if (s.key.kind !== 'string' || s.source.kind !== 'local') return undefined
  const from = path.get(s.source.local)
  return from === undefined ? undefined : `${from}.${s.key.index}`
}

const byEmitter = new WeakMap<FnEmitter, Paths | null>()

/** The paths of `e`'s body, computed once (null: no caching there). */
function pathsOf(e: FnEmitter): Paths | null {
  let p = byEmitter.get(e)
  if (p !== undefined) return p
  p = null
  if (e.body) {
    const writes = new Map<Local, number>()
    const writer = new Map<Local, Stmt>()
    let rebinds = false
    walkStmts(e.body.blocks, (s) => {
      if (s.type === 'With') rebinds = true
      forEachStmtLocal(s, (local, assigns) => {
        if (!assigns) return
        writes.set(local, (writes.get(local) ?? 0) + 1)
        writer.set(local, s)
      })
    })
    if (!rebinds) {
      const path = new Map<Local, string>()
      for (const l of e.body.entry) if (!writes.has(l)) path.set(l, `%${l}`)
      const resolve = (l: Local, depth: number): string | undefined => {
        const known = path.get(l)
        if (known !== undefined || depth > 64 || writes.get(l) !== 1) return known
        const s = writer.get(l)!
        if (s.type !== 'Dot' || s.source.kind !== 'local') return undefined
        resolve(s.source.local, depth + 1)
        const p = pathOf(s, path)
        if (p !== undefined) path.set(l, p)
        return p
      }
      for (const l of writes.keys()) resolve(l, 0)
      const lookups = new Map<string, number>()
      walkStmts(e.body.blocks, (s) => {
        const at = s.type === 'Dot' ? pathOf(s, path) : undefined
        if (at !== undefined) lookups.set(at, (lookups.get(at) ?? 0) + 1)
      })
      p = { path, lookups, slots: new Map() }
    }
  }
  byEmitter.set(e, p)
  return p
}

/** Lowers a constant-key `Dot` along a path through its path's Wasm local; false when it is not one. */
export function lowerCachedDot(e: FnEmitter, s: StmtOf<'Dot'>): boolean {
  if (s.key.kind !== 'string' || s.source.kind !== 'local') return false
  const paths = pathsOf(e)
  const key = paths ? pathOf(s, paths.path) : undefined
  if (paths == null || key === undefined || (paths.lookups.get(key) ?? 0) < 2) return false
  let slot = paths.slots.get(key)
  if (slot === undefined) paths.slots.set(key, (slot = e.temp()))
  const f = e.f
  f.localGet(slot).i32Eqz()
  f.withIf(() => {
    e.operand(s.source).operand(s.key).call('cordon_value_get_str')
    f.localSet(slot)
  })
  f.localGet(slot)
  e.setAndFailIfZero(e.local(s.target))
  return true
}
