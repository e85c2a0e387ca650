/**
 * A `# METADATA` block as the object OPA's `rego.metadata.*` return: scope,
 * title, entrypoint (when true), description, organizations,
 * related_resources (`{ref, description?}`), authors (`{name?, email?}`,
 * from `Name <email>` strings too), schemas (`{path, schema | definition}`)
 * and custom, each only when present.
 */
import type { Annotation } from '../ast.js'
import type { ConstValue } from '../ir/ir.js'

export function annotationValue(a: Annotation): ConstValue {
  return toConst(annotationFields(a))
}

/** The same as a plain object (also the fields of `cordon parse` / `rego.parse_module` output). */
export function annotationFields(a: Annotation): Record<string, unknown> {
  const f = a.fields
  const out: Record<string, unknown> = { scope: scopeOf(a) }
  if (str(f.title)) out.title = f.title
  if (f.entrypoint === true) out.entrypoint = true
  if (str(f.description)) out.description = f.description
  if (Array.isArray(f.organizations) && f.organizations.length > 0) out.organizations = f.organizations.map(String)
  if (Array.isArray(f.related_resources) && f.related_resources.length > 0)
    out.related_resources = f.related_resources.map(relatedResource)
  if (Array.isArray(f.authors) && f.authors.length > 0) out.authors = f.authors.map(author)
  if (Array.isArray(f.schemas) && f.schemas.length > 0) out.schemas = f.schemas.flatMap(schema)
  if (isRecord(f.custom) && Object.keys(f.custom).length > 0) out.custom = f.custom
  return out
}

/** As OPA: a rule block with `entrypoint: true` and no scope has document scope. */
export function scopeOf(a: Annotation): Annotation['scope'] {
  return a.scope === 'rule' && a.fields.entrypoint === true && a.fields.scope === undefined ? 'document' : a.scope
}

const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function relatedResource(r: unknown): Record<string, unknown> {
  if (!isRecord(r)) return { ref: String(r) }
  return str(r.description) ? { ref: String(r.ref), description: r.description } : { ref: String(r.ref) }
}

/** `Name <email>` → {name, email}; a map is taken as written. */
function author(a: unknown): Record<string, unknown> {
  if (isRecord(a)) {
    const out: Record<string, unknown> = {}
    if (str(a.name)) out.name = a.name
    if (str(a.email)) out.email = a.email
    return out
  }
  const parts = String(a)
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '')
  const out: Record<string, unknown> = {}
  const last = parts[parts.length - 1]
  if (last && last.length > 2 && last.startsWith('<') && last.endsWith('>')) {
    out.email = last.slice(1, -1)
    parts.pop()
  }
  if (parts.length > 0) out.name = parts.join(' ')
  return out
}

/** `- input.x: schema.y` or `- input: {definition}` → {path: [...], schema: [...]} / {path, definition}. */
function schema(s: unknown): Record<string, unknown>[] {
  if (!isRecord(s)) return []
  return Object.entries(s).map(([path, v]) => {
    const out: Record<string, unknown> = { path: path.split('.') }
    if (typeof v === 'string') out.schema = v.split('.')
    else out.definition = v
    return out
  })
}

/** A plain YAML/JSON value → a constant; `special` may convert some objects itself. */
export function toConst(x: unknown, special?: (x: unknown) => ConstValue | undefined): ConstValue {
  const s = special?.(x)
  if (s) return s
  if (x === null || x === undefined) return { type: 'null' }
  if (typeof x === 'boolean') return { type: 'boolean', value: x }
  if (typeof x === 'number' || typeof x === 'bigint') return { type: 'number', text: String(x) }
  if (typeof x === 'string') return { type: 'string', value: x }
  if (x instanceof Date) return { type: 'string', value: x.toISOString() }
  if (Array.isArray(x)) return { type: 'array', items: x.map((i) => toConst(i, special)) }
  return {
    type: 'object',
    entries: Object.entries(x as Record<string, unknown>).map(([k, v]) => [
      { type: 'string', value: k },
      toConst(v, special),
    ]),
  }
}
