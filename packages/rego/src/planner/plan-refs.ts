/**
 * References. A ref into `data` walks the rule tree: a segment that reaches a
 * rule calls that rule's func and continues on its value; a segment with no
 * rules below it continues in base data; a computed or iterated segment over
 * a level with rules gets one block per child subtree plus one for the
 * remaining keys; a ref that stops above rules builds the virtual document
 * of that level (rules' values merged over the base document).
 */
import type { RefTerm, Term } from '../ast.js'
import { DATA_LOCAL, INPUT_LOCAL, type Local, type Operand } from '../ir/ir.js'
import { type Ctx, emit, emitScan, inBlock, local, PlanError, strOp, toLocal } from './context.js'
import { bindVar, isPattern, isUnboundVar } from './locals.js'
import { funcFor } from './plan-rules.js'
import { planTerm, type TermK } from './plan-term.js'
import { unifyOperand } from './plan-unify.js'
import { isPrefix, type RuleNode } from './rule-tree.js'

export function planRef(c: Ctx, ref: RefTerm, k: TermK): void {
  const [head, ...rest] = ref.terms
  if (!head) throw new PlanError('empty reference', ref.loc)
  if (head.type === 'var' && !c.sc.vars.has(head.name)) {
    if (head.name === 'data') return planDataRef(c, rest, k)
    if (head.name === 'input' && rest.length > 0) return planRefRest(c, local(INPUT_LOCAL), rest, 0, k)
  }
  planTerm(c, head, (op) => planRefRest(c, op, rest, 0, k))
}

/**
 * Dots and scans along `terms[i…]` starting from the value in `src`. In base
 * data (`inData`), whose objects only have string keys, a number literal
 * also finds the key of the same text: `data[2]` reads `data["2"]`.
 */
export function planRefRest(c: Ctx, src: Operand, terms: readonly Term[], i: number, k: TermK, inData = false): void {
  if (i === terms.length) return k(src)
  const t = terms[i]!
  if (isPattern(c, t)) {
    // An unbound position: every key of the collection, matched against the pattern.
    const source = toLocal(c, src)
    const key = c.sc.newLocal()
    const value = c.sc.newLocal()
    const block = inBlock(c, () => {
      const next = () => planRefRest(c, local(value), terms, i + 1, k, inData)
      if (isUnboundVar(c, t)) bindVar(c, t.name, local(key), next)
      else unifyOperand(c, t, local(key), next)
    })
    emitScan(c, { source, key, value, block })
    return
  }
  planTerm(c, t, (keyOp) => {
    const target = c.sc.newLocal()
    if (inData && t.type === 'number') {
      emit(c, { type: 'ResetLocal', target })
      const byNumber = inBlock(c, () => emit(c, { type: 'Dot', source: src, key: keyOp, target }))
      const byText = inBlock(c, () => {
        emit(c, { type: 'IsUndefined', source: target })
        emit(c, { type: 'Dot', source: src, key: strOp(c, t.value), target })
      })
      emit(c, { type: 'Block', blocks: [byNumber, byText] })
      emit(c, { type: 'IsDefined', source: target })
    } else emit(c, { type: 'Dot', source: src, key: keyOp, target })
    planRefRest(c, local(target), terms, i + 1, k, inData)
  })
}

/** `data` followed by `terms`. */
export function planDataRef(c: Ctx, terms: readonly Term[], k: TermK): void {
  walk(c, c.st.tree, terms, 0, k)
}

function walk(c: Ctx, node: RuleNode, terms: readonly Term[], i: number, k: TermK): void {
  const base = () => planRefRest(c, local(DATA_LOCAL), [...pathTerms(node, terms), ...terms.slice(i)], 0, k, true)
  if (isMocked(c, node.path)) return base()
  const group = node.group
  if (group?.kind === 'function') throw new PlanError(`function ${group.path} used as a value`, terms[0]?.loc)
  const viaGroup = () => planRefRest(c, local(callGroup(c, node)), terms, i, k)
  if (group && (node.children.size === 0 || node.folded)) return viaGroup()
  if (i === terms.length) return k(local(virtualDoc(c, node)))
  if (node.children.size === 0) return base()
  const t = dataKey(terms[i]!)
  if (t.type === 'string') {
    const child = node.children.get(t.value)
    if (child) return walk(c, child, terms, i + 1, k)
    // No rules below this key: the rule's own value, or plain base data.
    return group ? viaGroup() : base()
  }
  if (isPattern(c, t) && !isUnboundVar(c, t)) return planRefRest(c, local(virtualDoc(c, node)), terms, i, k)
  const unbound = isUnboundVar(c, t) ? t.name : undefined
  const withKey = (fn: (key: Operand | undefined) => void) => (unbound ? fn(undefined) : planTerm(c, t, fn))
  withKey((keyOp) => {
    const names = [...node.children.keys()]
    const blocks = names.map((name) =>
      inBlock(c, () => {
        const next = () => walk(c, node.children.get(name)!, terms, i + 1, k)
        if (keyOp) {
          emit(c, { type: 'Equal', a: keyOp, b: strOp(c, name) })
          next()
        } else bindVar(c, unbound!, strOp(c, name), next)
      }),
    )
    // The other keys: of the rule defined at this level, or of base data.
    blocks.push(
      inBlock(c, () => {
        const doc = group ? callGroup(c, node) : baseDoc(c, node.path, true)
        const others = (key: Operand) => {
          for (const name of names) emit(c, { type: 'NotEqual', a: key, b: strOp(c, name) })
        }
        if (keyOp) {
          others(keyOp)
          const v = c.sc.newLocal()
          emit(c, { type: 'Dot', source: local(doc), key: keyOp, target: v })
          return planRefRest(c, local(v), terms, i + 1, k, !group)
        }
        const key = c.sc.newLocal()
        const value = c.sc.newLocal()
        const scan = inBlock(c, () => {
          others(local(key))
          bindVar(c, unbound!, local(key), () => planRefRest(c, local(value), terms, i + 1, k, !group))
        })
        emitScan(c, { source: doc, key, value, block: scan })
      }),
    )
    emit(c, { type: 'Block', blocks })
  })
}

function callGroup(c: Ctx, node: RuleNode): Local {
  const r = c.sc.newLocal()
  emit(c, { type: 'Call', func: funcFor(c, node.group!), args: funcArgs(c), result: r })
  return r
}

/** Keys of `data` are strings: `data[2]` walks to the key "2". */
function dataKey(t: Term): Term {
  return t.type === 'number' ? { type: 'string', value: t.value, loc: t.loc } : t
}

/** The arguments every rule func takes first: input, data, then this generation's mock values. */
export function funcArgs(c: Ctx): Operand[] {
  return [local(INPUT_LOCAL), local(DATA_LOCAL), ...c.sc.mockLocals.map(local)]
}

/** Whether `with data…` replaced this path (or a prefix of it) under the current generation. */
function isMocked(c: Ctx, path: readonly string[]): boolean {
  return c.sc.gen.dataMocks.some((m) => isPrefix(m, path))
}

function pathTerms(node: RuleNode, like: readonly Term[]): Term[] {
  const loc = like[0]?.loc ?? { file: '', row: 0, col: 0, offset: 0, end: 0 }
  return node.path.map((value) => ({ type: 'string' as const, value, loc }))
}

/**
 * The document at `node`: an object with each child rule's value (undefined
 * rules left out; functions are not values) and each child level's
 * document, merged over the value of a rule defined at this level itself,
 * then deep-merged over the base document at the same path.
 */
function virtualDoc(c: Ctx, node: RuleNode): Local {
  if (isMocked(c, node.path)) return baseDoc(c, node.path, true)
  const obj = c.sc.newLocal()
  emit(c, { type: 'MakeObject', target: obj })
  for (const [key, child] of node.children) {
    if (child.group?.kind === 'function' || isMocked(c, child.path)) continue
    if (child.group && (child.children.size === 0 || child.folded)) {
      const group = child.group
      const v = c.sc.newLocal()
      const block = inBlock(c, () => {
        emit(c, { type: 'Call', func: funcFor(c, group), args: funcArgs(c), result: v })
        emit(c, { type: 'ObjectInsert', key: strOp(c, key), value: local(v), object: obj })
      })
      emit(c, { type: 'Block', blocks: [block] })
    } else {
      const v = virtualDoc(c, child)
      emit(c, { type: 'ObjectInsert', key: strOp(c, key), value: local(v), object: obj })
    }
  }
  const result = c.sc.newLocal()
  emit(c, { type: 'AssignVar', source: local(obj), target: result })
  if (node.group) {
    const own = c.sc.newLocal()
    const merge = inBlock(c, () => {
      emit(c, { type: 'Call', func: funcFor(c, node.group!), args: funcArgs(c), result: own })
      emit(c, { type: 'ObjectMerge', a: local(own), b: local(obj), target: result })
    })
    emit(c, { type: 'Block', blocks: [merge] })
  }
  const base = baseDoc(c, node.path, false)
  const merged = c.sc.newLocal()
  emit(c, { type: 'AssignVar', source: local(result), target: merged })
  const merge = inBlock(c, () => {
    emit(c, { type: 'IsDefined', source: base })
    emit(c, { type: 'ObjectMerge', a: local(base), b: local(result), target: merged })
  })
  emit(c, { type: 'Block', blocks: [merge] })
  return merged
}

/** The base document at `path`; unless `mustExist`, in a local that stays undefined when data has nothing there. */
function baseDoc(c: Ctx, path: readonly string[], mustExist: boolean): Local {
  if (path.length === 0) return DATA_LOCAL
  const out = c.sc.newLocal()
  const dots = () => {
    let src: Local = DATA_LOCAL
    for (const seg of path) {
      const next = c.sc.newLocal()
      emit(c, { type: 'Dot', source: local(src), key: strOp(c, seg), target: next })
      src = next
    }
    emit(c, { type: 'AssignVar', source: local(src), target: out })
  }
  if (mustExist) {
    dots()
    return out
  }
  emit(c, { type: 'ResetLocal', target: out })
  emit(c, { type: 'Block', blocks: [inBlock(c, dots)] })
  return out
}
