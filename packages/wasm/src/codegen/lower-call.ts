/**
 * Calls: planned funcs (direct `call`), native builtins (a runtime export),
 * host builtins (`opa_builtinN(id, 0, args…)`), and `CallDynamic`, which
 * picks a func by its rule path at run time.
 *
 * Dynamic dispatch compares the path operands against the paths of the funcs
 * that can match (constant segments are matched at compile time, variable
 * ones with `opa_value_compare_eq` against static strings) and calls the
 * first match directly. That is the behaviour of OPA's path table plus
 * `call_indirect`, without a table: the candidates are known statically.
 */
import { builtinDecls } from '@cordon/builtins/declarations'
import type { Operand, Stmt } from '@cordon/rego'
import { HOST_FALLBACK, MAX_HOST_ARGS } from './builtin-map.js'
import { ValType, type FuncType } from '../binary/index.js'
import type { FnEmitter } from './emitter.js'
import { dataTimeParse } from './data-times.js'
import { lowerTypeTest } from './type-tests.js'
import { unionsInPlace } from './union-in-place.js'
import { emitObjectGetPath } from './object-get-path.js'

type StmtOf<K extends Stmt['type']> = Extract<Stmt, { type: K }>

export function lowerCall(e: FnEmitter, s: StmtOf<'Call'>): void {
  const f = e.f
  const result = e.local(s.result)
  const target = e.m.funcs.get(s.func)
  if (target) {
    if (target.func.params.length !== s.args.length) {
      throw new Error(`call of ${s.func} with ${s.args.length} arguments, it takes ${target.func.params.length}`)
    }
    for (const a of s.args) e.operand(a)
    if (e.tableCall?.func === s.func) {
      f.localGet(e.tableCall.slotLocal).callIndirect(
        e.m.linker.addType(
          s.args.map(() => ValType.i32),
          [ValType.i32],
        ),
      )
    } else f.call(target.index)
    e.setAndFailIfZero(result)
    return
  }
  if (lowerTypeTest(e, s)) return
  if (unionsInPlace(e, s)) {
    setCallSite(e, s)
    callRuntime(e, s, 'cordon_object_union_into')
    e.setAndFailIfZero(result)
    return
  }
  const native = e.m.builtins.native.get(s.func)
  const fastPath = e.m.builtins.fastPaths.get(s.func)
  const hostId = e.m.builtins.hostIds.get(s.func)
  const voidResult = builtinDecls.get(s.func)?.decl.result === undefined && builtinDecls.has(s.func)
  if (native !== undefined || hostId !== undefined) setCallSite(e, s)
  if (native !== undefined) {
    if (!emitObjectGetPath(e, s, e.m.rt(native))) {
      const type = callRuntime(e, s, native)
      if (type.results.length === 0) return setTrue(e, s.result)
    }
  } else if (fastPath !== undefined && hostId !== undefined) {
    // The host only sees the calls the fast path declines.
    const viaTable = dataTimeParse(e.m, s.func, fastPath)
    if (viaTable !== undefined && s.args.length === 1) {
      e.operand(s.args[0]!)
      f.call(viaTable)
    } else callRuntime(e, s, fastPath)
    f.localTee(result).i32Const(HOST_FALLBACK).i32Eq().if()
    callHost(e, s, hostId)
    f.localSet(result).end().localGet(result)
  } else if (hostId !== undefined) {
    callHost(e, s, hostId)
  } else {
    throw new Error(`call of ${s.func}: neither a func of the policy nor a builtin it declares`)
  }
  if (voidResult) {
    f.drop()
    return setTrue(e, s.result)
  }
  e.setAndFailIfZero(result)
}

/** Calls runtime export `name` with the call's arguments; returns its type. */
function callRuntime(e: FnEmitter, s: StmtOf<'Call'>, name: string): FuncType {
  const index = e.m.rt(name)
  const type = e.m.linker.functionType(index)
  if (type.params.length !== s.args.length) {
    throw new Error(
      `builtin ${s.func}: runtime function ${name} takes ${type.params.length} arguments, the call passes ${s.args.length}`,
    )
  }
  for (const a of s.args) e.operand(a)
  e.f.call(index)
  return type
}

/** `opa_builtinN(id, 0, args…)`, leaving the result on the stack. */
function callHost(e: FnEmitter, s: StmtOf<'Call'>, hostId: number): void {
  const f = e.f
  f.i32Const(hostId).i32Const(0)
  if (s.args.length > MAX_HOST_ARGS) {
    // OPA's ABI stops at opa_builtin4: more arguments go packed in one array
    // through opa_builtin1 (defineBuiltin's implementations unpack them).
    const packed = e.temp()
    f.i32Const(s.args.length).call(e.m.rt('opa_array_with_cap')).localSet(packed)
    for (const a of s.args) {
      f.localGet(packed)
      e.operand(a)
      f.call(e.m.rt('opa_array_append'))
    }
    f.localGet(packed).call(e.m.imports.builtin[1]!)
  } else {
    for (const a of s.args) e.operand(a)
    f.call(e.m.imports.builtin[s.args.length]!)
  }
}

/**
 * Builtins that never raise an error: no call site is recorded for them, so
 * comparisons and type tests in hot loops stay two instructions shorter.
 */
const INFALLIBLE = new Set([
  'equal',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'is_array',
  'is_boolean',
  'is_null',
  'is_number',
  'is_object',
  'is_set',
  'is_string',
  'internal.member_2',
  'internal.member_3',
  'type_name',
])

/**
 * Records the call's location in the runtime's `cordon_loc_file` (address of
 * the file name) and `cordon_loc_row` globals, so that a strict builtin error,
 * native or host, starts with OPA's `file:row: `. Two `global.set`s of
 * constants; nothing when the runtime lacks the globals or the IR the location.
 */
function setCallSite(e: FnEmitter, s: StmtOf<'Call'>): void {
  const g = e.m.callSite
  if (!g || !s.loc || INFALLIBLE.has(s.func)) return
  const file = e.m.policy.files[s.loc.file]
  if (file === undefined) return
  e.f.i32Const(e.m.data.cString(file)).globalSet(g.file)
  e.f.i32Const(s.loc.row).globalSet(g.row)
}

/** A call whose result is ignored (no declared result) evaluates to `true`. */
function setTrue(e: FnEmitter, result: number): void {
  e.f.i32Const(e.m.data.boolValue(true)).localSet(e.local(result))
}

export function lowerCallDynamic(e: FnEmitter, s: StmtOf<'CallDynamic'>): void {
  const f = e.f
  const result = e.local(s.result)
  const found = e.newLabel('dynFound')
  f.block(found)
  for (const { func, index } of e.m.funcs.values()) {
    const path = func.path
    if (!path || path.length !== s.path.length || func.params.length !== s.args.length) continue
    if (!s.path.every((op, i) => matchesStatically(e, op, path[i]!))) continue
    const next = e.newLabel('dynNext')
    f.block(next)
    s.path.forEach((op, i) => {
      if (op.kind !== 'local') return
      f.localGet(e.local(op.local)).i32Const(e.m.data.stringValue(path[i]!))
      f.call(e.m.rt('opa_value_compare_eq')).i32Eqz().brIf(next)
    })
    for (const a of s.args) e.operand(a)
    f.call(index).localTee(result)
    e.failIfZero()
    f.br(found)
    f.end()
  }
  // No rule at that path.
  e.fail()
  f.end()
}

/** Whether an operand can equal the segment: constants are decided now, locals at run time. */
function matchesStatically(e: FnEmitter, op: Operand, segment: string): boolean {
  if (op.kind === 'local') return true
  if (op.kind === 'string') return e.string(op.index) === segment
  return false
}
