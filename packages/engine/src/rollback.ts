/**
 * The rollback rule of `load` (docs/security-model.md, "Bundles and data"):
 * an older bundle, even validly signed, must not replace a newer one unless
 * the operator says so (`load(source, { allowRollback: true })`).
 */

/**
 * `'history'` (default): refuse a revision that was live before and has been
 * replaced since (works with any revision scheme, digests included).
 * `'ordered'`: that, and refuse a revision that is not greater than the live
 * one in natural order ({@link compareRevisions}); for revisions that count
 * up (numbers, timestamps). `false`: no check.
 */
export type RollbackRule = 'history' | 'ordered' | false

/** How many replaced revisions are remembered. */
const REMEMBERED = 1024

const hint = '(load with { allowRollback: true } to roll back on purpose)'

/** The revisions that were live and have been replaced since, oldest first (the last {@link REMEMBERED}). */
export class RevisionHistory {
  private readonly retired = new Set<string>()

  /**
   * Throws when `next` may not replace `live` under `rule`. The same revision
   * again is no rollback. A bundle without a revision cannot be placed, so
   * only `'ordered'` refuses it, and only over a live revision.
   */
  check(rule: RollbackRule, next: string | undefined, live: string | undefined): void {
    if (rule === false || next === live) return
    if (next !== undefined && this.retired.has(next))
      throw new Error(`rollback: revision ${next} was live before and has been replaced since ${hint}`)
    if (rule === 'ordered' && live !== undefined && (next === undefined || compareRevisions(next, live) <= 0)) {
      throw new Error(`rollback: revision ${next ?? '(none)'} is not newer than the live revision ${live} ${hint}`)
    }
  }

  /** Records that `revision` was replaced by `next`. */
  retire(revision: string | undefined, next: string | undefined): void {
    if (revision === undefined || revision === next) return
    this.retired.delete(revision)
    this.retired.add(revision)
    if (this.retired.size > REMEMBERED) this.retired.delete(this.retired.values().next().value!)
  }
}

/**
 * Natural order of revisions: runs of digits compare as numbers, everything
 * else by code point (`v2` < `v10`, `2026-12-07T05:00:00Z` < `2026-12-07T06:00:00Z`).
 */
export function compareRevisions(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? []
  const y = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!
    const q = y[i]!
    const d = /^\d/.test(p) && /^\d/.test(q) ? compareDigits(p, q) : p < q ? -1 : p > q ? 1 : 0
    if (d !== 0) return d
  }
  return x.length - y.length
}

/** Digit strings by value, however long (leading zeros ignored). */
function compareDigits(p: string, q: string): number {
  const a = p.replace(/^0+(?=\d)/, '')
  const b = q.replace(/^0+(?=\d)/, '')
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0
}
