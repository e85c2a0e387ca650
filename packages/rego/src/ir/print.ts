/**
 * A readable text form of the IR, for tests, debugging and the CLI. One
 * statement per line, nested blocks indented; operands print as `%3` (local),
 * `"text"` (string constant), `true`/`false` and `const#2[…]` (constant value
 * 2 in Rego syntax, shortened past 60 characters).
 */
import type { Block, ConstValue, Func, Operand, Plan, Policy, Stmt } from './ir.js'

type Consts = Pick<Policy, 'strings' | 'values'>

export function printPolicy(p: Policy): string {
  const out: string[] = []
  for (const plan of p.plans) out.push(printPlan(plan, p))
  for (const func of p.funcs) out.push(printFunc(func, p))
  return out.join('\n')
}

export function printPlan(plan: Plan, p?: Consts): string {
  return [`plan ${plan.name}`, ...plan.blocks.flatMap((b) => printBlock(b, p, 1))].join('\n')
}

export function printFunc(f: Func, p?: Consts): string {
  const head = `func ${f.name}(${f.params.map((l) => `%${l}`).join(', ')}) -> %${f.returnLocal}${f.memoize ? ' memo' : ''}`
  return [head, ...f.blocks.flatMap((b) => printBlock(b, p, 1))].join('\n')
}

function printBlock(b: Block, p: Consts | undefined, depth: number): string[] {
  const pad = '  '.repeat(depth)
  return [`${pad}block`, ...b.stmts.flatMap((s) => printStmt(s, p, depth + 1))]
}

export function printStmt(s: Stmt, p?: Consts, depth = 0): string[] {
  const pad = '  '.repeat(depth)
  const op = (o: Operand) => printOperand(o, p)
  const str = (i: number) => (p ? JSON.stringify(p.strings[i]) : `$${i}`)
  const nested = (blocks: Block[]) => blocks.flatMap((b) => printBlock(b, p, depth + 1))
  switch (s.type) {
    case 'Block':
      return [`${pad}Block`, ...nested(s.blocks)]
    case 'Scan':
      return [`${pad}Scan %${s.source} key=%${s.key} value=%${s.value}${s.ordered ? ' ordered' : ''}`, ...nested([s.block])]
    case 'Not':
      return [`${pad}Not`, ...nested([s.block])]
    case 'Switch':
      return [`${pad}Switch %${s.key} ${op({ kind: 'value', index: s.table })}`, ...nested(s.cases)]
    case 'With':
      return [`${pad}With %${s.local} [${s.path.map(str).join(', ')}] = ${op(s.value)}`, ...nested([s.block])]
    case 'Call':
      return [`${pad}%${s.result} = Call ${s.func}(${s.args.map(op).join(', ')})`]
    case 'CallDynamic':
      return [`${pad}%${s.result} = CallDynamic [${s.path.map(op).join(', ')}](${s.args.map(op).join(', ')})`]
    case 'MakeNumberRef':
      return [`${pad}%${s.target} = MakeNumberRef ${str(s.index)}`]
    case 'ResultSetAdd':
      return [`${pad}ResultSetAdd %${s.value}`]
    default: {
      const fields = Object.entries(s)
        .filter(([k]) => k !== 'type' && k !== 'loc')
        .map(([k, v]) => `${k}=${isOperand(v) ? op(v) : typeof v === 'number' && isLocalField(k) ? `%${v}` : JSON.stringify(v)}`)
      return [`${pad}${s.type} ${fields.join(' ')}`.trimEnd()]
    }
  }
}

function printOperand(o: Operand, p?: Consts): string {
  if (o.kind === 'local') return `%${o.local}`
  if (o.kind === 'bool') return String(o.value)
  if (o.kind === 'value') {
    const v = p?.values?.[o.index]
    if (!v) return `const#${o.index}`
    const text = printConst(v)
    return `const#${o.index}${text.length > 60 ? `${text.slice(0, 59)}…` : text}`
  }
  return p ? JSON.stringify(p.strings[o.index]) : `$${o.index}`
}

/** A constant value in Rego syntax. */
function printConst(v: ConstValue): string {
  switch (v.type) {
    case 'null':
      return 'null'
    case 'boolean':
      return String(v.value)
    case 'number':
      return v.text
    case 'string':
      return JSON.stringify(v.value)
    case 'array':
      return `[${v.items.map(printConst).join(', ')}]`
    case 'set':
      return v.items.length === 0 ? 'set()' : `{${v.items.map(printConst).join(', ')}}`
    case 'object':
      return `{${v.entries.map(([k, x]) => `${printConst(k)}: ${printConst(x)}`).join(', ')}}`
  }
}

function isOperand(v: unknown): v is Operand {
  return typeof v === 'object' && v !== null && 'kind' in v
}

function isLocalField(k: string): boolean {
  return ['target', 'source', 'array', 'object', 'set', 'result', 'local'].includes(k)
}
