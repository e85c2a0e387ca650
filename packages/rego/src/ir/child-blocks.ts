import type { Block, Stmt } from './ir.js'

/** The blocks nested in a statement (Block, Scan, Not, With, Switch), for walking a plan or func. */
export function childBlocks(s: Stmt): Block[] {
  switch (s.type) {
    case 'Block':
      return s.blocks
    case 'Scan':
    case 'Not':
    case 'With':
      return [s.block]
    case 'Switch':
      return s.cases
    default:
      return []
  }
}
