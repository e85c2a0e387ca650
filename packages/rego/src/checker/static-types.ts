/**
 * The little type inference the checker does: the types of terms that are
 * known without evaluation (literals, composites of literals, results of
 * builtin calls), compared with builtin argument types in OPA's JSON type form.
 * Unknown stays unknown: the check must never be stricter than OPA's.
 */
import type { TypeDecl } from '@cordon/builtins/declarations'
import type { Term } from '../ast.js'
import type { BuiltinDecl } from './types.js'
import { refName } from './visit.js'

const ANY: TypeDecl = { type: 'any' }

/** The static type of a term, or undefined when it depends on evaluation. */
export function typeOfTerm(t: Term, builtins: ReadonlyMap<string, BuiltinDecl>): TypeDecl | undefined {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return { type: t.type }
    case 'template':
      return { type: 'string' }
    case 'array':
      return { type: 'array', static: t.items.map((x) => typeOfTerm(x, builtins) ?? ANY) }
    case 'set': {
      const of = t.items.map((x) => typeOfTerm(x, builtins) ?? ANY)
      return { type: 'set', of: of.length === 1 ? of[0] : { type: 'any', of } }
    }
    case 'object':
    case 'objectcomp':
      return { type: 'object', dynamic: { key: ANY, value: ANY } }
    case 'arraycomp':
      return { type: 'array', dynamic: ANY }
    case 'setcomp':
      return { type: 'set', of: ANY }
    case 'call':
      return builtins.get(refName(t.operator) ?? '')?.decl.result
    default:
      return undefined
  }
}

/** Whether a value of type `actual` may be passed where `expected` is declared. */
export function compatible(actual: TypeDecl, expected: TypeDecl): boolean {
  if (expected.type === 'any') return !expected.of?.length || expected.of.some((e) => compatible(actual, e))
  if (actual.type === 'any') return !actual.of?.length || actual.of.some((a) => compatible(a, expected))
  if (actual.type !== expected.type) return false
  if (actual.type === 'array' && expected.type === 'array') {
    const items = actual.static ?? []
    const fits = items.every((item, i) => {
      const want = expected.static?.[i] ?? expected.dynamic
      return !want || compatible(item, want)
    })
    const dyn = !actual.dynamic || !expected.dynamic || compatible(actual.dynamic, expected.dynamic)
    return fits && dyn
  }
  if (actual.type === 'set' && expected.type === 'set') {
    return !actual.of || !expected.of || compatible(actual.of, expected.of)
  }
  return true
}

/** OPA's way of writing a type: `number`, `array[any]`, `set[string]`, `any<number, string>`, `object[any: any]`. */
export function typeString(t: TypeDecl | undefined): string {
  if (!t) return '???'
  switch (t.type) {
    case 'any':
      return t.of?.length ? `any<${t.of.map(typeString).join(', ')}>` : 'any'
    case 'array':
      if (t.static?.length) {
        const items = t.static.map(typeString)
        return `array<${t.dynamic ? [...items, `${typeString(t.dynamic)}...`].join(', ') : items.join(', ')}>`
      }
      return `array[${typeString(t.dynamic ?? ANY)}]`
    case 'set':
      return `set[${typeString(t.of ?? ANY)}]`
    case 'object': {
      const dyn = t.dynamic ? `[${typeString(t.dynamic.key)}: ${typeString(t.dynamic.value)}]` : ''
      if (t.static?.length) return `object<${t.static.map((p) => `${p.key}: ${typeString(p.value)}`).join(', ')}>${dyn}`
      return `object${dyn || '[any: any]'}`
    }
    case 'function':
      return `(${(t.args ?? []).map(typeString).join(', ')}) => ${typeString(t.result)}`
    default:
      return t.type
  }
}
