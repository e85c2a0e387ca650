/**
 * A generic walker over the AST (acorn-walk's idea): {@link children} lists
 * a node's direct children in source order, {@link walk} visits a tree
 * depth-first. Later stages use it instead of writing their own traversal.
 */
import type { AnyNode, Expr, Term } from '../ast.js'

/**
 * Called for every node. `enter` runs before the children; returning `false`
 * from it skips them. `leave` runs after them.
 */
export interface Visitor {
  enter?(node: AnyNode, parent: AnyNode | undefined): boolean | void
  leave?(node: AnyNode, parent: AnyNode | undefined): void
}

/**
 * Visits `node` and everything below it, depth-first in source order.
 *
 * @example
 * const vars: string[] = []
 * walk(module, { enter: (n) => { if (n.type === 'var') vars.push(n.name) } })
 */
export function walk(
  node: AnyNode,
  visitor: Visitor | ((node: AnyNode, parent: AnyNode | undefined) => boolean | void),
): void {
  const v: Visitor = typeof visitor === 'function' ? { enter: visitor } : visitor
  // An explicit stack instead of recursion: a left-nested chain such as
  // `1 + 1 + … + 1` makes a tree thousands of levels deep.
  const stack: Frame[] = []
  const push = (n: AnyNode, parent: AnyNode | undefined) => {
    if (v.enter?.(n, parent) === false) return
    stack.push({ node: n, parent, kids: children(n), next: 0 })
  }
  push(node, undefined)
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    if (top.next < top.kids.length) {
      push(top.kids[top.next++]!, top.node)
      continue
    }
    stack.pop()
    v.leave?.(top.node, top.parent)
  }
}

interface Frame {
  node: AnyNode
  parent: AnyNode | undefined
  kids: AnyNode[]
  next: number
}

/** The direct children of a node, in source order. */
export function children(node: AnyNode): AnyNode[] {
  switch (node.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
    case 'var':
    case 'comment':
    case 'annotation':
      return []
    case 'ref':
      return node.terms
    case 'array':
    case 'set':
      return node.items
    case 'object':
      return node.entries.flat()
    case 'arraycomp':
    case 'setcomp':
      return [node.term, ...node.body]
    case 'objectcomp':
      return [node.key, node.value, ...node.body]
    case 'call':
      return [node.operator, ...node.args]
    case 'template':
      return [...node.parts, ...(node.partWith ?? []).flatMap((w) => w ?? [])]
    case 'expr':
      return [...exprChildren(node), ...node.with]
    case 'with':
      return [node.target, node.value]
    case 'head':
      return [node.ref, ...(node.args ?? []), ...optional(node.key), ...optional(node.value)]
    case 'rule':
      return [...node.annotations, node.head, ...node.body, ...optional(node.else)]
    case 'import':
      return [node.path]
    case 'package':
      return [node.path]
    case 'module':
      return [...node.annotations, node.package, ...node.imports, ...node.rules]
  }
}

function exprChildren(e: Expr): AnyNode[] {
  switch (e.kind) {
    case 'term':
      return [e.term]
    case 'call':
      return [e.operator, ...e.args]
    case 'some':
      return e.vars
    case 'somein':
      return [...optional(e.key), e.value, e.domain]
    case 'every':
      return [...optional(e.key), e.value, e.domain, ...e.body]
    case 'logic':
      return [...e.left, ...e.right]
    case 'block':
      return [...e.body]
  }
}

function optional<T extends Term | AnyNode>(x: T | undefined): T[] {
  return x === undefined ? [] : [x]
}
