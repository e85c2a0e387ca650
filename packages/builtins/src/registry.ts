import { builtinCategories } from './decls/index.js'
import type { BuiltinDecl } from './types.js'

/** Every builtin declaration by name: the one table the checker, planner and backends read. */
export const builtinDecls: ReadonlyMap<string, BuiltinDecl> = new Map(
  Object.values(builtinCategories)
    .flat()
    .map((b) => [b.name, b]),
)

/** The builtin an infix operator stands for (`+` → `plus`), from the declarations' `infix` fields. */
export const infixOperators: ReadonlyMap<string, BuiltinDecl> = new Map(
  [...builtinDecls.values()].filter((b) => b.infix !== undefined).map((b) => [b.infix!, b]),
)

/** The number of positional arguments a builtin takes (its variadic tail not counted). */
export function arity(b: BuiltinDecl): number {
  return b.decl.args?.length ?? 0
}

/**
 * Reads the `builtins` list of a capabilities document (OPA's format) into a
 * declaration map. Throws an Error naming the entry when one is malformed.
 */
export function declsFromCapabilities(caps: unknown): Map<string, BuiltinDecl> {
  const list = (caps as { builtins?: unknown })?.builtins
  if (!Array.isArray(list)) throw new Error('capabilities: expected an object with a "builtins" array')
  const out = new Map<string, BuiltinDecl>()
  list.forEach((entry, i) => {
    const b = entry as BuiltinDecl
    if (typeof b?.name !== 'string' || b.decl?.type !== 'function') {
      throw new Error(`capabilities: builtins[${i}] needs a "name" and a "decl" of type "function"`)
    }
    out.set(b.name, b)
  })
  return out
}
