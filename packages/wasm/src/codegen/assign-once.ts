/**
 * `assign once <text>(t, v, file, row) → t or v`: the body of an
 * `AssignVarOnce` (a complete rule's or a function's value), generated once
 * per conflict message: `v` when `t` is unset, `t` when it equals `v`, else
 * the evaluation ends with `eval_conflict_error: <file>:<row>: <text>`. Each
 * place costs a call (16 bytes) instead of an inline compare-and-abort (27):
 * trivy-checks' 558 entrypoints have ~1,900 such places.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import { abortAtHelper } from './abort-at.js'
import type { ModuleCtx } from './emitter.js'

export function assignOnceHelper(m: ModuleCtx, text: string): number {
  const name = `assign once ${text}`
  return m.helper(name, () => {
    const [t, v, file, row] = [0, 1, 2, 3]
    const f = new FunctionBuilder([ValType.i32, ValType.i32, ValType.i32, ValType.i32], [ValType.i32])
    f.localGet(t).i32Eqz()
    f.withIf(() => f.localGet(v).return())
    f.localGet(t).localGet(v).call(m.rt('opa_value_compare_eq')).i32Eqz()
    f.withIf(() =>
      f
        .localGet(file)
        .localGet(row)
        .call(abortAtHelper(m, 'eval_conflict_error: ', text))
        .unreachable(),
    )
    f.localGet(t)
    return m.linker.addFunction(f.type, f, name)
  })
}
