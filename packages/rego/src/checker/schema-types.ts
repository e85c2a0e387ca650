/**
 * JSON Schema → the checker's types (the `TypeDecl` form builtin signatures
 * use), as OPA's schema parser reads a schema for type checking: an object
 * with `properties` is closed unless `additionalProperties` says otherwise,
 * an object without `properties` is open, `items` gives an array's element
 * type, local `$ref`s (`#/definitions/X`, `#/$defs/X`) are followed, and
 * what cannot be typed exactly (`anyOf`, `oneOf`, a missing `type`) is `any`,
 * so the check is never stricter than the schema.
 */
import type { TypeDecl } from '@cordon/builtins/declarations'

const ANY: TypeDecl = { type: 'any' }
type Schema = Record<string, unknown>

/** A schema, or a clear error (a `$ref` that does not resolve, a cycle of `$ref`s). */
export function schemaToType(root: unknown): TypeDecl {
  return convert(root, root, [])
}

function convert(node: unknown, root: unknown, refs: string[]): TypeDecl {
  if (node === true || node === undefined) return ANY
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return ANY
  const s = node as Schema
  if (typeof s.$ref === 'string') {
    if (refs.includes(s.$ref)) return ANY // a recursive definition: deeper levels stay unchecked
    return convert(resolvePointer(root, s.$ref), root, [...refs, s.$ref])
  }
  if (Array.isArray(s.allOf)) return mergeAll(s.allOf.map((x) => convert(x, root, refs)))
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
      return { type: 'array', dynamic: convert(s.items, root, refs) }
    case 'object':
      return objectType(s, root, refs)
    default:
      return s.properties ? objectType(s, root, refs) : ANY
  }
}

function objectType(s: Schema, root: unknown, refs: string[]): TypeDecl {
  const props = s.properties && typeof s.properties === 'object' ? Object.entries(s.properties as Schema) : []
  if (props.length === 0) return { type: 'object', dynamic: { key: ANY, value: ANY } }
  const extra = s.additionalProperties
  return {
    type: 'object',
    static: props.map(([key, value]) => ({ key, value: convert(value, root, refs) })),
    ...(extra !== undefined && extra !== false && { dynamic: { key: { type: 'string' }, value: convert(extra, root, refs) } }),
  }
}

/** `allOf` of objects: their properties together; anything else: `any`. */
function mergeAll(types: TypeDecl[]): TypeDecl {
  if (types.length === 0 || !types.every((t) => t.type === 'object')) return ANY
  const objects = types as Extract<TypeDecl, { type: 'object' }>[]
  const open = objects.find((o) => o.dynamic)?.dynamic
  return { type: 'object', static: objects.flatMap((o) => o.static ?? []), ...(open && { dynamic: open }) }
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`schema $ref ${ref}: only references inside the same schema (#/…) are supported`)
  let at: unknown = root
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (at === null || typeof at !== 'object' || !(key in at)) throw new Error(`schema $ref ${ref} does not resolve`)
    at = (at as Schema)[key]
  }
  return at
}
