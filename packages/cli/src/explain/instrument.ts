/**
 * The explain build: copies of the parsed modules in which every body the
 * walker of the coverage build finds (`eachBody`) gets three kinds of
 * marker, host builtins that record and return true:
 *
 *   cordon.explain_reach(e, [values before])   before expression e
 *   cordon.explain_held(e, [values after])     after it (it held)
 *   cordon.explain_ok(b, [bindings])           at the end of body b (it succeeded)
 *
 * "values before" are the locals e uses that earlier expressions bound and
 * the refs it reads (`input…`, `data…`, rules), each wrapped as
 * `[v | v := ref]` so an undefined ref is `[]`, never an undefined marker;
 * a variable the ref would need but is not bound yet becomes `_`. The
 * marker carries e's `with` modifiers, so a ref reads what e reads. "values
 * after" are the locals e names (all bound once it held); the bindings are
 * every local the body bound. Markers name only locals, never rules, so the
 * instrumented policy decides as the plain one (tested on the reference
 * decision table).
 */
import type { BuiltinDecl } from '@cordon/builtins'
import type { Expr, Location, Module, RefTerm, Term, VarTerm, With } from '@cordon/rego'
import { eachBody, type BodySite } from '../instrument/each-body.js'
import {
  globalNames,
  importPaths,
  isUserLocal,
  localVars,
  packageKey,
  packagePath,
  readsOf,
  wildcardUnbound,
} from '../instrument/local-vars.js'
import { markerCall } from '../instrument/marker-call.js'
import { sourceText } from '../instrument/source-text.js'
import type { Where } from './types.js'

export const REACH = 'cordon.explain_reach'
export const HELD = 'cordon.explain_held'
export const OK = 'cordon.explain_ok'

const markerDecl = (name: string): BuiltinDecl => ({
  name,
  decl: { type: 'function', args: [{ type: 'number' }, { type: 'any' }], result: { type: 'boolean' } },
})
export const explainDecls: readonly BuiltinDecl[] = [REACH, HELD, OK].map(markerDecl)

/** One instrumented body. */
interface BodyInfo {
  /** `data.pkg.allow` (the head as written after the package). */
  rule: string
  kind: BodySite['kind']
  clause: number
  location: Where
  /** The head's source text (rules) or the comprehension's / `every`'s first line. */
  text: string
  /** Expression ids, in source order. */
  exprs: number[]
  /** The names `explain_ok`'s payload carries, in order. */
  bindings: string[]
}

/** One instrumented expression. */
interface ExprInfo {
  body: number
  index: number
  location: Where
  text: string
  /** Names (locals, ref texts) of `explain_reach`'s payload, in order; refs are `[v | v := ref]`. */
  before: { name: string; ref: boolean }[]
  /** Locals of `explain_held`'s payload, in order. */
  after: string[]
  withs: { target: string; value: string }[]
}

export interface ExplainSites {
  bodies: BodyInfo[]
  exprs: ExprInfo[]
}

const VALUE = '__cordon_v'

/**
 * Instrumented copies of `modules` (the originals are untouched) and what
 * each marker id stands for. Refs into rules stay out of the markers:
 * reading a rule again in a marker would evaluate it again, and the rule's
 * own bodies are traced.
 */
export function instrumentExplain(
  modules: readonly Module[],
  sources: ReadonlyMap<string, string>,
): { modules: Module[]; sites: ExplainSites } {
  const sites: ExplainSites = { bodies: [], exprs: [] }
  const out = structuredClone(modules) as Module[]
  const rules = out.flatMap((m) => m.rules.map((r) => [...packagePath(m), ...groundPath(r.head.ref, new Map())]))
  for (const module of out) {
    const globals = globalNames(module, out)
    const imports = importPaths(module)
    const heads = new Set(['input', 'data', ...imports.keys()])
    const baseRead = (r: RefTerm | VarTerm) => {
      const path = groundPath(r, imports)
      return path[0] === 'input' || !rules.some((rule) => isPrefix(rule, path) || isPrefix(path, rule))
    }
    const text = (n: { loc: Location }) => sourceText(n.loc, sources)
    const pkg = packageKey(module)
    for (const rule of module.rules) {
      if (rule.default) continue
      const found = eachBody(rule)
      // Bound variables at each index of each site, computed before any edit.
      const boundAt = new Map<BodySite, Set<string>[]>()
      for (const site of found) boundAt.set(site, boundSets(site, globals, boundAt))
      const ruleName = `${pkg}.${text(rule.head.ref)}`
      for (const site of found) {
        const bound = boundAt.get(site)!
        const bodyId = sites.bodies.length
        const owner = site.owner ?? site.clause.head
        const info: BodyInfo = {
          rule: ruleName,
          kind: site.kind,
          clause: site.clauseIndex,
          location: where(owner.loc, module.file),
          text: clip(text(owner), 120),
          exprs: [],
          bindings: [...bound[site.body.length]!],
        }
        sites.bodies.push(info)
        const next: Expr[] = []
        let index = 0
        site.body.forEach((e, i) => {
          if (e.generated || e.kind === 'some') return void next.push(e)
          const before = bound[i]!
          const id = sites.exprs.length
          const locals = localVars(e, globals)
          const reads = readsOf(e, heads).filter(baseRead)
          const at = { ...e.loc, file: module.file }
          const payloadBefore = [
            ...locals
              .filter((v) => before.has(v.name))
              .map((v) => ({ name: v.name, ref: false, term: copyVar(v) as Term })),
            ...dedupe(
              reads.map((r) => ({ name: text(r), ref: true, term: guarded(wildcardUnbound(r, before, globals), at) })),
            ),
          ]
          sites.exprs.push({
            body: bodyId,
            index: index++,
            location: where(e.loc, module.file),
            text: text(e),
            before: payloadBefore.map(({ name, ref }) => ({ name, ref })),
            after: locals.map((v) => v.name),
            withs: e.with.map((w) => ({ target: text(w.target), value: text(w.value) })),
          })
          info.exprs.push(id)
          const reach = marker(
            REACH,
            id,
            payloadBefore.map((p) => p.term),
            at,
          )
          if (payloadBefore.some((p) => p.ref)) reach.with = structuredClone(e.with) as With[]
          next.push(reach, e, marker(HELD, id, locals.map(copyVar), at))
        })
        const end = { ...(site.kind === 'rule' ? site.clause.head.loc : owner.loc), file: module.file }
        next.push(
          marker(
            OK,
            bodyId,
            info.bindings.map((name) => ({ type: 'var', name, loc: end }) as VarTerm),
            end,
          ),
        )
        site.body.splice(0, site.body.length, ...next)
      }
    }
  }
  return { modules: out, sites }
}

/**
 * For each index 0…n of the site's body: the locals bound before the
 * expression at that index (n: at the end). Outer bodies come first in
 * `eachBody`'s order, so a nested site finds its parent's sets.
 */
function boundSets(
  site: BodySite,
  globals: ReadonlySet<string>,
  done: ReadonlyMap<BodySite, Set<string>[]>,
): Set<string>[] {
  const start = new Set<string>(site.parent ? done.get(site.parent.site)![site.parent.index] : [])
  for (const v of site.ownVars) if (isUserLocal(v.name, globals)) start.add(v.name)
  // A function's arguments are bound by the call when they are patterns (`x`, `[a, b]`), not when computed (a template string).
  const patterns = (site.kind === 'rule' ? (site.clause.head.args ?? []) : []).filter(
    (a) => a.type === 'var' || a.type === 'array' || a.type === 'object',
  )
  for (const a of patterns) for (const v of localVars(a, globals)) start.add(v.name)
  const sets = [start]
  let current = start
  for (const e of site.body) {
    current = new Set(current)
    if (!e.negated) for (const v of localVars(e, globals)) current.add(v.name)
    sets.push(current)
  }
  return sets
}

function marker(name: string, id: number, payload: Term[], at: Location): Expr {
  return markerCall(
    name,
    [
      { type: 'number', value: String(id), loc: at },
      { type: 'array', items: payload, loc: at },
    ],
    at,
  )
}

/** `[__cordon_v | __cordon_v := ref]`: the ref's values, `[]` when it is undefined. */
function guarded(ref: RefTerm | VarTerm, at: Location): Term {
  const v: VarTerm = { type: 'var', name: VALUE, loc: at }
  const assign = markerCall('assign', [{ ...v }, ref], at)
  return { type: 'arraycomp', loc: at, term: v, body: [assign] }
}

/** The ground start of a ref as a path (`data.a[x].b` → data, a), an import's name replaced by its path. */
function groundPath(r: RefTerm | VarTerm, imports: ReadonlyMap<string, string[]>): string[] {
  const terms = r.type === 'var' ? [r] : r.terms
  const head = terms[0]!.type === 'var' ? (terms[0] as VarTerm).name : '?'
  const path = [...(imports.get(head) ?? [head])]
  for (const t of terms.slice(1)) {
    if (t.type !== 'string') break
    path.push(t.value)
  }
  return path
}

const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((x, i) => x === b[i])

const copyVar = (v: VarTerm): VarTerm => ({ type: 'var', name: v.name, loc: v.loc })

function dedupe<T extends { name: string }>(xs: T[]): T[] {
  const seen = new Set<string>()
  return xs.filter((x) => !seen.has(x.name) && seen.add(x.name))
}

const where = (loc: Location, file: string): Where => ({ file: loc.file || file, row: loc.row, col: loc.col })

const clip = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n - 1) + '…')
