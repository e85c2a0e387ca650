/**
 * Part of the type check: references into `input` and `data` that a JSON
 * Schema types must name keys the schema has, as OPA's checker does with
 * `opa check -s` and METADATA `schemas:` annotations. A misspelled key of a
 * closed object is OPA's error:
 *
 *     rego_type_error: undefined ref: input.user.nationalty
 *       input.user.nationalty
 *                  ^
 *                  have: "nationalty"
 *                  want (one of): ["id" "nationality" "tier" "verified"]
 *
 * Schemas apply only when the check is given a schema set (`cordon check`
 * gives one, empty without -s). Which schema applies to a rule: the input schema, then
 * the package's `schemas:` annotations, then the rule's own (a more specific
 * path or scope wins). Types flow through local variables as OPA's checker
 * lets them: `x := input.user` (or `=`), `some u in input.users` and `every`
 * give `x`/`u` the type they take, so `x.nationalty` is checked too. A union
 * (`anyOf`) lets a key through when one of its branches has it.
 */
import type { TypeDecl } from '@cordon/builtins/declarations'
import type { Annotation, Body, RefTerm, Term } from '../ast.js'
import { printTerm } from '../syntax/print.js'
import { schemaToType } from './schema-types.js'
import type { CompileState } from './types.js'
import { forEachExpr, refName, ruleBodies, walkBody, walkTerm } from './visit.js'

/** The schemas a check may use. */
export interface SchemaSet {
  /** The schema of `input` for every rule (`check -s FILE`, or `input.json` of `check -s DIR`). */
  input?: unknown
  /** Schemas by their path below `schema.` (`input`, `authz/user` for `schema.authz.user`), for annotations. */
  byPath?: ReadonlyMap<string, unknown>
}

/** A schema bound to a path: `input`, `input.user`, `data.acl`. */
interface Binding {
  path: string[]
  type: TypeDecl
}

export function checkSchemaRefs(state: CompileState): void {
  // Only a check given schemas (`cordon check`, even without -s) reads them: build, test and eval do not type by schema.
  const schemas = state.schemas
  if (!schemas) return
  // The caller reads the input schema and reports its faults with the file's name (`schemaToType` throws).
  const inputType =
    schemas.input === undefined
      ? undefined
      : schemaToType(schemas.input, { key: schemas.byPath?.has('input') ? 'input' : '', schemas: schemas.byPath })
  const global: Binding[] = inputType ? [{ path: ['input'], type: inputType }] : []
  if (state.query) return checkBodies(state, [{ body: state.query, head: [] }], global)
  for (const m of state.modules) {
    const pkg = [...global, ...annotationBindings(state, m.annotations)]
    for (const rule of m.rules) {
      const bindings = [...pkg, ...annotationBindings(state, rule.annotations)]
      if (bindings.length > 0) checkBodies(state, ruleBodies(rule), bindings)
    }
  }
}

/** Local variables (renamed apart, so one map per rule) and the types they took. */
type Locals = Map<string, TypeDecl>

function checkBodies(state: CompileState, bodies: { body: Body; head: Term[] }[], bindings: Binding[]): void {
  const locals = localTypes(
    bodies.map((b) => b.body),
    bindings,
  )
  const check = (t: Term) => {
    if (t.type === 'ref') refType(t, bindings, locals, state)
  }
  for (const { body, head } of bodies) {
    walkBody(body, check)
    for (const h of head) walkTerm(h, check)
  }
}

/**
 * The types local variables take from typed refs, followed until nothing
 * changes (an assignment may use a variable assigned later in the text).
 */
function localTypes(bodies: Body[], bindings: Binding[]): Locals {
  const locals: Locals = new Map()
  const bind = (target: Term | undefined, type: TypeDecl | undefined) => {
    if (target?.type !== 'var' || !type || locals.has(target.name)) return false
    locals.set(target.name, type)
    return true
  }
  const typeOf = (t: Term) =>
    t.type === 'ref' ? refType(t, bindings, locals) : t.type === 'var' ? locals.get(t.name) : undefined
  for (let changed = true; changed;) {
    changed = false
    for (const body of bodies)
      forEachExpr(body, (e) => {
        if (e.negated) return
        const op = e.kind === 'call' ? refName(e.operator) : undefined
        if (e.kind === 'call' && (op === 'eq' || op === 'assign') && e.args.length === 2) {
          const [a, b] = e.args as [Term, Term]
          changed = bind(a, typeOf(b)) || bind(b, typeOf(a)) || changed
        } else if (e.kind === 'somein' || e.kind === 'every') {
          const domain = typeOf(e.domain)
          if (domain) changed = bind(e.value, elementType(domain)) || changed
        }
      })
  }
  return locals
}

/** The type of a collection's elements (values of an object); undefined when unknown. */
function elementType(t: TypeDecl): TypeDecl | undefined {
  if (t.type === 'array') return t.dynamic
  if (t.type === 'set') return t.of
  if (t.type === 'object' && !t.static?.length) return t.dynamic?.value
  return undefined
}

/**
 * The type a ref reaches: from `input`/`data` through the closest schema
 * binding, or from a typed local variable. With `state`, a key the type
 * cannot have is reported (OPA's `undefined ref`).
 */
function refType(ref: RefTerm, bindings: Binding[], locals: Locals, state?: CompileState): TypeDecl | undefined {
  const head = ref.terms[0]
  if (head?.type !== 'var') return undefined
  if (head.name === 'input' || head.name === 'data') {
    const binding = closestBinding(ref, bindings)
    return binding && walkType(ref, binding.path.length, binding.type, state)
  }
  const local = locals.get(head.name)
  return local && walkType(ref, 1, local, state)
}

/** The binding with the longest path that the ref starts with (later bindings win a tie). */
function closestBinding(ref: RefTerm, bindings: Binding[]): Binding | undefined {
  let best: Binding | undefined
  for (const b of bindings) {
    const fits = b.path.every((seg, i) => {
      const x = ref.terms[i]
      return i === 0 ? x?.type === 'var' && x.name === seg : x?.type === 'string' && x.value === seg
    })
    if (fits && (!best || b.path.length >= best.path.length)) best = b
  }
  return best
}

/** Follows the ref's segments from `from` through `type`; undefined where the type becomes unknown. */
function walkType(ref: RefTerm, from: number, type: TypeDecl, state?: CompileState): TypeDecl | undefined {
  for (let i = from; i < ref.terms.length; i++) {
    const seg = ref.terms[i]!
    const next = childType(type, seg)
    if (next === 'unknown') return undefined
    if (next === undefined) {
      if (state) reportUndefined(state, ref, i, keysOf(type))
      return undefined
    }
    type = next
  }
  return type
}

/** The type below one ref segment; `'unknown'` when it cannot be told, undefined when the type has no such key. */
function childType(type: TypeDecl, seg: Term): TypeDecl | 'unknown' | undefined {
  if (type.type === 'any') {
    if (!type.of) return 'unknown'
    // A union: the key exists when one branch has it; its type is the union of theirs.
    const found: TypeDecl[] = []
    for (const branch of type.of) {
      const c = childType(branch, seg)
      if (c === 'unknown') return 'unknown'
      if (c) found.push(c)
    }
    if (found.length === 0)
      return type.of.some((b) => b.type === 'object' || (b.type === 'any' && b.of)) ? undefined : 'unknown'
    return found.length === 1
      ? found[0]
      : { type: 'any', of: found.flatMap((t) => (t.type === 'any' && t.of ? t.of : [t])) }
  }
  if (type.type === 'array') return type.dynamic ?? 'unknown'
  if (type.type !== 'object' || seg.type !== 'string') return 'unknown'
  const known = type.static?.find((p) => p.key === seg.value)
  if (known) return known.value
  if (type.dynamic) return type.dynamic.value
  return undefined
}

/** The keys a closed object (or the object branches of a union) has, for the error's `want`. */
function keysOf(type: TypeDecl): string[] {
  if (type.type === 'object') return (type.static ?? []).map((p) => String(p.key))
  if (type.type === 'any' && type.of) return [...new Set(type.of.flatMap(keysOf))]
  return []
}

/** OPA's RefErrInvalidDetail lines: the ref, a caret under the bad key, what it has and what it wants. */
function reportUndefined(state: CompileState, ref: RefTerm, pos: number, keys: string[]): void {
  // A local variable is named as written (`x`, not `__local0__`), as OPA's checker does.
  const head = ref.terms[0]!
  if (head.type === 'var' && state.rewrittenVars.has(head.name))
    ref = { ...ref, terms: [{ ...head, name: state.rewrittenVars.get(head.name)! }, ...ref.terms.slice(1)] }
  const text = printTerm(ref)
  const pad = ' '.repeat(printTerm({ ...ref, terms: ref.terms.slice(0, pos) }).length + 1)
  const seg = ref.terms[pos]!
  state.report('rego_type_error', ref.loc, `undefined ref: ${text}`, [
    text,
    `${pad}^`,
    `${pad}have: ${printTerm(seg)}`,
    `${pad}want (one of): [${[...keys]
      .sort()
      .map((k) => JSON.stringify(k))
      .join(' ')}]`,
  ])
}

/** The `schemas:` of annotations: `- input: schema.input`, `- data.acl: schema["acl"]`, `- input.x: {inline schema}`. */
function annotationBindings(state: CompileState, annotations: Annotation[]): Binding[] {
  const out: Binding[] = []
  for (const a of annotations) {
    const list = a.fields['schemas']
    if (!Array.isArray(list)) continue
    for (const entry of list) {
      if (!entry || typeof entry !== 'object') continue
      for (const [path, value] of Object.entries(entry as Record<string, unknown>)) {
        const raw = typeof value === 'string' ? lookupSchema(state, value) : value
        // Without loaded schemas (no -s) a reference to one cannot be checked; with them, a missing one is an error.
        if (raw === undefined && !state.schemas?.byPath) continue
        if (raw === undefined) {
          state.report('rego_type_error', a.loc, `undefined schema: ${String(value)}`)
          continue
        }
        try {
          const key = typeof value === 'string' ? (schemaKey(value) ?? '') : ''
          out.push({ path: path.split('.'), type: schemaToType(raw, { key, schemas: state.schemas?.byPath }) })
        } catch (err) {
          state.report('rego_type_error', a.loc, `schema ${String(value)}: ${(err as Error).message}`)
        }
      }
    }
  }
  return out
}

/** `schema.a.b` or `schema["a-b"]` → the schema loaded at that path. */
function lookupSchema(state: CompileState, text: string): unknown {
  const key = schemaKey(text)
  return key === undefined ? undefined : state.schemas?.byPath?.get(key)
}

/** `schema.a.b` or `schema["a-b"]` → its key in the folder (`a/b`, `a-b`). */
function schemaKey(text: string): string | undefined {
  const m = /^schema((?:\.[A-Za-z_]\w*|\["[^"]*"\])*)$/.exec(text.trim())
  if (!m) return undefined
  return [...m[1]!.matchAll(/\.([A-Za-z_]\w*)|\["([^"]*)"\]/g)].map((x) => x[1] ?? x[2]!).join('/')
}
