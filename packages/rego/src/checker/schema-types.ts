/**
 * JSON Schema → the checker's types (the `TypeDecl` form builtin signatures
 * use), as OPA's schema parser reads a schema for type checking
 * (`parseSchema` in OPA's ast package):
 *
 * - an object with `properties` is closed unless `additionalProperties` says
 *   otherwise; an object without `properties` is open; `items` gives an
 *   array's element type;
 * - `anyOf` is the union of its branches (`{ type: 'any', of: [...] }`), as
 *   OPA's `types.Or`; a typed object schema beside it joins the union;
 *   `oneOf` is read the same way (a value matches one branch, so a key no
 *   branch has cannot exist);
 * - `allOf` is the intersection: objects merge their properties, equal types
 *   stay, different types are OPA's error `unable to merge these schemas`;
 * - `$ref` is followed within the document (`#/definitions/X`, `#/$defs/X`)
 *   and to another file of the schema folder (`user.json`,
 *   `common/defs.json#/$defs/id`, relative to the file that refers);
 *   a URL is refused (nothing is fetched);
 * - what cannot be typed exactly (a missing `type`, `not`, `if`) is `any`,
 *   so the check is never stricter than the schema.
 */
import type { TypeDecl } from '@cordon/builtins/declarations'

const ANY: TypeDecl = { type: 'any' }
type Schema = Record<string, unknown>

/** Where a schema came from, to resolve `$ref`s to other files. */
export interface SchemaOrigin {
  /** The schema's path in the folder, without `.json` (`authz/user`); `''` for one given alone or inline. */
  key: string
  /** The folder's schemas by key (`SchemaSet.byPath`). */
  schemas?: ReadonlyMap<string, unknown>
}

/** The document a node belongs to: its root (for `#/…` pointers) and its key (for relative file refs). */
interface Doc {
  root: unknown
  key: string
}

/** A schema's type, or a clear error (a `$ref` that does not resolve or is remote, an `allOf` that cannot merge). */
export function schemaToType(root: unknown, origin: SchemaOrigin = { key: '' }): TypeDecl {
  return convert(root, { root, key: origin.key }, [], origin.schemas)
}

function convert(node: unknown, doc: Doc, refs: string[], schemas: ReadonlyMap<string, unknown> | undefined): TypeDecl {
  if (node === true || node === undefined) return ANY
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return ANY
  const s = node as Schema
  const sub = (x: unknown) => convert(x, doc, refs, schemas)
  if (typeof s.$ref === 'string') {
    const target = resolveRef(s.$ref, doc, schemas)
    const id = `${target.doc.key}#${target.pointer}`
    if (refs.includes(id)) return ANY // a recursive definition: deeper levels stay unchecked
    return convert(target.node, target.doc, [...refs, id], schemas)
  }
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined
  if (branches) {
    const { anyOf: _a, oneOf: _o, ...core } = s
    const coreType = core.type !== undefined ? sub(core) : undefined
    // As OPA: the schema's own type joins the union only when it is a closed object.
    const withCore = coreType?.type === 'object' && coreType.static && !coreType.dynamic ? [coreType] : []
    return union([...withCore, ...branches.map(sub)])
  }
  if (Array.isArray(s.allOf)) {
    const { allOf: _a, ...core } = s
    const parts = s.allOf.map(sub)
    return intersect(core.type !== undefined || core.properties !== undefined ? [...parts, sub(core)] : parts)
  }
  const type = Array.isArray(s.type) ? undefined : s.type
  switch (type) {
    case 'null':
    case 'boolean':
    case 'string':
      return { type }
    case 'number':
    case 'integer':
      return { type: 'number' }
    case 'array':
      return { type: 'array', dynamic: sub(s.items) }
    case 'object':
      return objectType(s, sub)
    default:
      return s.properties ? objectType(s, sub) : s.items !== undefined ? { type: 'array', dynamic: sub(s.items) } : ANY
  }
}

function objectType(s: Schema, sub: (x: unknown) => TypeDecl): TypeDecl {
  const props = s.properties && typeof s.properties === 'object' ? Object.entries(s.properties as Schema) : []
  if (props.length === 0) return { type: 'object', dynamic: { key: ANY, value: ANY } }
  const extra = s.additionalProperties
  return {
    type: 'object',
    static: props.map(([key, value]) => ({ key, value: sub(value) })),
    ...(extra !== undefined && extra !== false && { dynamic: { key: { type: 'string' }, value: sub(extra) } }),
  }
}

/** `anyOf`: the union of the branches; a branch of unknown type makes the whole unknown. */
function union(types: TypeDecl[]): TypeDecl {
  const flat = types.flatMap((t) => (t.type === 'any' && t.of ? t.of : [t]))
  if (flat.length === 0 || flat.some((t) => t.type === 'any')) return ANY
  return flat.length === 1 ? flat[0]! : { type: 'any', of: flat }
}

/** `allOf`: objects together (their properties, open if one is), arrays by their items, equal types as they are. */
function intersect(types: TypeDecl[]): TypeDecl {
  const known = types.filter((t) => t.type !== 'any' || t.of)
  if (known.length === 0) return ANY
  const first = known[0]!
  const mismatch = known.find((t) => t.type !== first.type)
  if (mismatch) throw new Error(`unable to merge these schemas: type mismatch: ${first.type} and ${mismatch.type}`)
  if (first.type === 'object') {
    const objects = known as Extract<TypeDecl, { type: 'object' }>[]
    const open = objects.find((o) => o.dynamic)?.dynamic
    const statics = objects.flatMap((o) => o.static ?? [])
    if (statics.length === 0) return { type: 'object', dynamic: open ?? { key: ANY, value: ANY } }
    return { type: 'object', static: statics, ...(open && { dynamic: open }) }
  }
  if (first.type === 'array') {
    const items = (known as Extract<TypeDecl, { type: 'array' }>[]).map((a) => a.dynamic ?? ANY)
    return { type: 'array', dynamic: items.every((i) => i.type === 'any' && !i.of) ? ANY : intersect(items) }
  }
  return first
}

/** A `$ref`: the document it points into and the node there. */
function resolveRef(
  ref: string,
  doc: Doc,
  schemas: ReadonlyMap<string, unknown> | undefined,
): { doc: Doc; node: unknown; pointer: string } {
  const hash = ref.indexOf('#')
  const file = hash < 0 ? ref : ref.slice(0, hash)
  const pointer = hash < 0 ? '' : ref.slice(hash + 1)
  if (/^[a-z][a-z0-9+.-]*:/i.test(file))
    throw new Error(
      `schema $ref ${ref}: remote references are refused (Cordon reads schemas from files, it fetches nothing)`,
    )
  let target = doc
  if (file !== '') {
    const key = joinKey(doc.key, file)
    const root = key === undefined ? undefined : schemas?.get(key)
    if (root === undefined)
      throw new Error(
        `schema $ref ${ref}: no schema file ${file} in the schema folder${schemas ? '' : ' (references to other files need -s DIR)'}`,
      )
    target = { root, key: key! }
  }
  return { doc: target, node: resolvePointer(target.root, pointer, ref), pointer }
}

/** `file` (relative, `.json`) read from the folder of `from` (a key without `.json`) → its key, or undefined outside the folder. */
function joinKey(from: string, file: string): string | undefined {
  const parts = from.split('/').slice(0, -1)
  for (const seg of file.replace(/\.json$/, '').split('/')) {
    if (seg === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else if (seg !== '.' && seg !== '') parts.push(seg)
  }
  return parts.join('/')
}

function resolvePointer(root: unknown, pointer: string, ref: string): unknown {
  let at: unknown = root
  for (const raw of pointer.split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (at === null || typeof at !== 'object' || !(key in at)) throw new Error(`schema $ref ${ref} does not resolve`)
    at = (at as Schema)[key]
  }
  return at
}
