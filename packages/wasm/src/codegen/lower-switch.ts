/**
 * `Switch` (rule indexing, docs/adr/0007-rule-indexing.md): one lookup in
 * the prebuilt table, then a `br_table` to the case, so the cost does not
 * depend on how many cases there are:
 *
 *   block $end
 *     br_if $end (key == 0)
 *     block $case{n-1} … block $case0
 *       n = opa_value_get(table, key); br_if $end (n == 0)
 *       br_table $case0 … $case{n-1} $end (opa_number_as_int(n))
 *     end  case 0; br $end
 *     …
 *     end  case n-1
 *   end
 */
import type { Block, ConstValue, Policy, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'

type Lower = (e: FnEmitter, b: Block) => void

export function lowerSwitch(e: FnEmitter, s: Extract<Stmt, { type: 'Switch' }>, lower: Lower): void {
  checkTable(e.m.policy, s.table, s.cases.length)
  const f = e.f
  const key = e.local(s.key)
  const hit = e.temp()
  const end = e.newLabel('switchEnd')
  const labels = s.cases.map(() => e.newLabel('case'))
  f.block(end)
  f.localGet(key).i32Eqz().brIf(end)
  for (let i = labels.length - 1; i >= 0; i--) f.block(labels[i])
  f.i32Const(e.m.values.address(s.table)).localGet(key).call(e.m.rt('opa_value_get')).localTee(hit).i32Eqz().brIf(end)
  f.localGet(hit).call(e.m.rt('opa_number_as_int')).i32WrapI64().brTable(labels, end)
  s.cases.forEach((c, i) => {
    f.end()
    e.block(c, lower)
    if (i < s.cases.length - 1) f.br(end)
  })
  f.end()
}

/** The IR contract the br_table relies on: every value of the table is a case number. */
function checkTable(policy: Policy, index: number, cases: number): void {
  const table: ConstValue | undefined = policy.values?.[index]
  const isCase = (v: ConstValue) => v.type === 'number' && /^\d+$/.test(v.text) && Number(v.text) < cases
  if (table?.type !== 'object' || !table.entries.every(([, v]) => isCase(v)))
    throw new Error(`Switch table const#${index} must be an object of case numbers below ${cases}`)
}
