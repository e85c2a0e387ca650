/**
 * Rule indexing, the plan (docs/adr/0007-rule-indexing.md). The indexed ref
 * is evaluated once into a key local; each run of consecutive indexed
 * bodies becomes one `Switch` on that key, whose table maps each constant
 * to the case holding the bodies that compare the ref with it. Bodies
 * without such a comparison stay where they were, so whatever runs still
 * runs in source order: values, conflicts and their locations are those of
 * running every body.
 */
import type { RuleGroup } from '../checker/types.js'
import { type Block, type ConstValue, INPUT_LOCAL, type Local, type Operand } from '../ir/ir.js'
import { type Ctx, emit, inBlock, isolated, local, PlanError } from './context.js'
import { planDataRef, planRefRest } from './plan-refs.js'
import { chooseIndex, type FixedRef } from './rule-index.js'

/** A lone indexed body between unindexed ones stays as it is: its own comparison costs what a lookup does. */
const MIN_RUN = 2

/**
 * The func blocks for `bodies` (one block per rule of `group`, in order):
 * the bodies themselves, or, when the group is worth indexing, the key
 * block followed by the bodies with each indexed run behind a `Switch`.
 */
export function indexBodies(c: Ctx, group: RuleGroup, args: readonly Local[], bodies: Block[]): Block[] {
  const index = c.st.indexRules ? chooseIndex(group, (name) => c.sc.gen.mocks.has(name)) : undefined
  const key = index && planKey(c, index.ref, args)
  if (!index || !key) return bodies
  const out: Block[] = []
  let run: [ConstValue, Block][] = []
  let keyPlaced = false
  const flush = () => {
    if (run.length >= MIN_RUN) {
      // Just before the first switch, so the bodies before it run before the ref is read, as without the index.
      if (!keyPlaced) out.push(key.block)
      keyPlaced = true
      out.push(switchBlock(c, key.local, run))
    } else out.push(...run.map(([, body]) => body))
    run = []
  }
  bodies.forEach((body, i) => {
    const constant = index.constants[i]
    if (constant) run.push([constant, body])
    else {
      flush()
      out.push(body)
    }
  })
  flush()
  return out
}

/**
 * A block that sets a fresh local to the ref's value, left undefined when
 * the ref is. Undefined (no index) when the ref cannot be planned here or
 * would not give exactly one value: then every body plans as it would.
 */
function planKey(c: Ctx, ref: FixedRef, args: readonly Local[]): { local: Local; block: Block } | undefined {
  const key = c.sc.newLocal()
  let values = 0
  const k = (op: Operand) => {
    values++
    emit(c, { type: 'AssignVar', source: op, target: key })
  }
  try {
    const block = inBlock(c, () =>
      isolated(c, () => {
        emit(c, { type: 'ResetLocal', target: key })
        if (ref.root === 'data') planDataRef(c, ref.path, k)
        else planRefRest(c, local(ref.root === 'input' ? INPUT_LOCAL : args[ref.root]!), ref.path, 0, k)
      }),
    )
    return values === 1 ? { local: key, block } : undefined
  } catch (e) {
    if (e instanceof PlanError) return undefined
    throw e
  }
}

/** One `Switch` over a run of indexed bodies: a case per distinct constant, its bodies in source order. */
function switchBlock(c: Ctx, key: Local, run: [ConstValue, Block][]): Block {
  const caseOf = new Map<string, number>()
  const entries: [ConstValue, ConstValue][] = []
  const cases: Block[][] = []
  for (const [constant, body] of run) {
    // Equal ConstValues are equal Rego values: rule-index.ts keeps one spelling per number.
    const id = JSON.stringify(constant)
    let n = caseOf.get(id)
    if (n === undefined) {
      n = cases.length
      caseOf.set(id, n)
      cases.push([])
      entries.push([constant, { type: 'number', text: String(n) }])
    }
    cases[n]!.push(body)
  }
  const table = c.st.value({ type: 'object', entries })
  const caseBlocks = cases.map((bodies) =>
    bodies.length === 1 ? bodies[0]! : { stmts: [{ type: 'Block' as const, blocks: bodies }] },
  )
  return { stmts: [{ type: 'Switch', key, table, cases: caseBlocks }] }
}
