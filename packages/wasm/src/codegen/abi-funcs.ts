/**
 * Bodies of the runtime's placeholder exports and the plan functions:
 * - a plan: `(ctx) → ()`, loads input (ctx+0) and data (ctx+4) into IR
 *   locals 0 and 1 and runs its blocks; `ResultSetAdd` adds to the set at ctx+8;
 * - `eval(ctx) → 0`: fresh memo table, empty result set at ctx+8, then the
 *   plan whose index is the entrypoint id at ctx+12 (else abort), called
 *   through the function table (a compare per plan when there are few);
 * - `builtins()` / `entrypoints()`: objects name → id.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import { DATA_LOCAL, INPUT_LOCAL, type Plan } from '@cordon/rego'
import { FnEmitter, type ModuleCtx } from './emitter.js'
import { freshMemoTable } from './lower-control.js'
import { lowerStmts } from './lower-stmt.js'
import { prefixCode } from './prefix-code.js'

const utf8 = new TextEncoder()

export function planFunction(m: ModuleCtx, plan: Plan): FunctionBuilder {
  return planBody(m, plan, 1)
}

/**
 * A plan's body with `params` Wasm params (ctx first). With `tableCall`
 * (plan-shapes.ts) it calls that func through the table and outlines nothing:
 * an outlined block would call the func directly.
 */
export function planBody(
  m: ModuleCtx,
  plan: Plan,
  params: number,
  tableCall?: FnEmitter['tableCall'],
): FunctionBuilder {
  const e = new FnEmitter(m, params, 0)
  const f = e.f
  e.ctxLocal = 0
  if (tableCall) e.tableCall = tableCall
  else e.body = { blocks: plan.blocks, entry: [INPUT_LOCAL, DATA_LOCAL] }
  f.localGet(0).i32Load(0).localSet(e.local(INPUT_LOCAL))
  f.localGet(0).i32Load(4).localSet(e.local(DATA_LOCAL))
  for (const b of plan.blocks) e.block(b, lowerStmts)
  return f
}

export function evalFunction(m: ModuleCtx, planIndices: number[]): FunctionBuilder {
  const e = new FnEmitter(m, 1, 1)
  const f = e.f
  if (m.memo.slots.size > 0) freshMemoTable(e)
  e.refuel()
  f.localGet(0).call(m.rt('opa_set')).i32Store(8)
  const ep = e.temp()
  const illegal = () =>
    f.i32Const(m.data.cString('internal: illegal entrypoint id')).call(m.imports.abort).unreachable()
  f.localGet(0).i32Load(12).localSet(ep)
  if (!m.shared.dispatchTable) {
    planIndices.forEach((index, id) => {
      f.localGet(ep).i32Const(id).i32Eq()
      f.withIf(() => f.localGet(0).call(index).i32Const(0).return())
    })
    illegal()
    return f
  }
  f.localGet(ep).i32Const(planIndices.length).i32GeU()
  f.withIf(illegal)
  // The plans in a table: the same few bytes for 3 entrypoints or 1,000 (a chain of compares grows by 15 a plan).
  const first = m.linker.addTableEntries(planIndices)
  f.localGet(0).localGet(ep)
  if (first !== 0) f.i32Const(first).i32Add()
  f.callIndirect(m.linker.addType([ValType.i32], []))
  f.i32Const(0)
  return f
}

/**
 * `() → object` mapping each name to its position in `names`: built by the
 * runtime's `cordon_name_table` from the names encoded in static data
 * (`prefixCode`; hosts call these once, at load). A static string and 16
 * bytes of inserts per name took 37 KB for trivy-checks' 558 entrypoints.
 */
export function nameTableFunction(m: ModuleCtx, names: readonly string[]): FunctionBuilder {
  const bytes = prefixCode(names.map((name) => utf8.encode(name)))
  return new FunctionBuilder([], [ValType.i32])
    .i32Const(bytes.length > 0 ? m.linker.addData(bytes, 1) : 0)
    .i32Const(names.length)
    .call(m.rt('cordon_name_table'))
}
