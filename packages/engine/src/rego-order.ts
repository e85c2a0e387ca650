/**
 * Rego's total order (packages/wasm/runtime/assembly/compare.ts) on the plain
 * JSON values ValueReader makes, so that a set read out of memory lists its
 * elements in the order the runtime's JSON dump gives them. Where the JS
 * values cannot tell the order the runtime would (strings differing at a
 * code unit at or above U+D800, where UTF-16 and UTF-8 byte order part;
 * distinct runtime values equal as JS values, e.g. integers beyond 2^53)
 * it throws {@link Unordered}, and the reader takes the text path.
 */

/** The arrays ValueReader made from sets: a set sorts after every object. */
export const fromSets = new WeakSet<unknown[]>()

/** The JS values cannot tell the runtime's order. */
export class Unordered {
  constructor(readonly reason: string) {}
}

// null < boolean < number < string < array < object < set
function rank(v: unknown): number {
  if (v === null) return 0
  switch (typeof v) {
    case 'boolean':
      return 1
    case 'number':
      return 2
    case 'string':
      return 3
  }
  if (Array.isArray(v)) return fromSets.has(v) ? 6 : 4
  return 5
}

/** UTF-8 byte order of two strings; below U+D800 it is UTF-16 code unit order. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 || y >= 0xd800) throw new Unordered('a string beyond U+D7FF')
    return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : 1
}

function compareLists(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareRego(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a).sort(compareStrings)
  const kb = Object.keys(b).sort(compareStrings)
  const n = Math.min(ka.length, kb.length)
  for (let i = 0; i < n; i++) {
    const c = compareStrings(ka[i]!, kb[i]!) || compareRego(a[ka[i]!], b[kb[i]!])
    if (c !== 0) return c
  }
  return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1
}

/** -1, 0 or 1 as the runtime's `opa_value_compare` orders the values these came from. */
function compareRego(a: unknown, b: unknown): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case 0:
      return 0
    case 1:
    case 2:
      return a === b ? 0 : (a as number) < (b as number) ? -1 : 1
    case 3:
      return compareStrings(a as string, b as string)
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>)
    default:
      return compareLists(a as unknown[], b as unknown[])
  }
}

/**
 * Sorts the elements of a set in place into the runtime's order. Elements of
 * a set are distinct, so two that compare equal here were told apart by
 * something the JS values lost: Unordered.
 */
export function sortSetElements(elems: unknown[]): void {
  elems.sort(compareRego)
  for (let i = 1; i < elems.length; i++)
    if (compareRego(elems[i - 1], elems[i]) === 0) throw new Unordered('elements equal as JS values')
}
