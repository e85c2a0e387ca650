/**
 * A parsed module as OPA's AST in JSON: what `opa parse --format json`
 * prints and what `rego.parse_module` returns (OPA's v1/ast MarshalJSON
 * methods, encoding/json build). Cordon's AST differs from OPA's in a few
 * places, mapped back here:
 *
 * - `some x in xs` is a `SomeDecl` whose symbol is the call
 *   `internal.member_2(x, xs)` (`member_3` with a key);
 * - rule heads get OPA's `name`, `key` and generated `value` as OPA's parser
 *   sets them (`p[x] if` has a key and no name; `p[x] := y` has both);
 * - every `_` is a distinct variable `$0`, `$1`, … in source order;
 * - a rule with no body has the body `true`; set elements are sorted in
 *   OPA's value order;
 * - object keys are written in the order OPA's structs and maps give them.
 *
 * Locations (`--json-include locations`) carry `file`, `row`, `col` (in
 * bytes, as OPA counts) and `text`, the node's source as base64. Comments
 * always carry their location (OPA's `Comment` has no JSON tags).
 */
import type { Annotation, Body, Expr, Module, Rule, RuleHead, Term, With } from '../../ast.js'
import type { Location } from '../../location.js'
import { annotationFields } from '../../planner/metadata-value.js'
import { walk } from '../walk.js'
import { base64Bytes, JsonNumber, type GoJson } from './go-json.js'

export interface OpaAstJsonOptions {
  /** Locations on every node, with their source text (`--json-include locations`). */
  locations?: boolean
  /** Comments (default true; `--json-include -comments` drops them). */
  comments?: boolean
  /** METADATA annotations, as OPA's parser gives them with `ProcessAnnotation` (`opa parse` sets it; `rego.parse_module` does not). */
  annotations?: boolean
}

type Obj = { [key: string]: GoJson }

/** The module as OPA's JSON AST; `source` is the text it was parsed from. */
export function moduleToOpaJson(module: Module, source: string, options: OpaAstJsonOptions = {}): Obj {
  return new Writer(module, source, options).module()
}

class Writer {
  private readonly lineStarts: number[] = [0]
  private readonly wildcards = new Map<Term, string>()

  constructor(
    private readonly mod: Module,
    private readonly source: string,
    private readonly opts: OpaAstJsonOptions,
  ) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
    // OPA's parser names each `_` `$N`, counting in source order.
    const found: Term[] = []
    walk(mod, (n) => void (n.type === 'var' && n.name === '_' && found.push(n)))
    found.sort((a, b) => a.loc.offset - b.loc.offset).forEach((t, i) => this.wildcards.set(t, `$${i}`))
  }

  module(): Obj {
    const m = this.mod
    // Module has plain struct tags: package, imports, annotations, rules, comments.
    const out: Obj = { package: this.pkg() }
    if (m.imports.length > 0) {
      out.imports = m.imports.map((imp) => {
        const o: Obj = {}
        if (imp.alias) o.alias = imp.alias
        // OPA's import location is that of the keyword (its text is `import`).
        this.withLoc(o, keyword(imp.loc, 'import'))
        o.path = this.term(imp.path)
        return o
      })
    }
    if (this.opts.annotations) {
      const all = [...m.annotations, ...m.rules.flatMap((r) => r.annotations)].sort(
        (a, b) => a.loc.offset - b.loc.offset,
      )
      if (all.length > 0) out.annotations = all.map((a) => this.annotation(a))
    }
    if (m.rules.length > 0) out.rules = m.rules.map((r) => this.rule(r))
    if (this.opts.comments !== false && m.comments.length > 0) {
      out.comments = m.comments.map((c) => ({ Text: base64Bytes(c.text), Location: this.location(c.loc) }))
    }
    return out
  }

  private pkg(): Obj {
    const [data, first, ...rest] = this.mod.package.path.terms
    // OPA gives the root `data` the location of the package's first name.
    const path = [this.term({ ...data!, loc: first!.loc }), this.term(first!), ...rest.map((t) => this.term(t))]
    // OPA's package location is that of the keyword (its text is `package`).
    return this.withLoc({}, keyword(this.mod.package.loc, 'package'), { path })
  }

  private rule(r: Rule): Obj {
    // ruleJSON: annotations, body, default, else, head, location.
    const out: Obj = {}
    if (this.opts.annotations && r.annotations.length > 0)
      out.annotations = r.annotations.map((a) => this.annotation(a))
    out.body = r.body.length > 0 ? this.body(r.body) : [this.trueExpr(r.loc)]
    if (r.default) out.default = true
    if (r.else) out.else = this.rule(r.else)
    out.head = this.head(r)
    // OPA's parser returns a default rule before it sets the rule's text, which stays `default`.
    return this.withLoc(out, r.default ? keyword(r.loc, 'default') : r.loc)
  }

  /** OPA's parser (v1 parseRules/parseHead): which of name, key and value it sets. */
  private head(r: Rule): Obj {
    const h: RuleHead = r.head
    const ref = h.ref.terms
    const hasIf = r.body.length > 0
    const twoTerm = ref.length === 2 && !h.args && h.key === undefined
    let name: string | undefined
    let key: Term | undefined = h.key
    if (ref.length === 1 && ref[0]!.type === 'var') name = ref[0]!.name
    if (twoTerm && ref[0]!.type === 'var') {
      const k = ref[1]!
      if (!hasIf) {
        name = ref[0]!.name
        key = k
      } else {
        if (!isGround(k) || k.type === 'ref') key = k
        if (!h.implicitValue) name = ref[0]!.name
      }
    }
    // Embedded struct fields first (name, args, key, value, assign), then ref and location.
    const out: Obj = {}
    if (name !== undefined) out.name = name
    if (h.args && h.args.length > 0) out.args = h.args.map((t) => this.term(t))
    if (key) out.key = this.term(key)
    if (h.value) out.value = this.term(h.implicitValue ? { ...h.value, loc: h.loc } : h.value)
    if (h.assign) out.assign = true
    out.ref = ref.map((t) => this.term(t))
    return this.withLoc(out, h.loc)
  }

  private body(body: Body): GoJson[] {
    return body.map((e, i) => this.expr(e, i))
  }

  private trueExpr(loc: Location): Obj {
    return this.exprObj(0, loc, false, this.term({ type: 'boolean', value: true, loc }), [])
  }

  private expr(e: Expr, index: number): Obj {
    return this.exprObj(index, e.loc, e.negated, this.exprTerms(e), e.with, e.generated)
  }

  /** exprJSON: generated, index, location, negated, terms, with. */
  private exprObj(
    index: number,
    loc: Location,
    negated: boolean,
    terms: GoJson,
    withs: With[],
    generated?: boolean,
  ): Obj {
    const out: Obj = {}
    if (generated) out.generated = true
    out.index = new JsonNumber(String(index))
    this.withLoc(out, loc)
    if (negated) out.negated = true
    out.terms = terms
    if (withs.length > 0) {
      out.with = withs.map((w) => {
        const o: Obj = {}
        this.withLoc(o, w.loc)
        o.target = this.term(w.target)
        o.value = this.term(w.value)
        return o
      })
    }
    return out
  }

  private exprTerms(e: Expr): GoJson {
    switch (e.kind) {
      case 'term':
        return this.term(e.term)
      case 'call':
        return [this.term(e.operator), ...e.args.map((t) => this.term(t))]
      case 'some':
        return this.withLoc({}, e.loc, { symbols: e.vars.map((v) => this.term(v)) })
      case 'somein': {
        const args = e.key ? [e.key, e.value, e.domain] : [e.value, e.domain]
        const start = args[0]!.loc
        const at: Location = { ...start, end: e.domain.loc.end }
        const op = `member_${args.length}`
        const call: Term = {
          type: 'call',
          loc: at,
          operator: {
            type: 'ref',
            loc: at,
            terms: [
              { type: 'var', name: 'internal', loc: at },
              { type: 'string', value: op, loc: at },
            ],
          },
          args,
        }
        return this.withLoc({}, e.loc, { symbols: [this.term(call)] })
      }
      case 'every': {
        // A map in OPA: body, domain, key, location, value.
        const out: Obj = { body: this.body(e.body), domain: this.term(e.domain), key: e.key ? this.term(e.key) : null }
        this.withLoc(out, e.loc)
        out.value = this.term(e.value)
        return out
      }
      case 'logic': {
        const out: Obj = { lhs: this.body(e.left) }
        this.withLoc(out, e.loc)
        out.rhs = this.body(e.right)
        out.type = e.op
        return out
      }
      case 'block':
        return this.withLoc({ body: this.body(e.body) }, e.loc)
    }
  }

  /** Term: location, type, value (a map in OPA, so keys sorted). */
  private term(t: Term): Obj {
    const out: Obj = {}
    this.withLoc(out, t.loc)
    out.type = TYPE_NAMES[t.type]
    out.value = this.termValue(t)
    return out
  }

  private termValue(t: Term): GoJson {
    switch (t.type) {
      case 'null':
        return null
      case 'boolean':
        return t.value
      case 'number':
        return new JsonNumber(t.value)
      case 'string':
        return t.value
      case 'var':
        return this.wildcards.get(t) ?? t.name
      case 'ref':
        return t.terms.map((x) => this.term(x))
      case 'array':
        return t.items.map((x) => this.term(x))
      case 'set':
        return [...t.items].sort(compareTerms).map((x) => this.term(x))
      case 'object':
        return t.entries.map(([k, v]) => [this.term(k), this.term(v)])
      case 'arraycomp':
      case 'setcomp':
        return { term: this.term(t.term), body: this.body(t.body) }
      case 'objectcomp':
        return { key: this.term(t.key), value: this.term(t.value), body: this.body(t.body) }
      case 'call':
        return [this.term(t.operator), ...t.args.map((x) => this.term(x))]
      case 'template':
        return t.parts.map((x) => this.term(x))
    }
  }

  /** Annotations: a map in OPA, so keys sorted; schema paths are terms without locations. */
  private annotation(a: Annotation): Obj {
    const f: Record<string, unknown> = annotationFields(a)
    if (Array.isArray(f.schemas)) {
      f.schemas = (f.schemas as Record<string, unknown>[]).map((s) => {
        const o: Record<string, unknown> = { path: refTerms(s.path as string[]) }
        if (s.schema) o.schema = refTerms(s.schema as string[])
        if ('definition' in s) o.definition = s.definition
        return o
      })
    }
    if (this.opts.locations) f.location = this.location(a.loc)
    const out: Obj = {}
    for (const k of Object.keys(f).sort()) out[k] = plain(f[k])
    return out
  }

  /** Adds `location` (when asked for) and then `rest`, keeping key order. */
  private withLoc(out: Obj, loc: Location, rest: Obj = {}): Obj {
    if (this.opts.locations) out.location = this.location(loc)
    return Object.assign(out, rest)
  }

  /** Location: file, row, col (bytes from the line start, as OPA's scanner counts), text when asked for. */
  private location(loc: Location): Obj {
    const lineStart = this.lineStarts[loc.row - 1] ?? 0
    const col = new TextEncoder().encode(this.source.slice(lineStart, loc.offset)).length + 1
    const out: Obj = { file: loc.file, row: new JsonNumber(String(loc.row)), col: new JsonNumber(String(col)) }
    if (this.opts.locations) {
      const text = this.source.slice(loc.offset, loc.end)
      if (text !== '') out.text = base64Bytes(text)
    }
    return out
  }
}

/** The location of a statement's leading keyword. */
function keyword(loc: Location, word: string): Location {
  return { ...loc, end: loc.offset + word.length }
}

const TYPE_NAMES: Record<Term['type'], string> = {
  null: 'null',
  boolean: 'boolean',
  number: 'number',
  string: 'string',
  var: 'var',
  ref: 'ref',
  array: 'array',
  object: 'object',
  set: 'set',
  arraycomp: 'arraycomprehension',
  setcomp: 'setcomprehension',
  objectcomp: 'objectcomprehension',
  call: 'call',
  template: 'templatestring',
}

/** `input.x` as the terms of a ref, without locations (OPA's schema annotations). */
function refTerms(path: string[]): GoJson[] {
  return path.map((p, i) => ({ type: i === 0 ? 'var' : 'string', value: p }))
}

/** A YAML value of an annotation as JSON (numbers as their text, objects with sorted keys as Go's maps). */
function plain(x: unknown): GoJson {
  if (x === null || x === undefined) return null
  if (typeof x === 'number' || typeof x === 'bigint') return new JsonNumber(String(x))
  if (typeof x === 'boolean' || typeof x === 'string') return x
  if (x instanceof Date) return x.toISOString()
  if (Array.isArray(x)) return x.map(plain)
  const out: Obj = {}
  for (const k of Object.keys(x as object).sort()) out[k] = plain((x as Record<string, unknown>)[k])
  return out
}

function isGround(t: Term): boolean {
  let ground = true
  walk(t, (n) => {
    if (!ground) return false
    if (n.type === 'var' || n.type === 'arraycomp' || n.type === 'setcomp' || n.type === 'objectcomp') ground = false
  })
  return ground
}

/** OPA's order of values (ast.Compare): by kind, then by value; enough to sort set literals as OPA writes them. */
function compareTerms(a: Term, b: Term): number {
  const ka = KIND_ORDER[a.type]
  const kb = KIND_ORDER[b.type]
  if (ka !== kb) return ka - kb
  switch (a.type) {
    case 'boolean':
      return Number(a.value) - Number((b as typeof a).value)
    case 'number': {
      const x = Number(a.value)
      const y = Number((b as typeof a).value)
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 'string':
      return cmp(a.value, (b as typeof a).value)
    case 'var':
      return cmp(a.name, (b as typeof a).name)
    case 'ref':
      return compareLists(a.terms, (b as typeof a).terms)
    case 'array':
    case 'set':
      return compareLists(a.items, (b as typeof a).items)
    case 'object':
      return compareLists(a.entries.flat(), (b as typeof a).entries.flat())
    case 'call':
      return compareLists([a.operator, ...a.args], [(b as typeof a).operator, ...(b as typeof a).args])
    default:
      return 0
  }
}

function compareLists(a: Term[], b: Term[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareTerms(a[i]!, b[i]!)
    if (c !== 0) return c
  }
  return a.length - b.length
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const KIND_ORDER: Record<Term['type'], number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  var: 4,
  ref: 5,
  array: 6,
  object: 7,
  set: 8,
  arraycomp: 9,
  objectcomp: 10,
  setcomp: 11,
  call: 12,
  template: 13,
}
