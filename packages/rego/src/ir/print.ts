/**
 * A readable text form of the IR, for tests, debugging and the CLI. One
 * statement per line, nested blocks indented; operands print as `%3` (local),
 * `"text"` (string constant), `true`/`false` and `const#2[…]` (constant value
 * 2 in Rego syntax, shortened past 60 characters).
 */
import type { Block, ConstValue, Func, Operand, Plan, Policy, Stmt } from './ir.js'
import { match, P } from 'ts-pattern'
import { childBlocks } from './walk.js'

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

/** A statement's line, then its nested blocks (`childBlocks`), indented. */
export function printStmt(s: Stmt, p?: Consts, depth = 0): string[] {
  return ['  '.repeat(depth) + stmtLine(s, p), ...childBlocks(s).flatMap((b) => printBlock(b, p, depth + 1))]
}

/**
 * The statement itself, without its nested blocks. Every statement type is
 * named here (`.exhaustive()`): a new one is a type error until it is given
 * a line, either its own or the plain `Type field=value …` form.
 */
function stmtLine(s: Stmt, p: Consts | undefined): string {
  const op = (o: Operand) => printOperand(o, p)
  const str = (i: number) => (p ? JSON.stringify(p.strings[i]) : `$${i}`)
  return match(s)
    .with({ type: 'Block' }, { type: 'Not' }, (x) => x.type)
    .with({ type: 'Scan' }, (x) => `Scan %${x.source} key=%${x.key} value=%${x.value}${x.ordered ? ' ordered' : ''}`)
    .with({ type: 'Switch' }, (x) => `Switch %${x.key} ${op({ kind: 'value', index: x.table })}`)
    .with({ type: 'With' }, (x) => `With %${x.local} [${x.path.map(str).join(', ')}] = ${op(x.value)}`)
    .with({ type: 'Call' }, (x) => `%${x.result} = Call ${x.func}(${x.args.map(op).join(', ')})`)
    .with(
      { type: 'CallDynamic' },
      (x) => `%${x.result} = CallDynamic [${x.path.map(op).join(', ')}](${x.args.map(op).join(', ')})`,
    )
    .with({ type: 'MakeNumberRef' }, (x) => `%${x.target} = MakeNumberRef ${str(x.index)}`)
    .with({ type: 'ResultSetAdd' }, (x) => `ResultSetAdd %${x.value}`)
    .with(
      {
        type: P.union(
          'ReturnLocal',
          'Break',
          'Dot',
          'Len',
          'AssignInt',
          'AssignVar',
          'AssignVarOnce',
          'ResetLocal',
          'MakeNull',
          'MakeNumberInt',
          'MakeArray',
          'MakeObject',
          'MakeSet',
          'Equal',
          'NotEqual',
          'IsArray',
          'IsObject',
          'IsSet',
          'IsDefined',
          'IsUndefined',
          'ArrayAppend',
          'ObjectInsert',
          'ObjectInsertOnce',
          'ObjectMerge',
          'SetAdd',
          'Nop',
        ),
      },
      (x) => plainLine(x, op),
    )
    .exhaustive()
}

/** `Type field=value …`: operands and local fields as operands (`%3`), other values as JSON. */
function plainLine(s: Stmt, op: (o: Operand) => string): string {
  const fields = Object.entries(s)
    .filter(([k]) => k !== 'type' && k !== 'loc')
    .map(
      ([k, v]) =>
        `${k}=${isOperand(v) ? op(v) : typeof v === 'number' && isLocalField(k) ? `%${v}` : JSON.stringify(v)}`,
    )
  return `${s.type} ${fields.join(' ')}`.trimEnd()
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
