/** array.* builtins. */
import type { Value } from '../value/index.js'
import { arr, intOperand } from './core-util.js'
import type { BuiltinImpl } from './types.js'

function slice([a, s, e]: Value[]): Value {
  const xs = arr('array.slice', a!, 1)
  let start = intOperand('array.slice', s!, 2)
  let stop = intOperand('array.slice', e!, 3)
  if (stop < 0) stop = 0
  else if (stop > xs.length) stop = xs.length
  if (start < 0) start = 0
  else if (start > stop) start = stop
  return xs.slice(start, stop)
}

/** One level: elements that are arrays are spliced in, everything else is kept. */
function flatten(xs: Value[]): Value[] {
  const out: Value[] = []
  for (const x of xs) {
    if (Array.isArray(x)) out.push(...x)
    else out.push(x)
  }
  return out
}

export const arraysImpls: Record<string, BuiltinImpl> = {
  'array.concat': ([a, b]) => [...arr('array.concat', a!, 1), ...arr('array.concat', b!, 2)],
  'array.slice': slice,
  'array.reverse': ([a]) => [...arr('array.reverse', a!, 1)].reverse(),
  'array.flatten': ([a]) => flatten(arr('array.flatten', a!, 1)),
}
