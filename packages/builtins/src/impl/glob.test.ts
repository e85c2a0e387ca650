import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('glob.match', () => {
  table('glob.match', [
    { note: '* with . delimiter', args: [q('*.github.com'), '["."]', q('api.github.com')], want: 'true' },
    { note: '** spans delimiters', args: [q('api.**.com'), '["."]', q('api.cdn.github.com')], want: 'true' },
    { note: '** with one segment', args: [q('api.**.com'), '["."]', q('api.github.com')], want: 'true' },
    { note: ': delimiter', args: [q('*:github:com'), '[":"]', q('api:github:com')], want: 'true' },
    {
      note: '* does not cross the delimiter',
      args: [q('*.github.com'), '["."]', q('api.not-github.com')],
      want: 'false',
    },
    { note: 'character list', args: [q('[abc]at'), '[]', q('cat')], want: 'true' },
    { note: 'character list, no match', args: [q('[abc]at'), '[]', q('fat')], want: 'false' },
    { note: 'negated list', args: [q('[!abc]at'), '[]', q('fat')], want: 'true' },
    { note: 'negated list, no match', args: [q('[!abc]at'), '[]', q('cat')], want: 'false' },
    { note: 'range', args: [q('[a-c]at'), '[]', q('bat')], want: 'true' },
    { note: 'range, no match', args: [q('[a-c]at'), '[]', q('fat')], want: 'false' },
    { note: 'negated range', args: [q('[!a-c]at'), '[]', q('fat')], want: 'true' },
    { note: 'negated range, no match', args: [q('[!a-c]at'), '[]', q('bat')], want: 'false' },
    { note: '? one character', args: [q('?at'), '[]', q('fat')], want: 'true' },
    { note: '? needs a character', args: [q('?at'), '[]', q('at')], want: 'false' },
    { note: '? with delimiter f', args: [q('?at'), '["f"]', q('bat')], want: 'true' },
    { note: '? does not match the delimiter', args: [q('?at'), '["f"]', q('fat')], want: 'false' },
    { note: 'alternatives (cat)', args: [q('{cat,bat,[fr]at}'), '[]', q('cat')], want: 'true' },
    { note: 'alternatives (rat)', args: [q('{cat,bat,[fr]at}'), '[]', q('rat')], want: 'true' },
    { note: 'alternatives, no match', args: [q('{cat,bat,[fr]at}'), '[]', q('at')], want: 'false' },
    { note: 'empty delimiter list means "."', args: [q('*'), '[]', q('foo.bar')], want: 'false' },
    { note: 'default delimiter, single segment', args: [q('*'), '[]', q('foo')], want: 'true' },
    { note: 'null delimiters: * matches anything', args: [q('*'), 'null', q('foo.bar')], want: 'true' },
    { note: 'null delimiters, prefix', args: [q('foo*'), 'null', q('foo.bar')], want: 'true' },
    { note: 'escaped metacharacter', args: [q('\\*.com'), '[]', q('*.com')], want: 'true' },
    { note: 'escaped metacharacter is literal', args: [q('\\*.com'), '[]', q('a.com')], want: 'false' },
    { note: 'comma outside braces is text', args: [q('a,b'), '[]', q('a,b')], want: 'true' },
    { note: 'nested alternatives', args: [q('{a,{b,c}x}'), '[]', q('cx')], want: 'true' },
    { note: 'several delimiters', args: [q('*'), '[".", "/"]', q('a/b')], want: 'false' },
    { note: 'unicode', args: [q('?é'), '[]', q('😀é')], want: 'true' },
    {
      note: 'unterminated class',
      args: [q('[a-'), '[]', q('x')],
      error: builtinErr('glob.match: unexpected end of input'),
    },
    {
      note: 'class not closed after range',
      args: [q('[a-cd]'), '[]', q('x')],
      error: builtinErr('glob.match: expected close range character'),
    },
    {
      note: 'range out of order',
      args: [q('[z-a]'), '[]', q('x')],
      error: builtinErr("glob.match: hi character 'a' should be greater than lo 'z'"),
    },
    { note: 'empty class', args: [q('[]'), '[]', q('x')], error: builtinErr('glob.match: could not parse range') },
    {
      note: 'delimiters of wrong type',
      args: [q('*'), q('.'), q('x')],
      error: typeErr('glob.match: operand 2 must be one of {array, null} but got string'),
    },
    {
      note: 'delimiter not a string',
      args: [q('*'), '[1]', q('x')],
      error: typeErr('glob.match: operand 2 must be array of strings but got array containing number'),
    },
    {
      note: 'delimiter longer than one character',
      args: [q('*'), '["ab"]', q('x')],
      error: typeErr('glob.match: operand 2 must be array of runes but got array containing string'),
    },
    {
      note: 'pattern not a string',
      args: ['1', '[]', q('x')],
      error: typeErr('glob.match: operand 1 must be string but got number'),
    },
    {
      note: 'match not a string',
      args: [q('*'), '[]', '1'],
      error: typeErr('glob.match: operand 3 must be string but got number'),
    },
  ])
})

describe('glob.quote_meta', () => {
  table('glob.quote_meta', [
    { note: 'star', args: [q('*.github.com')], want: q('\\*.github.com') },
    { note: 'all metacharacters', args: [q('{[a]*?\\}')], want: q('\\{\\[a\\]\\*\\?\\\\\\}') },
    { note: 'comma, ! and - are not escaped', args: [q('a,b!-c')], want: q('a,b!-c') },
    {
      note: 'quoted text matches itself',
      name: 'glob.match',
      args: [q('\\{a\\}\\*'), 'null', q('{a}*')],
      want: 'true',
    },
  ])
})
