/**
 * The one walker of the instrumented builds (line coverage, explain): every
 * body of a rule that runs — each clause's own body (the rule's, its `else`
 * clauses', a function's) and every comprehension and `every` body nested in
 * them — with where it sits, so a caller can put marker calls into it.
 * Sites are collected before the caller edits anything: inserting markers
 * never shifts an index a later site refers to.
 */
import { walk, type AnyNode, type Body, type Rule, type VarTerm } from '@cordon/rego'

export interface BodySite {
  kind: 'rule' | 'comprehension' | 'every'
  body: Body
  /** The first clause of the rule (the one with `default`, annotations, the head as written). */
  rule: Rule
  /** The clause this body belongs to or is nested in: `rule`, or one of its `else` clauses. */
  clause: Rule
  /** 0 for the rule's own clause, 1… for its `else` clauses in order. */
  clauseIndex: number
  /** The comprehension or `every` expression, for nested bodies. */
  owner?: AnyNode
  /**
   * For nested bodies: the enclosing body and the index (in it, before any
   * edit) of the expression holding this one; `index` is the body's length
   * for a comprehension in the clause's head, which runs after the body.
   */
  parent?: { site: BodySite; index: number }
  /** Variables the nested body's own construct binds (`every k, v in …`). */
  ownVars: VarTerm[]
}

/** Every body of `rule` and its `else` clauses, outer bodies before the ones they hold. */
export function eachBody(rule: Rule): BodySite[] {
  const sites: BodySite[] = []
  let clauseIndex = 0
  for (let clause: Rule | undefined = rule; clause; clause = clause.else, clauseIndex++) {
    const site: BodySite = { kind: 'rule', body: clause.body, rule, clause, clauseIndex, ownVars: [] }
    sites.push(site)
    nested(site, sites)
    const head = clause.head
    for (const t of [...(head.args ?? []), ...(head.key ? [head.key] : []), ...(head.value ? [head.value] : [])]) {
      closuresIn(t, (owner, body, ownVars) => addNested(site, site.body.length, owner, body, ownVars, sites))
    }
  }
  return sites
}

function nested(site: BodySite, sites: BodySite[]): void {
  site.body.forEach((e, index) =>
    closuresIn(e, (owner, body, ownVars) => addNested(site, index, owner, body, ownVars, sites)),
  )
}

function addNested(
  parent: BodySite,
  index: number,
  owner: AnyNode,
  body: Body,
  ownVars: VarTerm[],
  sites: BodySite[],
): void {
  const kind = owner.type === 'expr' ? 'every' : 'comprehension'
  const site: BodySite = {
    kind,
    body,
    rule: parent.rule,
    clause: parent.clause,
    clauseIndex: parent.clauseIndex,
    owner,
    parent: { site: parent, index },
    ownVars,
  }
  sites.push(site)
  nested(site, sites)
}

/**
 * The comprehensions and `every` expressions in `node` that are not inside
 * another one (those are found from the body that holds them).
 */
function closuresIn(node: AnyNode, found: (owner: AnyNode, body: Body, ownVars: VarTerm[]) => void): void {
  walk(node, (n) => {
    if (n.type === 'arraycomp' || n.type === 'setcomp' || n.type === 'objectcomp') {
      found(n, n.body, [])
      return false
    }
    if (n.type === 'expr' && n.kind === 'every') {
      found(n, n.body, [...(n.key ? [n.key] : []), n.value])
      // The domain belongs to the enclosing body.
      closuresIn(n.domain, found)
      for (const w of n.with) closuresIn(w, found)
      return false
    }
  })
}
