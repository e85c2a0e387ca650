/**
 * IR statement → Wasm, dispatched by statement family. Conventions: every
 * value is an i32 pointer (0 = undefined); a statement that fails branches
 * out of the innermost IR block (`FnEmitter.fail`).
 */
import type { Block, Stmt } from '@cordon/rego'
import type { FnEmitter } from './emitter.js'
import { lowerCall, lowerCallDynamic } from './lower-call.js'
import { lowerBlockStmt, lowerBreak, lowerNot, lowerReturn, lowerScan, lowerWith } from './lower-control.js'
import { lowerSwitch } from './lower-switch.js'
import { lowerValueStmt } from './lower-values.js'
import { lookupChain, lowerLookupChain } from './lookup-chain.js'
import { lowerStmtsOutlined, outlineBlockStmt } from './outline.js'

export function lowerStmts(e: FnEmitter, b: Block): void {
  if (e.body && b.stmts.length > 1) return lowerStmtsOutlined(e, b, e.body, lowerStmts, lowerStmtAt)
  for (let i = 0; i < b.stmts.length;) i += lowerStmtAt(e, b.stmts, i)
}

/** Emits `stmts[i]`, or a chain of lookups starting there; returns the number of statements emitted. */
function lowerStmtAt(e: FnEmitter, stmts: readonly Stmt[], i: number): number {
  const chain = lookupChain(e, stmts, i)
  if (chain.length > 0) {
    lowerLookupChain(e, chain)
    return chain.length
  }
  lowerStmt(e, stmts[i]!)
  return 1
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
