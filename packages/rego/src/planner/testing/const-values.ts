/** IR constant values (`Policy.values`) → the test interpreter's values. */
import type { ConstValue } from '../../ir/ir.js'
import { parseNumber, RObject, RSet, type Value } from './values.js'

export function fromConst(v: ConstValue): Value {
  switch (v.type) {
    case 'null':
      return null
    case 'boolean':
      return v.value
    case 'number':
      return parseNumber(v.text)
    case 'string':
      return v.value
    case 'array':
      return v.items.map(fromConst)
    case 'set':
      return new RSet(v.items.map(fromConst))
    case 'object': {
      const o = new RObject()
      for (const [k, x] of v.entries) o.set(fromConst(k), fromConst(x))
      return o
    }
  }
}
