/**
 * `object.get(x, path, default)` where the path is a constant array of
 * strings known at compile time (a constant operand, or a scan's value in an
 * unrolled copy, unroll-scans.ts): when `x` is an object, the lookups along
 * the path, two keys a call (lookup-chain.ts), and the default when one is
 * missing; otherwise the builtin itself, which reports the type error. A
 * string key finds in an object, a set or an array what the builtin's
 * `opa_value_get` finds (nothing, in an array), so the result is the same.
 */
import type { ConstValue, Operand, Stmt } from '@cordon/rego'
import { ValType } from '../binary/index.js'
import { T, type FnEmitter } from './emitter.js'
import { emitKeyLookups } from './key-lookups.js'

type Call = Extract<Stmt, { type: 'Call' }>

/** The keys of a constant path argument, when it is an array of strings known here. */
function constantPath(e: FnEmitter, op: Operand): string[] | undefined {
  let value: ConstValue | undefined
  if (op.kind === 'local') value = e.constLocals.get(op.local)
  else if (op.kind === 'value') value = e.m.policy.values?.[op.index]
  if (value?.type !== 'array') return undefined
  const keys: string[] = []
  for (const item of value.items) {
    if (item.type !== 'string') return undefined
    keys.push(item.value)
  }
  return keys
}

/**
 * Emits `s` (a native `object.get` call, its call site already recorded) as
 * lookups along its constant path, leaving the result on the stack; false
 * (nothing emitted) when its path is not one.
 */
export function emitObjectGetPath(e: FnEmitter, s: Call, builtin: number): boolean {
  if (s.func !== 'object.get' || s.args.length !== 3) return false
  const keys = constantPath(e, s.args[1]!)
  if (!keys) return false
  const f = e.f
  const x = e.temp()
  const found = e.temp()
  e.operand(s.args[0]!)
  // x is an object: defined, and its type byte (VALUES.md) says so.
  f.localTee(x).if(undefined, ValType.i32)
  f.localGet(x).i32Load8U().i32Const(T.object).i32Eq()
  f.else().i32Const(0).end()
  f.if(undefined, ValType.i32)
  f.localGet(x)
  emitKeyLookups(e.m, f, keys)
  // found ? found : default, and undefined when the default is (as the builtin answers).
  f.localTee(found)
  e.operand(s.args[2]!)
  f.localGet(found).select()
  f.i32Const(0)
  e.operand(s.args[2]!)
  f.select()
  f.else()
  f.localGet(x)
  e.operand(s.args[1]!).operand(s.args[2]!)
  f.call(builtin)
  f.end()
  return true
}
