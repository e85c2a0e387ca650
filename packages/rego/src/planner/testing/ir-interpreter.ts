/**
 * A reference interpreter of the IR, for tests only: it runs a planned
 * policy on plain JS values so the planner can be checked against the
 * conformance cases before (and independently of) the Wasm backend.
 *
 * Block semantics: executing statements yields `undefined` (completed) or
 * the number of enclosing blocks still to leave; a failing statement leaves
 * its block (0 more), `Break n` leaves n more, `ReturnLocal` leaves them all.
 */
import type { Block, Func, Operand, Policy, Stmt } from '../../ir/ir.js'
import { builtins } from './builtins.js'
import { copyShallow, equal, parseNumber, RObject, RSet, type Value } from './values.js'
import { fromConst } from './const-values.js'

/** An evaluation error raised by compiled code (conflicts), with OPA's message form. */
export class EvalError extends Error {
  constructor(
    readonly code: 'eval_conflict_error' | 'eval_builtin_error' | 'eval_internal_error',
    message: string,
    where = '',
  ) {
    // OPA's form: `file:row:col: code: message`.
    super(`${where}${code}: ${message}`)
  }
}

const RETURN = 1e9

interface Frame {
  func?: string
  locals: (Value | undefined)[]
  ret?: Value
}

export interface EvalOptions {
  input?: Value
  data?: Value
  /** Extra builtins (or replacements), by name. */
  builtins?: Record<string, (...args: Value[]) => Value | undefined>
  /** Whether a func is a Rego function (its conflicts read "functions must not produce…"). */
  isFunction?: (func: string) => boolean
}

export function evaluate(policy: Policy, plan: string, options: EvalOptions = {}): Value[] {
  return new Interpreter(policy, options).run(plan)
}

class Interpreter {
  private readonly funcs = new Map<string, Func>()
  /** Memoised results of argument-less funcs; a stack level per active `With`. */
  private memo: Map<string, Value | undefined>[] = [new Map()]
  private results: Value[] = []

  constructor(
    private readonly policy: Policy,
    private readonly options: EvalOptions,
  ) {
    for (const f of policy.funcs) this.funcs.set(f.name, f)
  }

  run(planName: string): Value[] {
    const plan = this.policy.plans.find((p) => p.name === planName)
    if (!plan) throw new Error(`no plan ${planName}`)
    this.results = []
    for (const block of plan.blocks) {
      const frame: Frame = { locals: [this.options.input, this.options.data ?? new RObject()] }
      this.block(block, frame)
    }
    return this.results
  }

  private block(b: Block, f: Frame): number | undefined {
    const r = this.stmts(b.stmts, f)
    return r === undefined || r === 0 ? undefined : r - 1
  }

  private stmts(list: Stmt[], f: Frame): number | undefined {
    for (const s of list) {
      const r = this.stmt(s, f)
      if (r !== undefined) return r
    }
    return undefined
  }

  private op(o: Operand, f: Frame): Value | undefined {
    if (o.kind === 'local') return f.locals[o.local]
    if (o.kind === 'bool') return o.value
    if (o.kind === 'value') return this.constant(o.index)
    return this.policy.strings[o.index]
  }

  private readonly constants = new Map<number, Value>()

  /** Constant value `index`, converted once (constants are never mutated). */
  private constant(index: number): Value {
    let v = this.constants.get(index)
    if (v === undefined) {
      const cv = this.policy.values?.[index]
      if (!cv)
        throw new Error(`IR refers to constant value ${index}, the policy has ${this.policy.values?.length ?? 0}`)
      v = fromConst(cv)
      this.constants.set(index, v)
    }
    return v
  }

  private where(s: Stmt): string {
    if (!s.loc) return ''
    return `${this.policy.files[s.loc.file]}:${s.loc.row}:${s.loc.col}: `
  }

  /** Runs one statement; returns undefined to go on, or how many enclosing blocks to leave (0: this one). */
  private stmt(s: Stmt, f: Frame): number | undefined {
    const L = f.locals
    const def = (v: Value | undefined) => (v === undefined ? 0 : undefined)
    switch (s.type) {
      case 'ReturnLocal':
        f.ret = L[s.source]
        return RETURN
      case 'Call': {
        const args = s.args.map((a) => this.op(a, f))
        // input may be undefined when passed to a func; a builtin never gets an undefined argument.
        if (!this.funcs.has(s.func) && args.some((a) => a === undefined)) return 0
        L[s.result] = this.call(s.func, args as Value[])
        return def(L[s.result])
      }
      case 'CallDynamic':
        throw new Error('CallDynamic is not planned yet')
      case 'Block':
        for (const b of s.blocks) {
          const r = this.block(b, f)
          if (r !== undefined) return r
        }
        return undefined
      case 'Break':
        return s.index
      case 'Switch': {
        const key = L[s.key]
        const n = key === undefined ? undefined : dot(this.constant(s.table), key)
        return n === undefined ? undefined : this.block(s.cases[Number(n)]!, f)
      }
      case 'Dot': {
        const src = this.op(s.source, f)
        const key = this.op(s.key, f)
        if (src === undefined || key === undefined) return 0
        L[s.target] = dot(src, key)
        return def(L[s.target])
      }
      case 'Len': {
        const v = this.op(s.source, f)
        L[s.target] = Array.isArray(v)
          ? v.length
          : v instanceof RObject || v instanceof RSet
            ? v.size
            : typeof v === 'string'
              ? [...v].length
              : undefined
        return def(L[s.target])
      }
      case 'Scan': {
        const src = L[s.source]
        for (const [k, v] of elements(src)) {
          L[s.key] = k
          L[s.value] = v
          const r = this.block(s.block, f)
          if (r !== undefined) return r
        }
        return undefined
      }
      case 'Not': {
        const before = this.stmts(s.block.stmts, f)
        if (before === undefined) return 0
        return before === 0 ? undefined : before - 1
      }
      case 'AssignInt':
      case 'MakeNumberInt':
        L[s.target] = s.value
        return undefined
      case 'AssignVar':
        L[s.target] = this.op(s.source, f)
        return undefined
      case 'AssignVarOnce': {
        const v = this.op(s.source, f)
        const cur = L[s.target]
        if (cur !== undefined && v !== undefined && !equal(cur, v))
          throw new EvalError(
            'eval_conflict_error',
            f.func && this.options.isFunction?.(f.func)
              ? 'functions must not produce multiple outputs for same inputs'
              : 'complete rules must not produce multiple outputs',
            this.where(s),
          )
        L[s.target] = v
        return undefined
      }
      case 'ResetLocal':
        L[s.target] = undefined
        return undefined
      case 'MakeNull':
        L[s.target] = null
        return undefined
      case 'MakeNumberRef':
        L[s.target] = parseNumber(this.policy.strings[s.index]!)
        return undefined
      case 'MakeArray':
        L[s.target] = []
        return undefined
      case 'MakeObject':
        L[s.target] = new RObject()
        return undefined
      case 'MakeSet':
        L[s.target] = new RSet()
        return undefined
      case 'Equal':
      case 'NotEqual': {
        const a = this.op(s.a, f)
        const b = this.op(s.b, f)
        if (a === undefined || b === undefined) return 0
        return equal(a, b) === (s.type === 'Equal') ? undefined : 0
      }
      case 'IsArray':
        return Array.isArray(this.op(s.source, f)) ? undefined : 0
      case 'IsObject':
        return this.op(s.source, f) instanceof RObject ? undefined : 0
      case 'IsSet':
        return this.op(s.source, f) instanceof RSet ? undefined : 0
      case 'IsDefined':
        return L[s.source] === undefined ? 0 : undefined
      case 'IsUndefined':
        return L[s.source] === undefined ? undefined : 0
      case 'ArrayAppend':
        ;(L[s.array] as Value[]).push(this.op(s.value, f)!)
        return undefined
      case 'ObjectInsert':
        ;(L[s.object] as RObject).set(this.op(s.key, f)!, this.op(s.value, f)!)
        return undefined
      case 'ObjectInsertOnce': {
        const o = L[s.object] as RObject
        const k = this.op(s.key, f)!
        const v = this.op(s.value, f)!
        const cur = o.get(k)
        if (cur !== undefined && !equal(cur, v))
          throw new EvalError('eval_conflict_error', 'object keys must be unique', this.where(s))
        o.set(k, v)
        return undefined
      }
      case 'ObjectMerge': {
        const a = this.op(s.a, f)
        const b = this.op(s.b, f)
        if (!(a instanceof RObject) || !(b instanceof RObject)) return 0
        L[s.target] = merge(a, b)
        return undefined
      }
      case 'SetAdd':
        ;(L[s.set] as RSet).add(this.op(s.value, f)!)
        return undefined
      case 'With': {
        const saved = L[s.local]
        const value = this.op(s.value, f)
        L[s.local] =
          s.path.length === 0
            ? value
            : upsert(
                saved,
                s.path.map((i) => this.policy.strings[i]!),
                value!,
              )
        this.memo.push(new Map())
        try {
          // A failing block fails the With statement itself.
          const r = this.stmts(s.block.stmts, f)
          return r === undefined ? undefined : Math.max(0, r - 1)
        } finally {
          this.memo.pop()
          L[s.local] = saved
        }
      }
      case 'Nop':
        return undefined
      case 'ResultSetAdd':
        this.results.push(L[s.value]!)
        return undefined
    }
  }

  private call(name: string, args: Value[]): Value | undefined {
    const func = this.funcs.get(name)
    if (!func) {
      const impl = this.options.builtins?.[name] ?? builtins[name]
      if (!impl) throw new EvalError('eval_builtin_error', `builtin ${name} is not implemented by the test interpreter`)
      try {
        return impl(...args)
      } catch (e) {
        throw new EvalError('eval_builtin_error', `${name}: ${(e as Error).message}`)
      }
    }
    const memo = this.memo[this.memo.length - 1]!
    if (func.memoize && memo.has(name)) return memo.get(name)
    const frame: Frame = { func: name, locals: [] }
    func.params.forEach((p, i) => (frame.locals[p] = args[i]))
    for (const b of func.blocks) {
      if (this.block(b, frame) !== undefined && frame.ret !== undefined) break
      if ('ret' in frame) break
    }
    if (func.memoize) memo.set(name, frame.ret)
    return frame.ret
  }
}

function dot(src: Value, key: Value): Value | undefined {
  if (Array.isArray(src)) return typeof key === 'number' && Number.isInteger(key) && key >= 0 ? src[key] : undefined
  if (src instanceof RObject) return src.get(key)
  if (src instanceof RSet) return src.has(key) ? key : undefined
  return undefined
}

function elements(v: Value | undefined): [Value, Value][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x])
  if (v instanceof RObject) return v.entries()
  if (v instanceof RSet) return v.values().map((x) => [x, x])
  return []
}

/** Deep merge; where both hold a key whose values are not both objects, `a`'s value stays (OPA's runtime). */
function merge(a: RObject, b: RObject): RObject {
  const out = copyShallow(a) as RObject
  for (const [k, v] of b.entries()) {
    const cur = out.get(k)
    if (cur === undefined) out.set(k, v)
    else if (cur instanceof RObject && v instanceof RObject) out.set(k, merge(cur, v))
  }
  return out
}

/** A copy of `doc` with `value` at `path`, creating objects for missing levels. */
function upsert(doc: Value | undefined, path: string[], value: Value): Value {
  if (path.length === 0) return value
  const obj = doc instanceof RObject ? (copyShallow(doc) as RObject) : new RObject()
  obj.set(path[0]!, upsert(obj.get(path[0]!), path.slice(1), value))
  return obj
}
