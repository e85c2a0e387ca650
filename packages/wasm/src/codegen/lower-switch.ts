/**
 * `Switch` (rule indexing, docs/adr/0007-rule-indexing.md): one lookup in
 * the prebuilt table gives the case number `n`; a binary search over `n`
 * (nested `if`/`else`) narrows it to a leaf of at most LEAF_CASES cases,
 * which each test `n` at their start:
 *
 *   block $end
 *     br_if $end (key == 0)
 *     hit = opa_value_get(table, key); br_if $end (hit == 0)
 *     n = opa_number_as_int(hit)
 *     if (n < mid) { … } else {
 *       block (case k) br_if (n != k); …case k…  end
 *       block (case k+1) …
 *     }
 *   end
 *
 * So an evaluation costs a lookup and at most log2(cases) + LEAF_CASES
 * integer comparisons, however many cases there are. Not a `br_table`: V8's
 * baseline compiler keeps a copy of the state of every local for each
 * branch target and each `if`, until the function is compiled, and a
 * policy's rule func has locals in proportion to its bodies. One target
 * per case, as a `br_table` needs, made that quadratic cost several times
 * what the bodies alone cost (gigabytes at ten thousand bodies); a leaf
 * test branches to the case's own block, which the case's failures need
 * anyway, and the search adds one `if` per LEAF_CASES cases.
 */
import type { Block, ConstValue, Policy, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { blockCount, outlineCases } from './outline.js'

type Lower = (e: FnEmitter, b: Block) => void

/** Cases tested one by one at the end of the search. */
const LEAF_CASES = 16

export function lowerSwitch(e: FnEmitter, s: Extract<Stmt, { type: 'Switch' }>, lower: Lower): void {
  checkTable(e.m.policy, s.table, s.cases.length)
  const f = e.f
  const key = e.local(s.key)
  const hit = e.temp()
  const n = e.temp()
  const end = e.newLabel('switchEnd')
  f.block(end)
  f.localGet(key).i32Eqz().brIf(end)
  f.i32Const(e.m.values.address(s.table)).localGet(key).call(e.m.rt('opa_value_get')).localTee(hit).i32Eqz().brIf(end)
  f.localGet(hit).call(e.m.rt('opa_number_as_int')).i32WrapI64().localSet(n)
  searchCases(e, s.cases, n, 0, s.cases.length, lower, true)
  f.end()
}

/**
 * The binary search over cases `lo .. hi-1` of case number `n`. In a big
 * Switch (`outline`), a range of at most twice the outline size
 * (outline.ts) becomes a function of its own where it can, so the rule's
 * function keeps only the search and the calls.
 */
function searchCases(
  e: FnEmitter,
  cases: Block[],
  n: number,
  lo: number,
  hi: number,
  lower: Lower,
  outline: boolean,
): void {
  const f = e.f
  const min = e.m.outlineMinStmts
  if (outline && e.body && hi - lo < cases.length) {
    let count = 0
    for (let i = lo; i < hi && count <= 2 * min; i++) count += blockCount(cases[i]!)
    const emit = (inner: FnEmitter, param: number) => searchCases(inner, cases, param, lo, hi, lower, false)
    if (count <= 2 * min && outlineCases(e, cases.slice(lo, hi), n, e.body, emit)) return
  }
  if (outline && lo === 0 && hi === cases.length) {
    // Only a Switch bigger than an outlined piece is split.
    let count = 0
    for (let i = lo; i < hi && count < min; i++) count += blockCount(cases[i]!)
    outline = count >= min
  }
  if (hi - lo <= LEAF_CASES) {
    for (let i = lo; i < hi; i++)
      e.block(cases[i]!, (e, b) => {
        f.localGet(n).i32Const(i).i32Ne()
        e.failIfNonZero()
        lower(e, b)
      })
    return
  }
  const mid = (lo + hi) >>> 1
  f.localGet(n).i32Const(mid).i32LtU()
  f.withIf(
    () => searchCases(e, cases, n, lo, mid, lower, outline),
    () => searchCases(e, cases, n, mid, hi, lower, outline),
  )
}

/** The IR contract the search relies on: every value of the table is a case number. */
function checkTable(policy: Policy, index: number, cases: number): void {
  const table: ConstValue | undefined = policy.values?.[index]
  const isCase = (v: ConstValue) => v.type === 'number' && /^\d+$/.test(v.text) && Number(v.text) < cases
  if (table?.type !== 'object' || !table.entries.every(([, v]) => isCase(v)))
    throw new Error(`Switch table const#${index} must be an object of case numbers below ${cases}`)
}
