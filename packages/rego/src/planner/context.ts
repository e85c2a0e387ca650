/**
 * The planner's state: what one run shares (string constants, funcs, the rule
 * tree) and what one plan or func owns (locals, bound variables, the block
 * statements are being appended to).
 */
import type { CompiledPolicy } from '../checker/types.js'
import type { Diagnostic } from '../diagnostics.js'
import type { Block, ConstValue, Func, Local, Operand, Stmt, StmtLocation } from '../ir/ir.js'
import type { Location } from '../location.js'
import type { Rule, Term } from '../ast.js'
import type { RuleNode } from './rule-tree.js'

/**
 * What a `with` replaces for every func planned under a generation. Data
 * mocks need no entry: the replaced value travels inside the `data` local,
 * and refs under a mocked path read it from there instead of calling rules.
 */
export type Mock =
  /** The mock value is passed to every func of the generation as an extra parameter. */
  | { kind: 'value'; slot: number }
  /** Calls go to another function (`data.pkg.g`) or builtin (`count`). */
  | { kind: 'func'; target: string }

/**
 * A set of active mocks. Funcs are planned once per generation, so a rule
 * read under `with` gets its own copy that sees the mocks (OPA's `g1`, `g2`…).
 */
export interface Generation {
  id: number
  key: string
  /** Function or builtin path (`data.test.f`, `count`) → replacement. */
  mocks: ReadonlyMap<string, Mock>
  /** Data paths replaced by `with data…` (segments after `data`). */
  dataMocks: readonly string[][]
  /** Number of value slots (extra func parameters). */
  slots: number
}

/** A planning failure that the planner reports as a diagnostic instead of emitting broken IR. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly loc?: Location,
  ) {
    super(message)
  }
}

export class PlannerState {
  readonly strings: string[] = []
  private readonly stringIndex = new Map<string, number>()
  readonly values: ConstValue[] = []
  private readonly valueIndex = new Map<string, number>()
  readonly files: string[] = []
  private readonly fileIndex = new Map<string, number>()
  readonly builtins = new Set<string>()
  readonly funcs = new Map<string, Func>()
  readonly diagnostics: Diagnostic[] = []
  readonly generations = new Map<string, Generation>()
  readonly root: Generation = { id: 0, key: '', mocks: new Map(), dataMocks: [], slots: 0 }
  /** Whether `print` calls are planned (else dropped). */
  print = true
  /** Whether rule groups with many bodies comparing one ref with constants are indexed. */
  indexRules = true
  /** Whether scans planned now must go in Rego's value order: inside an array comprehension. */
  orderedScans = false
  /**
   * Array comprehensions whose element order cannot show (see
   * `noteOrderFreeArgument`): their scans go in bucket order, as a set
   * comprehension's do, without a sorted view of each collection scanned.
   */
  readonly orderFree = new WeakSet<Term>()

  constructor(
    readonly compiled: CompiledPolicy,
    readonly tree: RuleNode,
  ) {
    this.generations.set('', this.root)
  }

  /** The generation with these mocks, made once per distinct set. */
  generation(mocks: ReadonlyMap<string, Mock>, dataMocks: readonly string[][], slots: number): Generation {
    const key = [
      ...[...mocks].map(([name, m]) => `${name}=${m.kind === 'func' ? m.target : `#${m.slot}`}`).sort(),
      ...dataMocks.map((p) => `data.${p.join('.')}`).sort(),
    ].join(';')
    let gen = this.generations.get(key)
    if (!gen) {
      gen = { id: this.generations.size, key, mocks, dataMocks, slots }
      this.generations.set(key, gen)
    }
    return gen
  }

  str(s: string): number {
    let i = this.stringIndex.get(s)
    if (i === undefined) {
      i = this.strings.length
      this.strings.push(s)
      this.stringIndex.set(s, i)
    }
    return i
  }

  /** The index of constant value `v` (equal constants share one). */
  value(v: ConstValue): number {
    const key = JSON.stringify(v)
    let i = this.valueIndex.get(key)
    if (i === undefined) {
      i = this.values.length
      this.values.push(v)
      this.valueIndex.set(key, i)
    }
    return i
  }

  loc(l: Location | undefined): StmtLocation | undefined {
    if (!l) return undefined
    let f = this.fileIndex.get(l.file)
    if (f === undefined) {
      f = this.files.length
      this.files.push(l.file)
      this.fileIndex.set(l.file, f)
    }
    return { file: f, row: l.row, col: l.col }
  }
}

/** A frozen layer of bindings shared by forks. */
interface Layer {
  map: ReadonlyMap<string, Local>
  parent?: Layer
  depth: number
}

const UNBOUND: Local = -1
/** Past this many layers a lookup would cost more than a copy: flatten. */
const MAX_DEPTH = 16

/**
 * Variable bindings. Snapshots are taken per expression, so `fork` must be
 * cheap: each side gets a fresh top layer over the bindings frozen at the
 * fork, and layers are flattened once they stack deep. Copying the whole map
 * on the first write after a fork made long bodies quadratic.
 */
class Vars {
  private top = new Map<string, Local>()
  constructor(private base?: Layer) {}

  get(name: string): Local | undefined {
    const own = this.top.get(name)
    if (own !== undefined) return own === UNBOUND ? undefined : own
    for (let l = this.base; l; l = l.parent) {
      const v = l.map.get(name)
      if (v !== undefined) return v === UNBOUND ? undefined : v
    }
    return undefined
  }
  has(name: string): boolean {
    return this.get(name) !== undefined
  }
  set(name: string, l: Local): void {
    this.top.set(name, l)
  }
  delete(name: string): void {
    this.top.set(name, UNBOUND)
  }
  /** An independent copy: writes on either side are not seen by the other. */
  fork(): Vars {
    const depth = (this.base?.depth ?? 0) + 1
    this.base = depth > MAX_DEPTH ? { map: this.flatten(), depth: 1 } : { map: this.top, parent: this.base, depth }
    this.top = new Map()
    return new Vars(this.base)
  }
  private flatten(): Map<string, Local> {
    const layers: ReadonlyMap<string, Local>[] = [this.top]
    for (let l = this.base; l; l = l.parent) layers.push(l.map)
    const out = new Map<string, Local>()
    for (let i = layers.length - 1; i >= 0; i--) for (const [k, v] of layers[i]!) out.set(k, v)
    for (const [k, v] of out) if (v === UNBOUND) out.delete(k)
    return out
  }
}

/** The locals and variable bindings of one plan or func, and where statements go. */
export class Scope {
  private next = 2
  /** Rego variable name → the local holding its value. Absent means unbound. */
  vars = new Vars()
  curr: Stmt[] = []
  /** The rule whose body is being planned (for `rego.metadata.rule()` and `chain()`). */
  rule?: Rule

  constructor(
    /** The generation being planned; `with` switches it for the expression it modifies. */
    public gen: Generation,
    /** The locals holding this generation's mock values, by slot. */
    public mockLocals: Local[] = [],
  ) {}

  newLocal(): Local {
    return this.next++
  }
}

/** Everything a planning function needs: the run, and the plan or func being built. */
export interface Ctx {
  st: PlannerState
  sc: Scope
}

export const local = (l: Local): Operand => ({ kind: 'local', local: l })
export const strOp = (c: Ctx, s: string): Operand => ({ kind: 'string', index: c.st.str(s) })

export function emit(c: Ctx, stmt: Stmt): void {
  c.sc.curr.push(stmt)
}

/** Emits a scan, in Rego's value order where the order shows (see `orderedScans`). */
export function emitScan(c: Ctx, scan: { source: Local; key: Local; value: Local; block: Block }): void {
  emit(c, { type: 'Scan', ...scan, ...(c.st.orderedScans && { ordered: true }) })
}

/** Runs `fn` with statements going into a fresh block, which is returned. */
export function inBlock(c: Ctx, fn: () => void): Block {
  const saved = c.sc.curr
  const block: Block = { stmts: [] }
  c.sc.curr = block.stmts
  try {
    fn()
  } finally {
    c.sc.curr = saved
  }
  return block
}

/**
 * Runs `fn` and then forgets the variables it bound. Alternatives (blocks of
 * a rule, closures, `not`) must not see each other's bindings.
 */
export function isolated<T>(c: Ctx, fn: () => T): T {
  const saved = c.sc.vars.fork()
  try {
    return fn()
  } finally {
    c.sc.vars = saved
  }
}

/** Puts an operand into a local (a literal needs one to be stored or passed by reference). */
export function toLocal(c: Ctx, op: Operand): Local {
  if (op.kind === 'local') return op.local
  const l = c.sc.newLocal()
  emit(c, { type: 'AssignVar', source: op, target: l })
  return l
}

/** Where planning stands: the block being filled, the bindings, the generation. */
export interface Snapshot {
  curr: Stmt[]
  vars: Vars
  gen: Generation
  mockLocals: Local[]
}

export function snapshot(c: Ctx): Snapshot {
  return { curr: c.sc.curr, vars: c.sc.vars.fork(), gen: c.sc.gen, mockLocals: c.sc.mockLocals }
}

export function restore(c: Ctx, s: Snapshot): void {
  c.sc.curr = s.curr
  c.sc.vars = s.vars.fork()
  c.sc.gen = s.gen
  c.sc.mockLocals = s.mockLocals
}

/**
 * Runs `run` with a continuation that only records where it was reached,
 * then continues from each recorded point once `run` has returned. The plan
 * is the same as calling `cont` directly (planning functions emit nothing
 * after calling their continuation, and everything lands in the recorded
 * block), but a long body or a large literal no longer nests one JS frame
 * chain per element, which overflowed the stack at a few hundred.
 */
export function resume<T>(c: Ctx, run: (k: (v: T) => void) => void, cont: (v: T) => void): void {
  const outer = snapshot(c)
  const points: [T, Snapshot][] = []
  run((v) => points.push([v, snapshot(c)]))
  for (const [v, s] of points) {
    restore(c, s)
    cont(v)
  }
  restore(c, outer)
}
