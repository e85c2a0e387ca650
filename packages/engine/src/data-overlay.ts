/**
 * Live data patches as an overlay on the data a bundle (or `setData`) gave:
 * an emergency change made with `patchData` survives reloads of the bundle
 * until it is cleared, or until the bundle's own data at the patch's path
 * changes (then the new bundle wins and the patch is dropped). Each patch
 * remembers the value it was laid over, to tell.
 */
import { canonicalJson } from './bundle/canonical-json.js'
import { getIn, setIn } from './data-path.js'

/** One patch: `value` at `path` (undefined: removed), laid over `over` (the JSON of the base data there; '' when absent). */
export interface DataPatch {
  readonly path: readonly string[]
  readonly value: unknown
  readonly over: string
}

/** The base's value at `path` as canonical JSON (keys sorted: a bundle that only reorders keys has not changed the value). */
function jsonAt(doc: Record<string, unknown>, path: readonly string[]): string {
  const text = JSON.stringify(getIn(doc, path))
  return text === undefined ? '' : canonicalJson(text)
}

const isUnder = (path: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= path.length && prefix.every((k, i) => k === path[i])

export class DataOverlay {
  private list: DataPatch[] = []

  /** The patches in the order they apply. */
  get patches(): readonly DataPatch[] {
    return this.list
  }

  /** Records a patch over `base`; patches at or below its path are superseded by it. */
  add(base: Record<string, unknown>, path: readonly string[], value: unknown): void {
    this.list = this.list.filter((p) => !isUnder(p.path, path))
    this.list.push({ path: [...path], value, over: jsonAt(base, path) })
  }

  /** Drops the patches at or below `path` (all of them without one); returns how many. */
  clear(path?: readonly string[]): number {
    const before = this.list.length
    this.list = path === undefined ? [] : this.list.filter((p) => !isUnder(p.path, path))
    return before - this.list.length
  }

  /**
   * The data of a new base with the patches that still apply to it (its data
   * at their path is what it was under them, and the path still fits), and
   * the patches it drops. Does not change the overlay (see {@link keep}), so
   * a base that is refused changes nothing.
   */
  rebase(base: Record<string, unknown>): { data: Record<string, unknown>; kept: DataPatch[]; dropped: DataPatch[] } {
    const kept: DataPatch[] = []
    const dropped: DataPatch[] = []
    let data = base
    for (const p of this.list) {
      try {
        if (jsonAt(base, p.path) !== p.over) throw new Error('changed')
        data = setIn(data, p.path, p.value)
        kept.push(p)
      } catch {
        dropped.push(p)
      }
    }
    return { data, kept, dropped }
  }

  /** Keeps only these patches (after a new base went live). */
  keep(patches: DataPatch[]): void {
    this.list = patches
  }
}
