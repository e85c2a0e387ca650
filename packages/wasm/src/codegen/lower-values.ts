/**
 * Statements that make, move, compare, test and build values. Each maps to
 * one or two runtime calls (names as in OPA's C runtime, see VALUES.md).
 */
import { lowerCachedDot } from './dot-cache.js'
import type { Operand, Stmt } from '@cordon/rego'
import { T, type FnEmitter } from './emitter.js'
import { assignOnceHelper } from './assign-once.js'
import { assignsUnsetLocal } from './fresh-assign.js'

type ValueStmt = Exclude<
  Stmt,
  { type: 'Nop' | 'ReturnLocal' | 'Block' | 'Break' | 'Scan' | 'Not' | 'With' | 'Switch' | 'Call' | 'CallDynamic' }
>

const typeTests = { IsArray: T.array, IsObject: T.object, IsSet: T.set } as const

export function lowerValueStmt(e: FnEmitter, s: ValueStmt): void {
  const f = e.f
  switch (s.type) {
    case 'AssignInt':
    case 'MakeNumberInt':
      // Static: numbers are never changed in place (AssignInt makes a new one).
      f.i32Const(e.m.data.numberValue(String(s.value))!).localSet(e.local(s.target))
      return
    case 'AssignVar':
      e.operand(s.source)
      f.localSet(e.local(s.target))
      return
    case 'AssignVarOnce':
      return assignOnce(e, s)
    case 'ResetLocal':
      f.i32Const(0).localSet(e.local(s.target))
      return
    case 'MakeNull':
      // Static: null is never changed in place.
      f.i32Const(e.m.data.nullValue()).localSet(e.local(s.target))
      return
    case 'MakeNumberRef': {
      const text = e.string(s.index)
      const value = e.m.data.numberValue(text)
      if (value !== undefined) f.i32Const(value)
      else {
        const { addr, len } = e.m.data.stringBytes(text)
        f.i32Const(addr).i32Const(len).call(e.m.rt('opa_number_ref'))
      }
      f.localSet(e.local(s.target))
      return
    }
    case 'MakeArray':
      f.i32Const(s.capacity).call(e.m.rt('opa_array_with_cap')).localSet(e.local(s.target))
      return
    case 'MakeObject':
      f.call(e.m.rt('opa_object')).localSet(e.local(s.target))
      return
    case 'MakeSet':
      f.call(e.m.rt('opa_set')).localSet(e.local(s.target))
      return
    case 'Equal':
      failIfUndefined(e, s.a, s.b)
      e.operand(s.a).operand(s.b).call('opa_value_compare_eq').failIfZero()
      return
    case 'NotEqual': {
      failIfUndefined(e, s.a, s.b)
      // `x != false` (a body expression's test): one operand, 3 bytes less a place.
      const other = isFalse(s.b) ? s.a : isFalse(s.a) ? s.b : undefined
      if (other) e.operand(other).call('cordon_undefined_or_false').failIfNonZero()
      else e.operand(s.a).operand(s.b).call('opa_value_compare_eq').failIfNonZero()
      return
    }
    case 'IsArray':
    case 'IsObject':
    case 'IsSet':
      e.failUnlessType(s.source, typeTests[s.type])
      return
    case 'IsDefined':
      e.failIfLocalZero(e.local(s.source))
      return
    case 'IsUndefined':
      f.localGet(e.local(s.source))
      e.failIfNonZero()
      return
    case 'Dot':
      if (lowerCachedDot(e, s)) return
      e.operand(s.source).operand(s.key)
      // A constant key is a static string carrying its hash: the runtime skips hashing it.
      e.call(s.key.kind === 'string' ? 'cordon_value_get_str' : 'opa_value_get')
      e.setAndFailIfZero(e.local(s.target))
      return
    case 'Len':
      // Strings, arrays, objects and sets have a length; scalars and undefined fail.
      e.operand(s.source).call('opa_value_type')
      f.i32Const(T.string).i32LtU()
      e.failIfNonZero()
      e.operand(s.source).call('opa_value_length')
      f.i64ExtendI32U().call(e.m.rt('opa_number_int')).localSet(e.local(s.target))
      return
    case 'ArrayAppend':
      f.localGet(e.local(s.array))
      e.operand(s.value).call('opa_array_append')
      return
    case 'ObjectInsert':
      f.localGet(e.local(s.object))
      e.operand(s.key).operand(s.value).call('opa_object_insert')
      return
    case 'ObjectInsertOnce':
      f.localGet(e.local(s.object))
      e.operand(s.key).operand(s.value).call('opa_object_insert_once')
      f.withIf(() => e.abort('conflict', 'object keys must be unique', s.loc))
      return
    case 'ObjectMerge':
      // Both must be objects. Where both hold a non-object at one key, a (the
      // base document) wins, as in OPA's Wasm runtime (wasm-assets 013 "merge conflict").
      for (const op of [s.a, s.b]) e.failUnlessType(op, T.object)
      e.operand(s.a).operand(s.b).call('opa_value_merge')
      f.localSet(e.local(s.target))
      return
    case 'SetAdd':
      f.localGet(e.local(s.set))
      e.operand(s.value).call('opa_set_add')
      return
    case 'ResultSetAdd': {
      if (e.ctxLocal === undefined) throw new Error('ResultSetAdd outside a plan')
      f.localGet(e.ctxLocal).i32Load(8).localGet(e.local(s.value))
      e.call('opa_set_add')
      return
    }
    default: {
      const never: never = s
      throw new Error(`unknown IR statement ${(never as { type: string }).type}`)
    }
  }
}

const isFalse = (op: Operand) => op.kind === 'bool' && !op.value

/** Comparisons with an undefined local fail (constants are always defined). */
function failIfUndefined(e: FnEmitter, ...ops: Operand[]): void {
  for (const op of ops) {
    if (op.kind === 'local') e.failIfLocalZero(e.local(op.local))
  }
}

/** Assign when unset; an equal value is fine; a different one aborts with a conflict. */
function assignOnce(e: FnEmitter, s: Extract<Stmt, { type: 'AssignVarOnce' }>): void {
  const f = e.f
  const t = e.local(s.target)
  if (assignsUnsetLocal(e, s)) {
    e.operand(s.source)
    f.localSet(t)
    return
  }
  // Rule funcs are the memoisable ones (no arguments beyond input, data and mock values).
  const fn = e.func !== undefined && !e.func.memoize && e.func.params.length > 2
  const text = fn
    ? 'functions must not produce multiple outputs for same inputs'
    : 'complete rules must not produce multiple outputs'
  const place = e.place(s.loc)
  if (place) {
    f.localGet(t)
    e.operand(s.source)
    f.i32Const(place.file).i32Const(place.row).call(assignOnceHelper(e.m, text)).localSet(t)
    return
  }
  f.localGet(t)
  f.withIf(
    () => {
      f.localGet(t)
      e.operand(s.source).call('opa_value_compare_eq')
      f.i32Eqz()
      f.withIf(() => e.abort('conflict', text, s.loc))
    },
    () => {
      e.operand(s.source)
      f.localSet(t)
    },
  )
}
