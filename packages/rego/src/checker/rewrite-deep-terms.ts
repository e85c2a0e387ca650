/**
 * Keeps terms shallow enough for the recursive stages after it. The parser
 * builds long operator chains iteratively (`1 + 1 + … + 1`, 2,000 terms deep
 * as nested `plus` calls), so a later recursive walk would overflow the
 * stack. Calls nested deeper than DEPTH_LIMIT are lifted out into generated
 * expressions `__localdeepN__ = call` before the expression (into the body for
 * head values), as OPA's rewriteExprTerms does for every call, copying the
 * expression's `with` modifiers. Shallower terms, i.e. every policy written by
 * hand, are left as they are. The walk here is iterative.
 */
import type { Body, Expr, Rule, Term, VarTerm } from '../ast.js'
import type { CompileState } from './types.js'
import { generatedEq, slotOf, type Slot } from './visit.js'

/** Call nesting below this depth stays in place. */
export const DEPTH_LIMIT = 100

/** Marks lifted expressions that get a copy of their expression's `with` modifiers once those are shallow. */
const WITH_PLACEHOLDER: Expr['with'] = []

export function rewriteDeepTerms(state: CompileState): void {
  const lift = new Lifter(state)
  if (state.query) return lift.body(state.query)
  for (const m of state.modules) {
    for (const rule of m.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        lift.body(r.body)
        const h = r.head
        for (const key of ['key', 'value'] as const) {
          if (!h[key]) continue
          const out: Expr[] = []
          h[key] = lift.term(h[key]!, out, false)
          r.body.push(...out)
        }
      }
    }
  }
}

class Lifter {
  private n = 0
  constructor(private state: CompileState) {}

  body(body: Body): void {
    for (let i = 0; i < body.length; i++) {
      const e = body[i]!
      const out: Expr[] = []
      // A `with` value is evaluated outside its expression's `with`; the other terms inside it.
      for (const w of e.with) w.value = this.term(w.value, out, false)
      switch (e.kind) {
        case 'term':
          e.term = this.term(e.term, out, true)
          break
        case 'call':
          for (let j = 0; j < e.args.length; j++) e.args[j] = this.term(e.args[j]!, out, true)
          break
        case 'somein':
        case 'every':
          e.domain = this.term(e.domain, out, true)
          break
      }
      if (out.length > 0) {
        for (const x of out) if (x.with === WITH_PLACEHOLDER) x.with = structuredClone(e.with)
        body.splice(i, 0, ...out)
        i += out.length
      }
      if (e.kind === 'every' || e.kind === 'block') this.body(e.body)
      else if (e.kind === 'logic') {
        this.body(e.left)
        this.body(e.right)
      }
    }
  }

  /**
   * {@link lift} for the usual term, which is shallow: unchanged, after the
   * bodies of its closures are lifted in the order {@link lift} takes them.
   */
  term(root: Term, out: Expr[], underWith: boolean): Term {
    const found = scan(root, 0)
    if (found === DEEP) return this.lift(root, out, underWith)
    if (found === CLOSURES) this.closureBodies(root)
    return root
  }

  /** Lifts the bodies of the closures in `t`, as {@link lift}'s stack meets them: pre-order, last child first. */
  private closureBodies(t: Term): void {
    if (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp') return this.body(t.body)
    const kids = children(t)
    if (kids) for (let i = kids.length - 1; i >= 0; i--) this.closureBodies(kids[i]!)
    else if (t.type === 'object')
      for (let i = t.entries.length - 1; i >= 0; i--) {
        this.closureBodies(t.entries[i]![1])
        this.closureBodies(t.entries[i]![0])
      }
  }

  /** Returns `root` with calls deeper than the limit replaced by fresh variables; their definitions go to `out`. */
  private lift(root: Term, out: Expr[], underWith: boolean): Term {
    const holder = { t: root }
    const pending: { slot: Slot; depth: number }[] = [
      { slot: { get: () => holder.t, set: (t) => (holder.t = t) }, depth: 0 },
    ]
    const lifted: { v: VarTerm; t: Term }[] = []
    while (pending.length > 0) {
      const { slot, depth } = pending.pop()!
      const t = slot.get()
      if (t.type === 'call' && depth >= DEPTH_LIMIT) {
        const item = { v: { type: 'var', name: this.fresh(), loc: t.loc } as VarTerm, t }
        lifted.push(item)
        slot.set(item.v)
        pending.push({ slot: slotOf(item, 't'), depth: 0 })
        continue
      }
      if (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp') this.body(t.body)
      for (const child of termSlots(t)) pending.push({ slot: child, depth: depth + 1 })
    }
    // The deepest calls were lifted last and must be defined first.
    for (const { v, t } of lifted.reverse()) {
      out.push(generatedEq(v, t, underWith ? WITH_PLACEHOLDER : []))
    }
    return holder.t
  }

  private fresh(): string {
    return `__localdeep${this.state.counter.locals++}__`
  }
}

function termSlots(t: Term): Slot[] {
  switch (t.type) {
    case 'ref':
      return t.terms.map((_, i) => slotOf(t.terms, i))
    case 'array':
    case 'set':
      return t.items.map((_, i) => slotOf(t.items, i))
    case 'object':
      return t.entries.flatMap((e) => [slotOf(e, 0), slotOf(e, 1)])
    case 'call':
      return t.args.map((_, i) => slotOf(t.args, i))
    case 'template':
      return t.parts.map((_, i) => slotOf(t.parts, i))
    default:
      return []
  }
}

/** What {@link scan} found in a term. */
const PLAIN = 0
const CLOSURES = 1
const DEEP = 2

/**
 * Whether a term reaches DEPTH_LIMIT (DEEP: {@link Lifter.lift} may have
 * work) or else holds closures. Recursion stops at the limit, so it stays
 * shallow however deep the term is.
 */
function scan(t: Term, depth: number): number {
  if (depth >= DEPTH_LIMIT) return DEEP
  if (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp') return CLOSURES
  let found = PLAIN
  const kids = children(t)
  if (kids) {
    for (let i = 0; i < kids.length; i++) {
      const f = scan(kids[i]!, depth + 1)
      if (f === DEEP) return DEEP
      if (f > found) found = f
    }
  } else if (t.type === 'object') {
    for (let i = 0; i < t.entries.length; i++) {
      const f = Math.max(scan(t.entries[i]![0], depth + 1), scan(t.entries[i]![1], depth + 1))
      if (f === DEEP) return DEEP
      if (f > found) found = f
    }
  }
  return found
}

/** The child terms {@link termSlots} gives, for every term but an object's; undefined for others. */
function children(t: Term): readonly Term[] | undefined {
  switch (t.type) {
    case 'ref':
      return t.terms
    case 'array':
    case 'set':
      return t.items
    case 'call':
      return t.args
    case 'template':
      return t.parts
    default:
      return undefined
  }
}
