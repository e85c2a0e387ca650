/**
 * Helper functions generated into the module on demand.
 *
 * `upsert(base, path, i, value) → doc`: a copy of `base` with `value` at
 * `path[i:]` (an array of strings). Every object along the path is copied one
 * level deep; a missing or non-object level becomes a new object. This is
 * `with input.a.b as v` / `with data.x as v`.
 */
import { ValType } from '../binary/index.js'
import { FnEmitter, T, type ModuleCtx } from './emitter.js'

export function upsertHelper(m: ModuleCtx): number {
  return m.helper('cordon_upsert', () => {
    const e = new FnEmitter(m, 4, 1)
    const f = e.f
    const [base, path, i, value] = [0, 1, 2, 3]
    const key = f.addLocal(ValType.i32)
    const copy = f.addLocal(ValType.i32)
    const isObj = f.addLocal(ValType.i32)
    // i ≥ len(path): the value itself
    f.localGet(i).localGet(path).call(m.rt('opa_value_length')).i32GeU()
    f.withIf(() => f.localGet(value).return())
    f.localGet(path).localGet(i).call(m.rt('opa_array_get')).localSet(key)
    f.localGet(base).call(m.rt('opa_value_type')).i32Const(T.object).i32Eq().localSet(isObj)
    f.localGet(isObj)
    f.withIf(
      () => f.localGet(base).call(m.rt('opa_value_shallow_copy')).localSet(copy),
      () => f.call(m.rt('opa_object')).localSet(copy),
    )
    f.localGet(copy).localGet(key)
    // child = isObj ? base[key] : 0
    f.localGet(base).localGet(key).call(m.rt('opa_value_get')).i32Const(0).localGet(isObj).select()
    f.localGet(path).localGet(i).i32Const(1).i32Add().localGet(value)
    // Recursion: the helper's own index is the next function index.
    f.call(m.linker.functionCount)
    f.call(m.rt('opa_object_insert'))
    f.localGet(copy)
    return m.linker.addFunction(f.type, f, 'cordon_upsert')
  })
}
