/**
 * Ground composite terms → constant values (docs/adr/0004-constant-values.md).
 * An array, object or set literal with no variable, ref, call, comprehension
 * or template anywhere inside is planned as ONE `value` operand, which the
 * backend prebuilds: no statement per element, and no JS frame per element
 * while planning (a 10,000-element list plans in constant stack).
 */
import type { Term } from '../ast.js'
import type { ConstValue, Operand } from '../ir/ir.js'
import type { Ctx } from './context.js'

/** Number literal text the backends build statically (JSON's grammar). */
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** The constant value of a ground term, or undefined when any part is computed. */
function groundValue(t: Term): ConstValue | undefined {
  switch (t.type) {
    case 'null':
      return { type: 'null' }
    case 'boolean':
      return { type: 'boolean', value: t.value }
    case 'number':
      return NUMBER_TEXT.test(t.value) ? { type: 'number', text: t.value } : undefined
    case 'string':
      return { type: 'string', value: t.value }
    case 'array':
    case 'set': {
      const items: ConstValue[] = []
      for (const x of t.items) {
        const v = groundValue(x)
        if (!v) return undefined
        items.push(v)
      }
      return { type: t.type, items }
    }
    case 'object': {
      const entries: [ConstValue, ConstValue][] = []
      for (const [k, x] of t.entries) {
        const kv = groundValue(k)
        const vv = kv && groundValue(x)
        if (!kv || !vv) return undefined
        entries.push([kv, vv])
      }
      return { type: 'object', entries }
    }
    default:
      return undefined
  }
}

/** A `value` operand for a ground composite term, or undefined (scalars and non-ground terms). */
export function constOperand(c: Ctx, t: Term): Operand | undefined {
  if (t.type !== 'array' && t.type !== 'object' && t.type !== 'set') return undefined
  const v = groundValue(t)
  return v && valueOp(c, v)
}

/** The operand of constant `v` (equal constants share one index). */
export function valueOp(c: Ctx, v: ConstValue): Operand {
  return { kind: 'value', index: c.st.value(v) }
}

/**
 * Whether planning `t` calls its continuation exactly once, right away, with
 * no loop around it: literals, bound variables, `input`, refs into those
 * along literal keys, calls, and composites of those. `planTerms` plans such terms inline instead of nesting a frame each.
 */
export function isStraight(c: Ctx, t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true
    case 'var':
      return c.sc.vars.has(t.name) || t.name === 'input'
    case 'array':
    case 'set':
      return t.items.every((x) => isStraight(c, x))
    case 'object':
      return t.entries.every(([k, v]) => isStraight(c, k) && isStraight(c, v))
    case 'call':
      // A call emits one statement and continues once with its result.
      return t.args.every((x) => isStraight(c, x))
    case 'ref': {
      // A ref into input or a bound variable with no unbound position: a chain of dots.
      const [head, ...rest] = t.terms
      return (
        head?.type === 'var' &&
        isStraight(c, head) &&
        rest.every((x) => x.type !== 'var' && x.type !== 'ref' && isStraight(c, x))
      )
    }
    default:
      return false
  }
}
