/**
 * Plans that differ only in the rule they call share one body (issue 18). A
 * big set's plans are nearly all alike: call the entrypoint's rule, wrap the
 * result in `{"result": …}`, add it to the result set. Such a group gets one
 * function `(ctx, slot) → ()` that calls the rule through the function table
 * at `slot`, and each plan becomes `(ctx) → ()` calling it with its rule's slot
 * (~12 bytes instead of ~60). A plan whose shape no other plan has, or that
 * calls more than one func, keeps a body of its own.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import type { Plan } from '@cordon/rego'
import type { ModuleCtx } from './emitter.js'
import { planBody, planFunction } from './abi-funcs.js'

/** The plan functions' indices, in plan order. */
export function addPlanFunctions(m: ModuleCtx, plans: readonly Plan[]): number[] {
  const groups = new Map<string, { plan: Plan; func: string }[]>()
  for (const plan of plans) {
    const shape = m.shared.dispatchTable ? planShape(m, plan) : undefined
    if (!shape) continue
    const group = groups.get(shape.key) ?? []
    group.push({ plan, func: shape.func })
    groups.set(shape.key, group)
  }
  const sharedBodies = new Map<Plan, { index: number; func: string }>()
  for (const group of groups.values()) {
    if (group.length < 2) continue
    const first = group[0]!
    const e = planBody(m, first.plan, 2, { func: first.func, slotLocal: 1 })
    const index = m.linker.addFunction(
      { params: [ValType.i32, ValType.i32], results: [] },
      e,
      `plan shape of ${first.plan.name}`,
    )
    for (const member of group) sharedBodies.set(member.plan, { index, func: member.func })
  }
  return plans.map((plan) => {
    const shared = sharedBodies.get(plan)
    const type = { params: [ValType.i32], results: [] }
    if (!shared) return m.linker.addFunction(type, planFunction(m, plan), `plan ${plan.name}`)
    const slot = m.linker.addTableEntries([m.funcs.get(shared.func)!.index])
    const f = new FunctionBuilder([ValType.i32], []).localGet(0).i32Const(slot).call(shared.index)
    return m.linker.addFunction(type, f, `plan ${plan.name}`)
  })
}

/** The plan's blocks with the name of the one func it calls left out, and that name; undefined if it calls none or several. */
function planShape(m: ModuleCtx, plan: Plan): { key: string; func: string } | undefined {
  let func: string | undefined
  let calls = 0
  const key = JSON.stringify(plan.blocks, (k, v: unknown) => {
    if (k === 'func' && typeof v === 'string' && m.funcs.has(v)) {
      calls++
      func = v
      return '*'
    }
    return v
  })
  return calls === 1 && func !== undefined ? { key, func } : undefined
}
