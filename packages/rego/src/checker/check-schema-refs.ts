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
 * path or scope wins). Only references written out from `input`/`data` are
 * checked; types do not yet flow through local variables.
 */
import type { TypeDecl } from '@cordon/builtins/declarations'
import type { Annotation, RefTerm, Rule, Term } from '../ast.js'
import { printTerm } from '../syntax/print.js'
import { schemaToType } from './schema-types.js'
import type { CompileState } from './types.js'
import { ruleBodies, walkBody, walkTerm } from './visit.js'

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
  const global: Binding[] = schemas.input === undefined ? [] : [{ path: ['input'], type: schemaToType(schemas.input) }]
  if (state.query) return walkBody(state.query, (t) => checkTerm(state, t, global))
  for (const m of state.modules) {
    const pkg = [...global, ...annotationBindings(state, m.annotations)]
    for (const rule of m.rules) {
      const bindings = [...pkg, ...annotationBindings(state, rule.annotations)]
      if (bindings.length > 0) checkRule(state, rule, bindings)
    }
  }
}

function checkRule(state: CompileState, rule: Rule, bindings: Binding[]): void {
  for (const { body, head } of ruleBodies(rule)) {
    walkBody(body, (t) => checkTerm(state, t, bindings))
    for (const h of head) walkTerm(h, (t) => checkTerm(state, t, bindings))
  }
}

function checkTerm(state: CompileState, t: Term, bindings: Binding[]): void {
  if (t.type !== 'ref') return
  const head = t.terms[0]
  if (head?.type !== 'var' || (head.name !== 'input' && head.name !== 'data')) return
  const binding = closestBinding(t, bindings)
  if (binding) walkType(state, t, binding)
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

function walkType(state: CompileState, ref: RefTerm, binding: Binding): void {
  let type = binding.type
  for (let i = binding.path.length; i < ref.terms.length; i++) {
    const seg = ref.terms[i]!
    if (type.type === 'array') {
      type = type.dynamic ?? { type: 'any' }
      continue
    }
    if (type.type !== 'object' || seg.type !== 'string') return
    const known = type.static?.find((p) => p.key === seg.value)
    if (known) type = known.value
    else if (type.dynamic) type = type.dynamic.value
    else return reportUndefined(state, ref, i, (type.static ?? []).map((p) => String(p.key)))
  }
}

/** OPA's RefErrInvalidDetail lines: the ref, a caret under the bad key, what it has and what it wants. */
function reportUndefined(state: CompileState, ref: RefTerm, pos: number, keys: string[]): void {
  const text = printTerm(ref)
  const pad = ' '.repeat(printTerm({ ...ref, terms: ref.terms.slice(0, pos) }).length + 1)
  const seg = ref.terms[pos]!
  state.report('rego_type_error', ref.loc, `undefined ref: ${text}`, [
    text,
    `${pad}^`,
    `${pad}have: ${printTerm(seg)}`,
    `${pad}want (one of): [${[...keys].sort().map((k) => JSON.stringify(k)).join(' ')}]`,
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
          out.push({ path: path.split('.'), type: schemaToType(raw) })
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
  const m = /^schema((?:\.[A-Za-z_]\w*|\["[^"]*"\])*)$/.exec(text.trim())
  if (!m) return undefined
  const segments = [...m[1]!.matchAll(/\.([A-Za-z_]\w*)|\["([^"]*)"\]/g)].map((x) => x[1] ?? x[2]!)
  return state.schemas?.byPath?.get(segments.join('/'))
}
