import { ExactNumber, type ExactValue } from './exact-json.js'

// Rego's order of types, as results appear after JSON conversion (sets are arrays by then).
const rank = (v: ExactValue): number => {
  if (v === null) return 0
  if (typeof v === 'boolean') return 1
  if (v instanceof ExactNumber) return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 4
  return 5
}

/** Total order over JSON values in Rego's canonical order: null < boolean < number < string < array < object. */
export function compareValues(a: ExactValue, b: ExactValue): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (a === null || b === null) return 0
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean)
  if (a instanceof ExactNumber) return a.compare(b as ExactNumber)
  if (typeof a === 'string') return a === b ? 0 : a < (b as string) ? -1 : 1
  if (Array.isArray(a)) {
    const bb = b as ExactValue[]
    for (let i = 0; i < Math.min(a.length, bb.length); i++) {
      const c = compareValues(a[i]!, bb[i]!)
      if (c !== 0) return c
    }
    return a.length - bb.length
  }
  const ao = a as Record<string, ExactValue>
  const bo = b as Record<string, ExactValue>
  const ak = Object.keys(ao).sort()
  const bk = Object.keys(bo).sort()
  for (let i = 0; i < Math.min(ak.length, bk.length); i++) {
    if (ak[i] !== bk[i]) return ak[i]! < bk[i]! ? -1 : 1
    const c = compareValues(ao[ak[i]!]!, bo[bk[i]!]!)
    if (c !== 0) return c
  }
  return ak.length - bk.length
}

/** Whether two exact JSON values are equal (numbers by exact value). */
export const equalValues = (a: ExactValue, b: ExactValue): boolean => compareValues(a, b) === 0

/** A result set: one binding object per solution. */
export type ResultRows = Record<string, ExactValue>[]

/**
 * Compares result sets as unordered collections of binding objects, after the
 * case's adjustments: `sortBindings` sorts each array binding, and
 * `ignoreGeneratedVars` drops `__localq…` bindings from the actual rows.
 */
export function sameResults(
  expected: ResultRows,
  actual: ResultRows,
  options: { sortBindings?: boolean; ignoreGeneratedVars?: boolean } = {},
): boolean {
  const adjust = (row: Record<string, ExactValue>, isActual: boolean): ExactValue =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([k]) => !(isActual && options.ignoreGeneratedVars && k.startsWith('__localq')))
        .map(([k, v]) => [k, options.sortBindings && Array.isArray(v) ? [...v].sort(compareValues) : v]),
    )
  const e = expected.map((r) => adjust(r, false)).sort(compareValues)
  const a = actual.map((r) => adjust(r, true)).sort(compareValues)
  return e.length === a.length && e.every((row, i) => equalValues(row, a[i]!))
}
