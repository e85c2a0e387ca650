import { describe, expect, it } from 'vitest'
import { builtinErr, table, typeErr } from './core-test-table.js'
import { hostBuiltinImpls } from './index.js'
import { newBuiltinContext } from './types.js'

describe('arithmetic', () => {
  table([
    { note: 'plus ints', fn: 'plus', args: '[1, 2]', want: '3' },
    { note: 'plus floats', fn: 'plus', args: '[1.5, 2.5]', want: '4' },
    { note: 'plus mixed', fn: 'plus', args: '[1, 2.5]', want: '3.5' },
    { note: 'plus decimals round once (0.1 + 0.2 is 0.3)', fn: 'plus', args: '[0.1, 0.2]', want: '0.3' },
    { note: 'minus decimals', fn: 'minus', args: '[0.3, 0.1]', want: '0.2' },
    { note: 'mul decimals', fn: 'mul', args: '[1.1, 3]', want: '3.3' },
    { note: 'mul small exponents', fn: 'mul', args: '[1.5e-7, 2]', want: '3e-7' },
    { note: 'div decimals', fn: 'div', args: '[0.7, 0.1]', want: '7' },
    { note: 'div repeating', fn: 'div', args: '[1, 3]', want: '0.3333333333333333' },
    { note: 'div negative', fn: 'div', args: '[-1, 8]', want: '-0.125' },
    { note: 'plus past 2^64 stays exact', fn: 'plus', args: '[18446744073709551617, 1]', want: '18446744073709551618' },
    {
      note: 'plus with more digits than a double (nearest double)',
      fn: 'plus',
      args: '[0.1000000000000000000001, 1]',
      want: '1.1',
    },
    { note: 'minus with more digits than a double', fn: 'minus', args: '[1.1000000000000000000001, 1]', want: '0.1' },
    { note: 'abs of more digits than a double', fn: 'abs', args: '[-0.1000000000000000000001]', want: '0.1' },
    { note: 'to_number keeps a number past a double exact', fn: 'to_number', args: '[2e308]', want: '2e308' },
    { note: 'is_number of a number past a double', fn: 'is_number', args: '[2e308]', want: 'true' },
    { note: 'type_name of a number past a double', fn: 'type_name', args: '[2e308]', want: '"number"' },
    {
      note: 'plus bignum',
      fn: 'plus',
      args: '[123456789012345678901234567890, 1]',
      want: '123456789012345678901234567891',
    },
    { note: 'plus precision (bug 2469)', fn: 'plus', args: '[49649733057, 1]', want: '49649733058' },
    {
      note: 'plus type error 1',
      fn: 'plus',
      args: '["a", 1]',
      error: typeErr('plus: operand 1 must be number but got string'),
    },
    {
      note: 'plus type error 2',
      fn: 'plus',
      args: '[1, null]',
      error: typeErr('plus: operand 2 must be number but got null'),
    },
    { note: 'minus ints', fn: 'minus', args: '[1, 3]', want: '-2' },
    { note: 'minus bignum', fn: 'minus', args: '[-18446744073709551617, 1]', want: '-18446744073709551618' },
    { note: 'minus sets', fn: 'minus', args: '[{1, 2, 3}, {2, 4}]', want: '{1, 3}' },
    { note: 'minus sets to empty', fn: 'minus', args: '[{1}, {1}]', want: 'set()' },
    {
      note: 'minus set - number',
      fn: 'minus',
      args: '[{1}, 1]',
      error: typeErr('minus: operand 2 must be set but got number'),
    },
    {
      note: 'minus number - set',
      fn: 'minus',
      args: '[1, {1}]',
      error: typeErr('minus: operand 2 must be number but got set'),
    },
    {
      note: 'minus string',
      fn: 'minus',
      args: '["a", 1]',
      error: typeErr('minus: operand 1 must be one of {number, set} but got string'),
    },
    { note: 'mul', fn: 'mul', args: '[6, 7]', want: '42' },
    { note: 'mul bignum', fn: 'mul', args: '[18446744073709551617, 2]', want: '36893488147419103234' },
    { note: 'mul float', fn: 'mul', args: '[2.5, 2]', want: '5' },
    { note: 'div exact', fn: 'div', args: '[10, 2]', want: '5' },
    { note: 'div inexact gives a float', fn: 'div', args: '[7, 2]', want: '3.5' },
    { note: 'div zero dividend', fn: 'div', args: '[0, 5]', want: '0' },
    { note: 'div by zero', fn: 'div', args: '[1, 0]', error: builtinErr('div: divide by zero') },
    { note: 'div by 0.0', fn: 'div', args: '[1.5, 0.0]', error: builtinErr('div: divide by zero') },
    { note: 'div large floats', fn: 'div', args: '[1e109, 1e100]', want: '1000000000' },
    { note: 'rem', fn: 'rem', args: '[7, 4]', want: '3' },
    { note: 'rem negative dividend truncates', fn: 'rem', args: '[-7, 4]', want: '-3' },
    { note: 'rem by zero', fn: 'rem', args: '[7, 0]', error: builtinErr('rem: modulo by zero') },
    { note: 'rem on float', fn: 'rem', args: '[1.1, 1]', error: builtinErr('rem: modulo on floating-point number') },
    { note: 'rem by 2^64', fn: 'rem', args: '[10, 18446744073709551616]', want: '10' },
    { note: 'rem by multiple of 2^64', fn: 'rem', args: '[5, 55340232221128654848]', want: '5' },
    { note: 'rem by 2^128', fn: 'rem', args: '[7, 340282366920938463463374607431768211456]', want: '7' },
    { note: 'rem by -2^64', fn: 'rem', args: '[100, -18446744073709551616]', want: '100' },
    { note: 'rem big dividend', fn: 'rem', args: '[18446744073709551617, 18446744073709551616]', want: '1' },
    { note: 'abs', fn: 'abs', args: '[-10]', want: '10' },
    { note: 'abs float', fn: 'abs', args: '[-1.5]', want: '1.5' },
    { note: 'abs bignum', fn: 'abs', args: '[-18446744073709551617]', want: '18446744073709551617' },
    {
      note: 'abs type error',
      fn: 'abs',
      args: '["x"]',
      error: typeErr('abs: operand 1 must be number but got string'),
    },
    { note: 'round half away from zero', fn: 'round', args: '[2.5]', want: '3' },
    { note: 'round negative half', fn: 'round', args: '[-2.5]', want: '-3' },
    { note: 'round down', fn: 'round', args: '[1.4]', want: '1' },
    { note: 'round just below a half', fn: 'round', args: '[0.49999999999999994]', want: '0' },
    { note: 'round negative below half', fn: 'round', args: '[-0.4]', want: '0' },
    { note: 'ceil', fn: 'ceil', args: '[1.01]', want: '2' },
    { note: 'ceil (2)', fn: 'ceil', args: '[2222.2222222222]', want: '2223' },
    { note: 'ceil integer', fn: 'ceil', args: '[1]', want: '1' },
    { note: 'ceil negative', fn: 'ceil', args: '[-1.99999]', want: '-1' },
    { note: 'floor', fn: 'floor', args: '[99.99999]', want: '99' },
    { note: 'floor negative', fn: 'floor', args: '[-1.001]', want: '-2' },
    { note: 'floor integer', fn: 'floor', args: '[1]', want: '1' },
  ])
})

describe('numbers.range and numbers.range_step', () => {
  table([
    { note: 'ascending', fn: 'numbers.range', args: '[0, 3]', want: '[0, 1, 2, 3]' },
    { note: 'descending', fn: 'numbers.range', args: '[3, 0]', want: '[3, 2, 1, 0]' },
    { note: 'single', fn: 'numbers.range', args: '[5, 5]', want: '[5]' },
    { note: 'negative', fn: 'numbers.range', args: '[-2, 1]', want: '[-2, -1, 0, 1]' },
    {
      note: 'bignum',
      fn: 'numbers.range',
      args: '[18446744073709551616, 18446744073709551617]',
      want: '[18446744073709551616, 18446744073709551617]',
    },
    {
      note: 'float operand 1',
      fn: 'numbers.range',
      args: '[3.14, 4]',
      error: typeErr('numbers.range: operand 1 must be integer number but got floating-point number'),
    },
    {
      note: 'float operand 2',
      fn: 'numbers.range',
      args: '[3, 3.14]',
      error: typeErr('numbers.range: operand 2 must be integer number but got floating-point number'),
    },
    {
      note: 'string operand',
      fn: 'numbers.range',
      args: '["1", 2]',
      error: typeErr('numbers.range: operand 1 must be integer but got string'),
    },
    { note: 'step', fn: 'numbers.range_step', args: '[0, 10, 3]', want: '[0, 3, 6, 9]' },
    { note: 'step descending', fn: 'numbers.range_step', args: '[10, 0, 4]', want: '[10, 6, 2]' },
    {
      note: 'step zero',
      fn: 'numbers.range_step',
      args: '[0, 10, 0]',
      error: builtinErr('numbers.range_step: numbers.range_step: step must be a positive integer'),
    },
    {
      note: 'step float',
      fn: 'numbers.range_step',
      args: '[0, 10, 1.5]',
      error: typeErr('numbers.range_step: operand 3 must be integer number but got floating-point number'),
    },
  ])
})

describe('to_number and format_int', () => {
  table([
    { note: 'null', fn: 'to_number', args: '[null]', want: '0' },
    { note: 'true', fn: 'to_number', args: '[true]', want: '1' },
    { note: 'false', fn: 'to_number', args: '[false]', want: '0' },
    { note: 'number', fn: 'to_number', args: '[1.5]', want: '1.5' },
    { note: 'int string', fn: 'to_number', args: '["-42"]', want: '-42' },
    {
      note: 'big int string',
      fn: 'to_number',
      args: '["123456789012345678901234567890"]',
      want: '123456789012345678901234567890',
    },
    { note: 'float string', fn: 'to_number', args: '["3.25e2"]', want: '325' },
    { note: 'leading dot', fn: 'to_number', args: '[".5"]', want: '0.5' },
    { note: 'hex float string', fn: 'to_number', args: '["0x1p-2"]', want: '0.25' },
    {
      note: 'hex without exponent is not a float',
      fn: 'to_number',
      args: '["0x10"]',
      error: builtinErr('to_number: strconv.ParseFloat: parsing "0x10": invalid syntax'),
    },
    {
      note: 'bad string',
      fn: 'to_number',
      args: '["abc"]',
      error: builtinErr('to_number: strconv.ParseFloat: parsing "abc": invalid syntax'),
    },
    {
      note: 'out of range',
      fn: 'to_number',
      args: '["1e400"]',
      error: builtinErr('to_number: strconv.ParseFloat: parsing "1e400": value out of range'),
    },
    {
      note: 'inf rejected',
      fn: 'to_number',
      args: '["-Inf"]',
      error: typeErr('to_number: operand 1 must be valid number string but got string'),
    },
    {
      note: 'nan rejected',
      fn: 'to_number',
      args: '["NaN"]',
      error: typeErr('to_number: operand 1 must be valid number string but got string'),
    },
    {
      note: 'array rejected',
      fn: 'to_number',
      args: '[[1]]',
      error: typeErr('to_number: operand 1 must be one of {null, boolean, number, string} but got array'),
    },
    { note: 'format_int base 2', fn: 'format_int', args: '[5, 2]', want: '"101"' },
    { note: 'format_int base 8', fn: 'format_int', args: '[8, 8]', want: '"10"' },
    { note: 'format_int base 10', fn: 'format_int', args: '[-12, 10]', want: '"-12"' },
    { note: 'format_int base 16', fn: 'format_int', args: '[255, 16]', want: '"ff"' },
    { note: 'format_int truncates floats', fn: 'format_int', args: '[-3.9, 10]', want: '"-3"' },
    { note: 'format_int bignum', fn: 'format_int', args: '[18446744073709551617, 16]', want: '"10000000000000001"' },
    {
      note: 'format_int bad base',
      fn: 'format_int',
      args: '[1, 3]',
      error: typeErr('format_int: operand 2 must be one of {2, 8, 10, 16}'),
    },
    {
      note: 'format_int string',
      fn: 'format_int',
      args: '["1", 10]',
      error: typeErr('format_int: operand 1 must be number but got string'),
    },
  ])
})

describe('bits', () => {
  table([
    { note: 'and', fn: 'bits.and', args: '[7, 42]', want: '2' },
    { note: 'or', fn: 'bits.or', args: '[7, 42]', want: '47' },
    { note: 'xor', fn: 'bits.xor', args: '[7, 42]', want: '45' },
    { note: 'negate', fn: 'bits.negate', args: '[42]', want: '-43' },
    { note: 'lsh', fn: 'bits.lsh', args: '[1, 70]', want: '1180591620717411303424' },
    { note: 'rsh', fn: 'bits.rsh', args: '[-16, 2]', want: '-4' },
    {
      note: 'float operand',
      fn: 'bits.and',
      args: '[7.2, 42]',
      error: typeErr('bits.and: operand 1 must be integer number but got floating-point number'),
    },
    {
      note: 'negate float',
      fn: 'bits.negate',
      args: '[7.2]',
      error: typeErr('bits.negate: operand 1 must be integer number but got floating-point number'),
    },
    {
      note: 'negative shift',
      fn: 'bits.lsh',
      args: '[1, -1]',
      error: typeErr('bits.lsh: operand 2 must be an unsigned integer number but got a negative integer'),
    },
  ])
})

describe('rand.intn', () => {
  it('is in range and the same for the same arguments within one evaluation', () => {
    const ctx = newBuiltinContext()
    const intn = hostBuiltinImpls.get('rand.intn')!
    const a = intn(['k', 10], ctx) as number
    expect(a).toBeGreaterThanOrEqual(0)
    expect(a).toBeLessThan(10)
    for (let i = 0; i < 20; i++) expect(intn(['k', 10], ctx)).toBe(a)
    expect(intn(['k', -10], ctx)).toBe(a)
    expect(intn(['k', 0], ctx)).toBe(0)
  })
  table([
    {
      note: 'float n',
      fn: 'rand.intn',
      args: '["k", 1.5]',
      error: typeErr('rand.intn: operand 2 must be integer number but got floating-point number'),
    },
    {
      note: 'non-string key',
      fn: 'rand.intn',
      args: '[1, 10]',
      error: typeErr('rand.intn: operand 1 must be string but got number'),
    },
  ])
})
