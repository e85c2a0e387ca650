/** Aggregates over arrays and sets (and `count` over strings and objects). */
import { compare, RegoObject, RegoSet, type Value } from '../value/index.js'
import {
  type Dec,
  decAdd,
  decMul,
  decOf,
  decToNumber,
  elementError,
  fromBig,
  isIntNum,
  isNum,
  type Num,
  toDouble,
  oneOfError,
  toBig,
} from './core-util.js'
import type { BuiltinImpl } from './types.js'

function collection(name: string, v: Value, order: string[]): Value[] {
  if (Array.isArray(v)) return v
  if (v instanceof RegoSet) return v.values()
  throw oneOfError(name, 1, order, v)
}

function count([a]: Value[]): Value {
  if (typeof a === 'string') return Array.from(a).length
  if (Array.isArray(a)) return a.length
  if (a instanceof RegoObject || a instanceof RegoSet) return a.size
  throw oneOfError('count', 1, ['array', 'object', 'set', 'string'], a!)
}

/** Sum or product: exact when every element is an integer, else exact on the decimals and rounded once. */
function fold(
  name: string,
  unit: bigint,
  int: (x: bigint, y: bigint) => bigint,
  dec: (x: Dec, y: Dec) => Dec,
  flt: (x: number, y: number) => number,
): BuiltinImpl {
  return ([a]) => {
    const xs = collection(name, a!, ['set', 'array']).map(toDouble)
    if (xs.every((x) => isNum(x) && isIntNum(x)))
      return fromBig(xs.reduce<bigint>((acc, x) => int(acc, toBig(x as Num)), unit))
    for (const x of xs) if (!isNum(x)) throw elementError(name, 1, a!, x, 'number')
    const nums = xs as Num[]
    // Doubles out of range (a literal like 2e308 reads as Infinity) have no exact form.
    if (nums.some((x) => !Number.isFinite(Number(x))))
      return nums.reduce<number>((acc, x) => flt(acc, Number(x)), Number(unit))
    return decToNumber(nums.reduce<Dec>((acc, x) => dec(acc, decOf(x)), { c: unit, e: 0 }))
  }
}

function max([a]: Value[]): Value | undefined {
  const xs = collection('max', a!, ['set', 'array'])
  if (xs.length === 0) return undefined
  return xs.reduce((m, x) => (compare(m, x) <= 0 ? x : m))
}

function min([a]: Value[]): Value | undefined {
  const xs = collection('min', a!, ['set', 'array'])
  if (xs.length === 0) return undefined
  return xs.reduce((m, x) => (compare(m, x) >= 0 ? x : m))
}

export const aggregatesImpls: Record<string, BuiltinImpl> = {
  count,
  sum: fold(
    'sum',
    0n,
    (x, y) => x + y,
    decAdd,
    (x, y) => x + y,
  ),
  product: fold(
    'product',
    1n,
    (x, y) => x * y,
    decMul,
    (x, y) => x * y,
  ),
  max,
  min,
  sort: ([a]) => [...collection('sort', a!, ['set', 'array'])].sort(compare),
  all: ([a]) => collection('all', a!, ['array', 'set']).every((x) => x === true),
  any: ([a]) => collection('any', a!, ['array', 'set']).some((x) => x === true),
}
