/**
 * Line coverage on the compiled path (docs/adr/0005-test-coverage.md).
 *
 * A second module is compiled from copies of the parsed modules in which
 * every expression of every policy rule body (comprehension and `every`
 * bodies included) is preceded by a call of the host builtin `cordon.cover`
 * naming the expression's `file:row`, and every rule body ends with one naming
 * the head's row (a head is covered when its rule produced a value). The
 * builtin records the row and returns true, so the instrumented policy
 * decides exactly as the plain one. The lines that can be covered are those
 * markers' rows; the lines covered are those the runtime recorded. The plain
 * build never sees any of this.
 */
import type { BuiltinDecl, BuiltinImpl } from '@cordon/builtins'
import type { Body, Expr, Location, Module } from '@cordon/rego'
import { eachBody } from '../instrument/each-body.js'
import { isTestRule } from './discover.js'
import { markerCall } from '../instrument/marker-call.js'
import type { CoverageReport, FileCoverage } from './types.js'

const COVER_BUILTIN = 'cordon.cover'

export const coverDecl: BuiltinDecl = {
  name: COVER_BUILTIN,
  decl: { type: 'function', args: [{ type: 'string' }], result: { type: 'boolean' } },
}

/** Files whose lines are reported: policies, not tests. */
const isTestFile = (file: string): boolean => /_test\.rego$/.test(file)

/** The coverable rows of each policy file, filled in by `instrument`. */
export type Coverable = Map<string, Set<number>>

const key = (file: string, row: number) => `${row}:${file}`

function marker(loc: Location, row: number): Expr {
  const at = { ...loc, row }
  return markerCall(COVER_BUILTIN, [{ type: 'string', value: key(loc.file, row), loc: at }], at)
}

/**
 * Returns instrumented copies of `modules` (the originals are untouched) and
 * the coverable rows per policy file.
 */
export function instrument(modules: readonly Module[]): { modules: Module[]; coverable: Coverable } {
  const coverable: Coverable = new Map()
  const out = structuredClone(modules) as Module[]
  for (const module of out) {
    if (isTestFile(module.file)) continue
    const rows = new Set<number>()
    coverable.set(module.file, rows)
    const file = module.file
    const mark = (body: Body, headLoc?: Location) => {
      const next: Expr[] = []
      for (const e of body) {
        if (!e.generated) {
          rows.add(e.loc.row)
          next.push(marker({ ...e.loc, file }, e.loc.row))
        }
        next.push(e)
      }
      if (headLoc) {
        rows.add(headLoc.row)
        next.push(marker({ ...headLoc, file }, headLoc.row))
      }
      body.splice(0, body.length, ...next)
    }
    for (const rule of module.rules) {
      if (rule.default || isTestRule(rule)) continue
      for (const site of eachBody(rule)) mark(site.body, site.kind === 'rule' ? site.clause.head.loc : undefined)
    }
  }
  return { modules: out, coverable }
}

/** A recorder for `cordon.cover` calls: the host builtin and the rows it saw. */
export function coverageRecorder(): { impl: ReadonlyMap<string, BuiltinImpl>; hits: Set<string> } {
  const hits = new Set<string>()
  const impl: BuiltinImpl = (args) => {
    hits.add(args[0] as string)
    return true
  }
  return { impl: new Map([[COVER_BUILTIN, impl]]), hits }
}

/** Per-file covered and not-covered lines, and the total percentage. */
export function coverageReport(coverable: Coverable, hits: ReadonlySet<string>): CoverageReport {
  const files: FileCoverage[] = []
  let covered = 0
  let notCovered = 0
  for (const [file, rows] of [...coverable].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...rows].sort((a, b) => a - b)
    const c = sorted.filter((r) => hits.has(key(file, r)))
    const n = sorted.filter((r) => !hits.has(key(file, r)))
    covered += c.length
    notCovered += n.length
    files.push({ file, covered: c, notCovered: n, coverage: percent(c.length, n.length) })
  }
  return { files, coveredLines: covered, notCoveredLines: notCovered, coverage: percent(covered, notCovered) }
}

const percent = (c: number, n: number) => (c + n === 0 ? 100 : Math.round((10000 * c) / (c + n)) / 100)

/** `3-5, 9`: rows as ranges, for the pretty reporter. */
export function formatRanges(rows: readonly number[]): string {
  const parts: string[] = []
  for (let i = 0; i < rows.length;) {
    let j = i
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++
    parts.push(i === j ? `${rows[i]}` : `${rows[i]}-${rows[j]}`)
    i = j + 1
  }
  return parts.join(', ')
}
