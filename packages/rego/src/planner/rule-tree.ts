/**
 * The rule tree: `data` as the planner sees it, one node per path segment,
 * with the rule group defined there. The checker hands over a flat map by
 * path; refs into `data` are planned by walking this tree segment by segment.
 */
import type { Rule } from '../ast.js'
import type { CompiledPolicy, RuleGroup } from '../checker/types.js'
import { groundPrefix } from '../checker/visit.js'

export interface RuleNode {
  /** Segments after `data` (`['a', 'b', 'p']`). */
  path: string[]
  children: Map<string, RuleNode>
  /** The rule group defined exactly at this path, if any. */
  group?: RuleGroup
  /** The group holds the rules of every path below (see {@link foldBelow}): refs stop here. */
  folded?: boolean
}

/** Packages without rules are in the tree too: `data.x` of an empty `package x.y` is `{"y": {}}`. */
export function buildRuleTree(compiled: Pick<CompiledPolicy, 'rules' | 'modules'>): RuleNode {
  const root: RuleNode = { path: [], children: new Map() }
  const nodeAt = (segments: readonly string[]): RuleNode => {
    let node = root
    for (const seg of segments) {
      let child = node.children.get(seg)
      if (!child) {
        child = { path: [...node.path, seg], children: new Map() }
        node.children.set(seg, child)
      }
      node = child
    }
    return node
  }
  for (const m of compiled.modules) {
    const segs = groundPrefix(m.package.path)
    if (segs.length === m.package.path.terms.length) nodeAt(segs.slice(1))
  }
  for (const group of compiled.rules.values()) nodeAt(group.segments.slice(1)).group = group
  foldBelow(root)
  return root
}

/**
 * Rules with a variable in the head ref (`a[x].r contains y`, `g[x] := 1`)
 * write into the same document as rules at paths below them (`a.p.r contains
 * 7`, `g.q := 2`). As in OPA, their values merge: sets at one leaf are
 * united, and two different values at one key are a conflict. So the group
 * takes the rules below in (with the segments between), and one func builds
 * the whole document with the partial rules' inserts, which do exactly that.
 * Below-rules that cannot be written as inserts (functions, defaults, `else`)
 * leave the tree as it is.
 */
function foldBelow(node: RuleNode): void {
  const group = node.group
  if (group?.kind === 'partial-object' && node.children.size > 0) {
    const below = [...node.children.values()].flatMap(groupsBelow)
    if (below.length > 0 && below.every(isInsertable)) {
      const folded = new Map<Rule, string[]>()
      for (const g of below) for (const r of g.rules) folded.set(r, g.segments.slice(group.segments.length))
      node.group = { ...group, rules: [...group.rules, ...folded.keys()], folded }
      node.folded = true
      return
    }
  }
  for (const child of node.children.values()) foldBelow(child)
}

function groupsBelow(node: RuleNode): RuleGroup[] {
  return [...(node.group ? [node.group] : []), ...[...node.children.values()].flatMap(groupsBelow)]
}

function isInsertable(g: RuleGroup): boolean {
  return g.kind !== 'function' && g.defaults.length === 0 && g.rules.every((r) => r.else === undefined)
}

/** The node at `path` (segments after `data`), if the tree has one. */
export function findNode(root: RuleNode, path: readonly string[]): RuleNode | undefined {
  let node: RuleNode | undefined = root
  for (const seg of path) {
    node = node.children.get(seg)
    if (!node) return undefined
  }
  return node
}

/** Whether `prefix` is a prefix of (or equal to) `path`. */
export function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s)
}
