/**
 * `rego.metadata.rule()` and `rego.metadata.chain()`: compile-time values in
 * OPA (its compiler replaces the calls by the values), planned here as
 * constants from the `# METADATA` annotations of the rule being planned.
 *
 * - `rule()`: the rule's own rule-scope annotations (the block closest to the
 *   rule), or `{}`.
 * - `chain()`: `[{path, annotations?}…]` from the rule outward: its rule-scope
 *   blocks (closest first; one entry without annotations when it has none),
 *   the document-scope block of its path, its package's block, then the
 *   subpackages blocks of the package and its ancestors, closest first.
 *   Paths leave out `data`.
 */
import type { Annotation, Module, Rule } from '../ast.js'
import { groundPrefix } from '../checker/visit.js'
import type { ConstValue } from '../ir/ir.js'
import type { Ctx } from './context.js'
import { annotationValue, scopeOf, toConst } from './metadata-value.js'

export const METADATA_CALLS = new Set(['rego.metadata.rule', 'rego.metadata.chain'])

export function metadataValue(c: Ctx, name: string): ConstValue {
  const rule = c.sc.rule
  const index = indexOf(c.st.compiled.modules)
  const module = rule && index.moduleOf.get(rule)
  if (name === 'rego.metadata.rule') {
    const own = rule ? ruleScoped(rule) : []
    return own[0] ? annotationValue(own[0]) : { type: 'object', entries: [] }
  }
  if (!rule || !module) return { type: 'array', items: [] }
  return { type: 'array', items: chain(index, rule, module) }
}

/**
 * What `chain()` looks up, over all modules, found once per policy: a policy
 * calls it in many rules (Regal in nearly every one), and scanning every
 * module per call made planning quadratic. Keys are paths joined by NUL;
 * the first block in module order wins, as OPA takes it.
 */
interface MetadataIndex {
  moduleOf: Map<Rule, Module>
  document: Map<string, Annotation>
  packageBlock: Map<string, Annotation>
  subpackages: Map<string, Annotation>
}

const indexes = new WeakMap<readonly Module[], MetadataIndex>()
const key = (path: readonly string[]) => path.join('\0')

function indexOf(modules: readonly Module[]): MetadataIndex {
  let index = indexes.get(modules)
  if (index) return index
  index = { moduleOf: new Map(), document: new Map(), packageBlock: new Map(), subpackages: new Map() }
  const first = (map: Map<string, Annotation>, path: readonly string[] | undefined, a: Annotation | undefined) => {
    if (path && a && !map.has(key(path))) map.set(key(path), a)
  }
  for (const m of modules) {
    for (const r of m.rules) if (!index.moduleOf.has(r)) index.moduleOf.set(r, m)
    for (const [path, a] of documentScoped(m)) first(index.document, path, a)
    const pkg = packagePath(m)
    first(
      index.packageBlock,
      pkg,
      m.annotations.find((a) => a.scope === 'package'),
    )
    first(
      index.subpackages,
      pkg,
      m.annotations.find((a) => a.scope === 'subpackages'),
    )
  }
  indexes.set(modules, index)
  return index
}

function chain(index: MetadataIndex, rule: Rule, module: Module): ConstValue[] {
  const pkg = packagePath(module)
  const path = rulePath(rule, pkg)
  const link = (p: string[], a?: Annotation): ConstValue =>
    toConst(a ? { annotations: a, path: p } : { path: p }, (x) => (isAnnotation(x) ? annotationValue(x) : undefined))
  const own = ruleScoped(rule)
  const out = own.length > 0 ? own.map((a) => link(path, a)) : [link(path)]
  const doc = index.document.get(key(path))
  if (doc) out.push(link(path, doc))
  const pkgAnn = index.packageBlock.get(key(pkg))
  if (pkgAnn) out.push(link(pkg, pkgAnn))
  for (let n = pkg.length; n > 0; n--) {
    const prefix = pkg.slice(0, n)
    const sub = index.subpackages.get(key(prefix))
    if (sub) out.push(link(prefix, sub))
  }
  return out
}

/** The rule's rule-scope blocks, closest to the rule first (document-scope ones excluded). */
function ruleScoped(rule: Rule): Annotation[] {
  return rule.annotations.filter((a) => scopeOf(a) === 'rule').sort((a, b) => b.loc.offset - a.loc.offset)
}

/** A module's document-scope blocks with the rule path each stands above. */
function documentScoped(m: Module): [string[] | undefined, Annotation][] {
  const pkg = packagePath(m)
  return [
    ...m.annotations
      .filter((a) => a.scope === 'document')
      .map((a): [string[] | undefined, Annotation] => [documentPath(a, m), a]),
    ...m.rules.flatMap((r) =>
      r.annotations.filter((a) => scopeOf(a) === 'document').map((a): [string[], Annotation] => [rulePath(r, pkg), a]),
    ),
  ]
}

function packagePath(m: Module): string[] {
  return m.package.path.terms.slice(1).map((t) => (t.type === 'string' ? t.value : t.type === 'var' ? t.name : ''))
}

/** The ground prefix of the rule's ref, below `data`. */
function rulePath(rule: Rule, pkg: string[]): string[] {
  const prefix = groundPrefix(rule.head.ref)
  return prefix[0] === 'data' ? prefix.slice(1) : [...pkg, ...prefix]
}

/** The path of the rule a document-scope block stands above. */
function documentPath(a: Annotation, m: Module): string[] | undefined {
  const rule = m.rules.filter((r) => r.loc.offset >= a.loc.end).sort((x, y) => x.loc.offset - y.loc.offset)[0]
  return rule && rulePath(rule, packagePath(m))
}

function isAnnotation(x: unknown): x is Annotation {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'annotation'
}
