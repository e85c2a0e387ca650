import { describe } from 'vitest'
import { table, typeErr } from './core-test-table.js'

const row = (note: string, format: string, args: string, want: string) => ({
  note,
  fn: 'sprintf',
  args: `[${JSON.stringify(format)}, ${args}]`,
  want: JSON.stringify(want),
})

describe('sprintf: as OPA uses it', () => {
  table([
    row('no verbs', 'hi', '[]', 'hi'),
    row('string', 'hi %s', '["there"]', 'hi there'),
    row('int zero padded', 'hi %02d', '[5]', 'hi 05'),
    row('hex upper padded', 'hi %02X.%02X', '[127, 1]', 'hi 7F.01'),
    row('float precision', 'hi %.2f', '[3.1415]', 'hi 3.14'),
    row('boolean arrives as text', 'hi %s', '[true]', 'hi true'),
    row('composite as Rego text', 'hi %v', '[["there", 5, 3.14]]', 'hi ["there", 5, 3.14]'),
    row('object as Rego text', '%v', '[{"b": {1, 2}, "a": null}]', '{"a": null, "b": {1, 2}}'),
    row('empty set', '%v', '[set()]', 'set()'),
    row('string inside composite is quoted', '%v', '[["a\\"b"]]', '["a\\"b"]'),
    row('sum past 2^64 (bignum)', '%v', '[18446744073709551618]', '18446744073709551618'),
    row('%d of a bignum', '%d', '[123456789012345678901234567891]', '123456789012345678901234567891'),
    row('%x of a bignum', '%x', '[18446744073709551617]', '10000000000000001'),
    row(
      '%s of a bignum prints its digits (*big.Int formats s as d)',
      '%s|%8s|%-25s|',
      '[123456789012345678901234567890, 18446744073709551617, -18446744073709551617]',
      '123456789012345678901234567890|18446744073709551617|-18446744073709551617    |',
    ),
    row('%s of an int64 is a bad verb', '%s', '[5]', '%!s(int=5)'),
    row('%d of an int', '%d', '[-42]', '-42'),
    row('%s/%d path', '%s/%d', '["p", 3]', 'p/3'),
    row('%%', '100%%', '[]', '100%'),
    row('a number past a double prints its text, as OPA', 'hi %v', '[2e308]', 'hi 2e308'),
    row('a number past a double inside a composite', '%v', '[[-2e308]]', '[-2e308]'),
    row('more digits than a double: float64', '%v', '[0.1000000000000000000001]', '0.1'),
    row('underflow: float64 zero', '%v', '[1e-400]', '0'),
  ])
})

describe('sprintf: Go verbs and flags', () => {
  table([
    row('%v float shortest', '%v', '[1.5]', '1.5'),
    row('%v large float uses exponent', '%v', '[1000000.5]', '1.0000005e+06'),
    row('%v small float uses exponent', '%v', '[0.000012]', '1.2e-05'),
    row('%g precision', '%.3g', '[3.14159]', '3.14'),
    row('%g precision exponent', '%.3g', '[1234.5]', '1.23e+03'),
    row('%e', '%e', '[3.14159]', '3.141590e+00'),
    row('%E', '%E', '[0.000314]', '3.140000E-04'),
    row('%.0f rounds half to even', '%.0f', '[2.5]', '2'),
    row('%.0f rounds half to even (odd)', '%.0f', '[3.5]', '4'),
    row('%.2f uses the exact binary value', '%.2f', '[1.005]', '1.00'),
    row('%08.3f zero pads after the sign', '%08.3f', '[-3.14159]', '-003.142'),
    row('%+.1f', '%+.1f', '[2.25]', '+2.2'),
    row('widths and left alignment', '%5d|%-5d|%05d', '[1, 2, -3]', '    1|2    |-0003'),
    row('bases', '%x %X %o %b %#x %#o %O', '[255, 255, 8, 5, 255, 8, 8]', 'ff FF 10 101 0xff 010 0o10'),
    row('negative hex', '%x', '[-255]', '-ff'),
    row('%+d and % d', '%+d|% d', '[5, 5]', '+5| 5'),
    row('integer precision', '%.3d|%6.3d', '[7, 7]', '007|   007'),
    row('string width', '%6s|%-6s|', '["abc", "def"]', '   abc|def   |'),
    row('string precision counts runes', '%.2s', '["åäö"]', 'åä'),
    row('%q', '%q', '["a\\"b\\n"]', '"a\\"b\\n"'),
    row('%x of a string', '%x', '["hi"]', '6869'),
    row('%X of a string with spaces', '% X', '["hi"]', '68 69'),
    row('%c %U %q of ints', '%c %U %q', '[65, 65, 65]', "A U+0041 'A'"),
    row('%v of null', '%v', '[null]', 'null'),
    row('%g of a tiny float', '%g', '[1e-7]', '1e-07'),
    row('explicit argument indexes', '%[2]d %[1]d', '[1, 2]', '2 1'),
    row('star width', '%*d', '[5, 3]', '    3'),
    row('%T', '%T %T %T %T', '[1, 1.5, "s", 18446744073709551617]', 'int float64 string *big.Int'),
    row('%#v quotes strings', '%#v %#v', '["a", 1]', '"a" 1'),
  ])
})

describe('sprintf: Go error annotations', () => {
  table([
    row('%t of a boolean (it is text)', '%t', '[true]', '%!t(string=true)'),
    row('%d of a string', '%d', '["x"]', '%!d(string=x)'),
    row('%s of an int', '%s', '[1]', '%!s(int=1)'),
    row('%d of a float', '%d', '[1.5]', '%!d(float64=1.5)'),
    row('%f of an int', '%f', '[5]', '%!f(int=5)'),
    row('%f of a bignum', '%f', '[18446744073709551617]', '%!f(big.Int=18446744073709551617)'),
    row('missing argument', '%d %d', '[1]', '1 %!d(MISSING)'),
    row('extra arguments', '%d', '[1, "a", 2.5]', '1%!(EXTRA string=a, float64=2.5)'),
    row('trailing percent', 'x%', '[]', 'x%!(NOVERB)'),
    row('unknown verb', '%z', '[1]', '%!z(int=1)'),
    row('bad index', '%[3]d', '[1]', '%!d(BADINDEX)'),
    {
      note: 'operand 1 type',
      fn: 'sprintf',
      args: '[1, []]',
      error: typeErr('sprintf: operand 1 must be string but got number'),
    },
    {
      note: 'operand 2 type',
      fn: 'sprintf',
      args: '["%v", {1}]',
      error: typeErr('sprintf: operand 2 must be array but got set'),
    },
  ])
})
