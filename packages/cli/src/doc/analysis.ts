/**
 * What `cordon doc` reads from the checked modules: per package and rule, the
 * METADATA annotations, the `data…` and `input…` refs (imports resolved),
 * the rules used, line coverage, and for entrypoints the data read through
 * the rules they use. The AST is walked with `syntax/walk.ts`.
 */
import {
  walk,
  type Annotation,
  type AnyNode,
  type Expr,
  type Module,
  type RefTerm,
  type Rule,
  type Term,
} from '@cordon/rego'
import type { CoverageReport } from '../test-runner/types.js'
import type { PackageDoc, RuleDoc } from './types.js'

const isTestFile = (file: string) => /_test\.rego$/.test(file)
const isTestRule = (name: string) => /^(todo_)?test_/.test(name)

function refPath(ref: RefTerm): string[] | undefined {
  const out: string[] = []
  for (const [i, t] of ref.terms.entries()) {
    if (i === 0) {
      if (t.type !== 'var') return undefined
      out.push(t.name)
    } else if (t.type === 'string') out.push(t.value)
    else break
  }
  return out
}

/** Renders a ref: constant keys as `.k` / `["k-1"]` / `[0]`, anything else as `[_]`. */
function renderRef(head: string[], rest: Term[]): string {
  let s = head[0]!
  const seg = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)
  for (const k of head.slice(1)) s += seg(k)
  for (const t of rest) s += t.type === 'string' ? seg(t.value) : t.type === 'number' ? `[${t.value}]` : '[_]'
  return s
}

/** The packages of the non-test modules, their rules documented, sorted by path. */
export function documentPackages(
  modules: readonly Module[],
  sources: Map<string, string>,
  entrypoints: string[],
  coverage?: CoverageReport,
): PackageDoc[] {
  const byPath = new Map<string, PackageDoc>()
  // Every rule's path, so bare names in bodies resolve to rules of the same package.
  const rulesOf = new Map<string, Set<string>>()
  for (const m of modules) {
    const pkg = refPath(m.package.path)!.slice(1).join('.')
    const set = rulesOf.get(pkg) ?? new Set<string>()
    for (const r of m.rules) set.add(refPath(r.head.ref)![0]!)
    rulesOf.set(pkg, set)
  }
  const covered = new Map(
    (coverage?.files ?? []).map((f) => [f.file, { covered: new Set(f.covered), notCovered: new Set(f.notCovered) }]),
  )

  for (const m of modules) {
    if (isTestFile(m.file)) continue
    const pkgSegs = refPath(m.package.path)!.slice(1)
    const pkg = pkgSegs.join('.')
    const doc = byPath.get(pkg) ?? { path: pkg, files: [], fields: {}, rules: [] }
    byPath.set(pkg, doc)
    doc.files.push(m.file)
    for (const a of m.annotations) {
      if (a.scope !== 'package' && a.scope !== 'subpackages') continue
      const { title, description, fields } = splitAnnotation(a)
      doc.title ??= title
      doc.description ??= description
      Object.assign(doc.fields, fields)
    }
    // import data["ai-access"] as cfg: cfg → data, ai-access
    const aliases = new Map<string, string[]>()
    for (const imp of m.imports) {
      const p = refPath(imp.path)
      if (!p || (p[0] !== 'data' && p[0] !== 'input')) continue
      aliases.set(imp.alias ?? p[p.length - 1]!, p)
    }
    const local = rulesOf.get(pkg) ?? new Set<string>()
    const text = sources.get(m.file) ?? ''
    for (const rule of m.rules) {
      const name = refPath(rule.head.ref)!
      if (isTestRule(name[0]!)) continue
      const path = [pkg, ...name].join('.')
      const annotations = rule.annotations.map(splitAnnotation)
      const fields: Record<string, unknown> = {}
      for (const a of annotations) Object.assign(fields, a.fields)
      const endRow = rowAt(text, rule.loc.end)
      const refs = collectRefs(rule, aliases, local, pkg)
      refs.uses.delete(`${pkg}.${name[0]}`)
      const fileCov = covered.get(m.file)
      let cov: RuleDoc['coverage']
      if (fileCov) {
        let c = 0
        let total = 0
        for (let row = rule.loc.row; row <= endRow; row++) {
          if (fileCov.covered.has(row)) {
            c++
            total++
          } else if (fileCov.notCovered.has(row)) total++
        }
        if (total > 0) cov = { covered: c, total }
      }
      delete fields.entrypoint
      doc.rules.push({
        path,
        kind: rule.default
          ? 'default'
          : rule.head.args
            ? 'function'
            : rule.head.key
              ? 'partial set'
              : name.length > 1 || rule.head.ref.terms.length > name.length
                ? 'partial object'
                : 'complete',
        file: m.file,
        row: rule.loc.row,
        endRow,
        entrypoint: entrypoints.includes(path.replace(/\./g, '/')),
        title: annotations.find((a) => a.title)?.title,
        description: annotations.find((a) => a.description)?.description,
        fields,
        dataRefs: [...refs.data].sort(),
        inputRefs: [...refs.input].sort(),
        uses: [...refs.uses].sort(),
        coverage: cov,
      })
    }
  }
  const packages = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
  addTransitiveData(packages)
  return packages
}

/** For entrypoints: the data read by the rule and every rule it uses, transitively. */
function addTransitiveData(packages: PackageDoc[]): void {
  const all = packages.flatMap((p) => p.rules)
  const byPath = new Map<string, RuleDoc[]>()
  for (const r of all) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r])
  for (const rule of all.filter((r) => r.entrypoint)) {
    const seen = new Set<string>()
    const data = new Set<string>()
    const queue = [rule.path]
    while (queue.length > 0) {
      const path = queue.pop()!
      if (seen.has(path)) continue
      seen.add(path)
      for (const def of byPath.get(path) ?? []) {
        def.dataRefs.forEach((d) => data.add(d))
        queue.push(...def.uses)
      }
    }
    rule.allDataRefs = [...data].sort()
  }
}

function splitAnnotation(a: Annotation): { title?: string; description?: string; fields: Record<string, unknown> } {
  const { title, description, custom, scope: _scope, ...rest } = a.fields as Record<string, unknown>
  const fields: Record<string, unknown> = { ...rest }
  if (custom && typeof custom === 'object' && !Array.isArray(custom)) Object.assign(fields, custom)
  else if (custom !== undefined) fields.custom = custom
  return {
    title: typeof title === 'string' ? title : a.title,
    description: typeof description === 'string' ? description.trim() : a.description?.trim(),
    fields,
  }
}

function rowAt(text: string, offset: number): number {
  let row = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) row++
  // `end` is exclusive: a rule ending with a newline ends on the row before.
  return offset > 0 && text.charCodeAt(offset - 1) === 10 ? row - 1 : row
}

/** The data and input refs and the rules a rule (head, body, else chain) uses. */
function collectRefs(rule: Rule, aliases: Map<string, string[]>, local: Set<string>, pkg: string) {
  const data = new Set<string>()
  const input = new Set<string>()
  const uses = new Set<string>()
  // Variables bound in the rule (args, some, :=) shadow rule names.
  const locals = new Set<string>()
  const useRule = (name: string) => {
    if (local.has(name) && !locals.has(name)) uses.add(`${pkg}.${name}`)
  }
  const ref = (r: RefTerm) => {
    const head = r.terms[0]
    if (head?.type !== 'var') return
    const segs = refPath(r)!
    const alias = aliases.get(head.name)
    const full = alias ? [...alias, ...segs.slice(1)] : segs
    const rest = r.terms.slice(segs.length)
    if (full[0] === 'data') {
      const target = full.slice(1).join('.')
      if (target.startsWith(pkg + '.') || target === pkg) uses.add(full.slice(1, pkg.split('.').length + 2).join('.'))
      else data.add(renderRef(full, rest))
    } else if (full[0] === 'input') input.add(renderRef(full, rest))
    else useRule(head.name)
  }
  const enter = (n: AnyNode): boolean | void => {
    if (n.type === 'ref') {
      ref(n)
      // The head was read as the ref's root above; only the keys remain.
      for (const t of n.terms.slice(1)) walk(t, enter)
      return false
    }
    if (n.type === 'var') useRule(n.name)
  }
  const visit = (nodes: readonly (AnyNode | undefined)[]) => {
    for (const n of nodes) if (n) walk(n, enter)
  }
  for (const a of rule.head.args ?? []) collectVars(a, locals)
  for (let r: Rule | undefined = rule; r; r = r.else) {
    for (const e of r.body) collectBound(e, locals)
    visit([r.head.value, r.head.key, ...r.head.ref.terms.slice(1), ...r.body])
  }
  return { data, input, uses }
}

/** Every variable in `node`. */
function collectVars(node: AnyNode | undefined, out: Set<string>): void {
  if (node) walk(node, (n) => void (n.type === 'var' && out.add(n.name)))
}

/** Variables an expression binds with `some`, `some … in`, `:=` and `every`, at any depth. */
function collectBound(expr: Expr, out: Set<string>): void {
  walk(expr, (n) => {
    if (n.type !== 'expr') return
    switch (n.kind) {
      case 'some':
        for (const v of n.vars) collectVars(v, out)
        return
      case 'somein':
      case 'every':
        collectVars(n.key, out)
        collectVars(n.value, out)
        return
      case 'call': {
        const op = n.operator.terms[0]
        if (op?.type === 'var' && op.name === 'assign') collectVars(n.args[0], out)
        return
      }
    }
  })
}
