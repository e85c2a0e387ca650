/**
 * `with`. Values are planned first and input/data saved; each modifier
 * becomes a nested `With` statement around the expression; the success path
 * puts the originals back (further `With`s) before the rest of the body.
 * When a modifier replaces data that rules live under, or mocks a function
 * or builtin, the expression is planned under a new generation so the rule
 * funcs it reaches are planned again, seeing the mocks.
 */
import { builtinDecls } from '@cordon/builtins/declarations'
import type { Expr, RefTerm, Term } from '../ast.js'
import { groundPrefix, refName } from '../checker/visit.js'
import { DATA_LOCAL, INPUT_LOCAL, type Local, type Operand } from '../ir/ir.js'
import { type Ctx, emit, type Generation, inBlock, local, type Mock, PlanError, toLocal } from './context.js'
import { planNot, planPositive } from './plan-expr.js'
import { planTerms } from './plan-term.js'
import { findNode, isPrefix } from './rule-tree.js'

interface Modifier {
  kind: 'input' | 'data' | 'func'
  /** Segments after `input`/`data`. */
  path: string[]
  /** The target's dotted name (`data.test.f`, `count`). */
  name: string
  value: Term
  /** For function mocks whose value names a function or builtin: that name. */
  replacement?: string
}

type WithSpec = { local: Local; path: number[]; value: Operand }

export function planWith(c: Ctx, e: Expr, k: () => void): void {
  const mods = e.with.map((w) => classify(c, w.target, w.value))
  const valued = mods.filter((m) => m.replacement === undefined)
  planTerms(
    c,
    valued.map((m) => m.value),
    (ops) => {
      const values = new Map(valued.map((m, i) => [m, ops[i]!]))
      const saved = new Map<Local, Local>()
      for (const m of mods) {
        if (m.kind === 'func') continue
        const l = docLocal(m)
        if (saved.has(l)) continue
        const copy = c.sc.newLocal()
        emit(c, { type: 'AssignVar', source: local(l), target: copy })
        saved.set(l, copy)
      }
      const prevGen = c.sc.gen
      const prevMocks = c.sc.mockLocals
      const next = nextGeneration(c, mods, values)
      const restoreThenContinue = () => {
        // The rest of the body sees the original documents and generation.
        const gen = c.sc.gen
        const mocks = c.sc.mockLocals
        c.sc.gen = prevGen
        c.sc.mockLocals = prevMocks
        try {
          nest(
            c,
            [...saved].map(([l, copy]) => ({ local: l, path: [], value: local(copy) })),
            k,
          )
        } finally {
          c.sc.gen = gen
          c.sc.mockLocals = mocks
        }
      }
      const docs: WithSpec[] = mods.flatMap((m) =>
        m.kind === 'func' ? [] : [{ local: docLocal(m), path: m.path.map((s) => c.st.str(s)), value: values.get(m)! }],
      )
      c.sc.gen = next.gen
      c.sc.mockLocals = next.mockLocals
      try {
        nest(c, docs, () => (e.negated ? planNot(c, e, restoreThenContinue) : planPositive(c, e, restoreThenContinue)))
      } finally {
        c.sc.gen = prevGen
        c.sc.mockLocals = prevMocks
      }
    },
  )
}

function docLocal(m: Modifier): Local {
  return m.kind === 'input' ? INPUT_LOCAL : DATA_LOCAL
}

/** Nested `With` statements, innermost running `k`. */
function nest(c: Ctx, specs: WithSpec[], k: () => void): void {
  if (specs.length === 0) return k()
  const [first, ...rest] = specs
  const block = inBlock(c, () => nest(c, rest, k))
  emit(c, { type: 'With', local: first!.local, path: first!.path, value: first!.value, block })
}

function isFunctionName(c: Ctx, name: string): boolean {
  const group = c.st.compiled.rules.get(name)
  if (group) return group.kind === 'function'
  return c.st.compiled.builtins.has(name) || builtinDecls.has(name)
}

function classify(c: Ctx, target: RefTerm, value: Term): Modifier {
  const segs = groundPrefix(target)
  if (segs.length !== target.terms.length) throw new PlanError('with target must be a ground path', target.loc)
  const name = segs.join('.')
  if (isFunctionName(c, name)) {
    const ref: RefTerm | undefined =
      value.type === 'ref' ? value : value.type === 'var' ? { type: 'ref', loc: value.loc, terms: [value] } : undefined
    const replacement = ref && refName(ref)
    const isFunc = replacement !== undefined && isFunctionName(c, replacement) && !c.sc.vars.has(replacement)
    return { kind: 'func', path: segs, name, value, ...(isFunc && { replacement }) }
  }
  if (segs[0] === 'input') return { kind: 'input', path: segs.slice(1), name, value }
  if (segs[0] === 'data') return { kind: 'data', path: segs.slice(1), name, value }
  throw new PlanError(`with target ${name} is not input, data, a function or a builtin`, target.loc)
}

/**
 * The generation the expression is planned under. Input modifiers and data
 * modifiers that touch no rule keep the current one: the value simply
 * travels in the input/data local.
 */
function nextGeneration(
  c: Ctx,
  mods: Modifier[],
  values: Map<Modifier, Operand>,
): { gen: Generation; mockLocals: Local[] } {
  const parent = c.sc.gen
  const mocks = new Map<string, Mock>(parent.mocks)
  const dataMocks = [...parent.dataMocks]
  const mockLocals = [...c.sc.mockLocals]
  let changed = false
  for (const m of mods) {
    if (m.kind === 'input') continue
    if (m.kind === 'data') {
      if (!touchesRules(c, m.path)) continue
      dataMocks.push(m.path)
      changed = true
      continue
    }
    changed = true
    if (m.replacement !== undefined) {
      // A mock naming a function that is itself mocked gets that function's replacement.
      const resolved = parent.mocks.get(m.replacement)
      mocks.set(m.name, resolved ?? { kind: 'func', target: m.replacement })
      continue
    }
    mocks.set(m.name, { kind: 'value', slot: mockLocals.length })
    mockLocals.push(toLocal(c, values.get(m)!))
  }
  if (!changed) return { gen: parent, mockLocals: c.sc.mockLocals }
  return { gen: c.st.generation(mocks, dataMocks, mockLocals.length), mockLocals }
}

/** Whether replacing data at `path` hides rules: rules at, below or above that path. */
function touchesRules(c: Ctx, path: string[]): boolean {
  if (findNode(c.st.tree, path)) return true
  for (const g of c.st.compiled.rules.values()) if (isPrefix(g.segments.slice(1), path)) return true
  return false
}
