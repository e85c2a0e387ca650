/**
 * IR statement → Wasm, dispatched by statement family. Conventions: every
 * value is an i32 pointer (0 = undefined); a statement that fails branches
 * out of the innermost IR block (`FnEmitter.fail`).
 */
import { builtinDecls } from '@cordon/builtins/declarations'
import type { Block, Local, Operand, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { fuseCountTests } from './count-tests.js'
import { lowerCall, lowerCallDynamic } from './lower-call.js'
import { lowerBlockStmt, lowerBreak, lowerNot, lowerReturn, lowerScan, lowerWith } from './lower-control.js'
import { lowerSwitch } from './lower-switch.js'
import { lowerValueStmt } from './lower-values.js'
import { lookupChain, lowerLookupChain } from './lookup-chain.js'
import { funcsNeverFalse } from './never-false.js'
import { lowerStmtsOutlined, outlineBlockStmt } from './outline.js'

export function lowerStmts(e: FnEmitter, block: Block): void {
  const b = fuseCountTests(e, block)
  if (e.body && b.stmts.length > 1) return lowerStmtsOutlined(e, b, e.body, lowerStmts, lowerStmtAt, block)
  for (let i = 0; i < b.stmts.length;) i += lowerStmtAt(e, b.stmts, i)
}

/**
 * Emits `stmts[i]`, or a chain of lookups starting there, and the planner's
 * `x != false` test of its result right after when that can join the
 * result's test for undefined (`FnEmitter.falsyTest`); returns the number
 * of statements emitted.
 */
function lowerStmtAt(e: FnEmitter, stmts: readonly Stmt[], i: number): number {
  const chain = lookupChain(e, stmts, i)
  const n = Math.max(chain.length, 1)
  const result = resultLocal(stmts[i + n - 1]!)
  const test = stmts[i + n]
  e.falsyTest = result !== undefined && test && testsNotFalse(test, result) ? e.local(result) : undefined
  const last = stmts[i + n - 1]!
  e.falsyTestTrivial = last.type === 'Call' && funcsNeverFalse(e.m.policy).has(last.func)
  e.falsyTestBoolean = last.type === 'Call' && !e.falsyTestTrivial && nativeBoolean(e, last.func)
  if (chain.length > 0) lowerLookupChain(e, chain)
  else lowerStmt(e, stmts[i]!)
  const joined = e.falsyTest === undefined && test !== undefined && result !== undefined && testsNotFalse(test, result)
  e.falsyTest = undefined
  e.falsyTestTrivial = false
  e.falsyTestBoolean = false
  return joined ? n + 1 : n
}

/** Whether `func` is a builtin the runtime implements that returns a boolean (or undefined). */
function nativeBoolean(e: FnEmitter, func: string): boolean {
  return e.m.builtins.native.has(func) && builtinDecls.get(func)?.decl.result?.type === 'boolean'
}

/** The local a call or lookup sets (and tests for undefined). */
function resultLocal(s: Stmt): Local | undefined {
  return s.type === 'Call' ? s.result : s.type === 'Dot' ? s.target : undefined
}

/** Whether `s` is `local != false`. */
function testsNotFalse(s: Stmt, local: Local): boolean {
  if (s.type !== 'NotEqual') return false
  const isLocal = (op: Operand) => op.kind === 'local' && op.local === local
  const isFalse = (op: Operand) => op.kind === 'bool' && !op.value
  return (isLocal(s.a) && isFalse(s.b)) || (isFalse(s.a) && isLocal(s.b))
}

function lowerStmt(e: FnEmitter, s: Stmt): void {
  switch (s.type) {
    case 'Nop':
      return
    case 'ReturnLocal':
      return lowerReturn(e, s.source)
    case 'Block':
      if (e.body && outlineBlockStmt(e, s, e.body, lowerStmts)) return
      return lowerBlockStmt(e, s.blocks, lowerStmts)
    case 'Break':
      return lowerBreak(e, s.index)
    case 'Scan':
      return lowerScan(e, s, lowerStmts)
    case 'Not':
      return lowerNot(e, s.block, lowerStmts)
    case 'With':
      return lowerWith(e, s, lowerStmts)
    case 'Switch':
      return lowerSwitch(e, s, lowerStmts)
    case 'Call':
      return lowerCall(e, s)
    case 'CallDynamic':
      return lowerCallDynamic(e, s)
    default:
      return lowerValueStmt(e, s)
  }
}
