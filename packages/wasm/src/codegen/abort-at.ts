/**
 * `abort <head><text>(file, row)`: a helper function generated once per
 * message that ends the evaluation with `<head><file>:<row>: <text>` (the
 * runtime's `cordon_abort_at` joins the parts). A place that can fail that way
 * (a rule's conflict check) costs a call with its file and row, not a string
 * of its own: trivy-checks' 558 entrypoints held ~1,700 such strings, 170 KB.
 */
import { FunctionBuilder, ValType } from '../binary/index.js'
import type { ModuleCtx } from './emitter.js'

export function abortAtHelper(m: ModuleCtx, head: string, text: string): number {
  const name = `abort ${head}${text}`
  return m.helper(name, () => {
    const f = new FunctionBuilder([ValType.i32, ValType.i32], [])
    f.i32Const(m.data.cString(head)).localGet(0).localGet(1).i32Const(m.data.cString(text))
    f.call(m.rt('cordon_abort_at')).unreachable()
    return m.linker.addFunction(f.type, f, name)
  })
}
