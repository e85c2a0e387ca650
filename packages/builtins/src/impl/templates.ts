/**
 * `strings.render_template` (Go text/template, see go-template.ts) and
 * `internal.template_string`, the builtin behind template strings `$"..."`.
 */
import { DecimalNumber, RegoObject, RegoSet, type Value } from '../value/index.js'
import { BuiltinError, builtinError, typeError, type BuiltinImpl } from './types.js'
import { executeTemplate, GoNumber, TemplateError, type GoValue } from './go-template.js'
import { numberText, objArg, strArg, termText } from './text-util.js'

/** A value as Go sees it after OPA's JSON conversion (`ast.As`). */
function toGo(v: Value): GoValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return new GoNumber(numberText(v))
  if (Array.isArray(v)) return v.map(toGo)
  if (v instanceof DecimalNumber) return new GoNumber(v.text)
  if (v instanceof RegoSet) return v.values().map(toGo)
  const m = new Map<string, GoValue>()
  for (const [k, x] of (v as RegoObject).entries()) m.set(typeof k === 'string' ? k : termText(k), toGo(x))
  return m
}

const RENDER = 'strings.render_template'
const TEMPLATE_STRING = 'internal.template_string'

export const templateImpls: Record<string, BuiltinImpl> = {
  [RENDER]: (args) => {
    const src = strArg(RENDER, args, 0)
    const vars = objArg(RENDER, args, 1)
    try {
      return executeTemplate(src, toGo(vars))
    } catch (e) {
      if (e instanceof TemplateError) throw builtinError(RENDER, e.message)
      throw e
    }
  },
  [TEMPLATE_STRING]: (args) => {
    const parts = args[0] ?? null
    if (!Array.isArray(parts)) throw typeError(TEMPLATE_STRING, 1, 'array', parts)
    let out = ''
    for (const p of parts) {
      if (typeof p === 'string') out += p
      else if (
        p === null ||
        typeof p === 'boolean' ||
        typeof p === 'number' ||
        typeof p === 'bigint' ||
        p instanceof DecimalNumber
      )
        out += termText(p)
      else if (p instanceof RegoSet) {
        const items = p.values()
        if (items.length > 1) {
          // OPA raises a conflict error here, in strict mode or not.
          throw new BuiltinError('eval_conflict_error', 'template-strings must not produce multiple outputs')
        }
        const x = items[0]
        out += x === undefined ? '<undefined>' : typeof x === 'string' ? x : termText(x)
      } else {
        throw new BuiltinError(
          'eval_builtin_error',
          `${TEMPLATE_STRING}: illegal argument type: ${Array.isArray(p) ? 'array' : 'object'}`,
        )
      }
    }
    return out
  },
}
