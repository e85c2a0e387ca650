import { describe, expect, test } from 'vitest'
import { builtinErr, callText, q, table, typeErr } from './text-test-util.js'

describe('opa.runtime', () => {
  table('opa.runtime', [{ note: 'no runtime information: an empty object, as embedded OPA', args: [], want: '{}' }])
})

describe('trace', () => {
  table('trace', [
    { note: 'returns true', args: [q('hello')], want: 'true' },
    { note: 'message must be a string', args: ['1'], error: typeErr('trace: operand 1 must be string but got number') },
  ])
  test('sends the message to ctx.print', () => {
    const out: string[] = []
    callText('trace', [q('hello')], { print: (m) => out.push(m) })
    expect(out).toEqual(['hello'])
  })
})

describe('internal.print / print', () => {
  const printed = (name: string, args: string[]) => {
    const out: string[] = []
    const v = callText(name, args, { print: (m) => out.push(m) })
    return { v, out }
  }
  test('strings raw, other values as Rego terms, joined by spaces', () => {
    expect(printed('internal.print', ['[{"a"}, {1}, {[1, "x"]}, {{"k": null}}]'])).toEqual({
      v: true,
      out: ['a 1 [1, "x"] {"k": null}'],
    })
  })
  test('undefined operands print <undefined>', () => {
    expect(printed('internal.print', ['["x", set()]']).out).toEqual(['x <undefined>'])
  })
  test('several values print one line per combination', () => {
    expect(printed('internal.print', ['[{1, 2}, {"a", "b"}]']).out).toEqual(['1 a', '1 b', '2 a', '2 b'])
  })
  test('plain primitives are accepted', () => {
    expect(printed('internal.print', ['["s", 1, true, null]']).out).toEqual(['s 1 true null'])
  })
  test('print called directly', () => {
    expect(printed('print', [q('x'), '{"a": [1]}']).out).toEqual(['x {"a": [1]}'])
  })
  table('internal.print', [
    {
      note: 'operand must be an array',
      args: [q('x')],
      error: typeErr('internal.print: operand 1 must be array but got string'),
    },
    { note: 'elements must be sets', args: ['[[1]]'], error: builtinErr('illegal argument type: array') },
  ])
})

describe('http.send', () => {
  table('http.send', [
    {
      note: 'disabled without network access',
      args: ['{"method": "get", "url": "https://example.com"}'],
      error: builtinErr('http.send: network access is not enabled'),
    },
    {
      note: 'no synchronous transport even when allowed',
      args: ['{"method": "get", "url": "https://example.com"}'],
      error: builtinErr('http.send: network access is not enabled'),
      ctx: { allowNetwork: true },
    },
    {
      note: 'request must be an object',
      args: [q('x')],
      error: typeErr('http.send: operand 1 must be object but got string'),
    },
    {
      note: 'unknown keys (conformance invalidkeyerror)',
      args: ['{"bad_key": "bad_value", "method": "get", "url": "http://127.0.0.1:51113"}'],
      error: typeErr('http.send: operand 1 invalid request parameters(s): {"bad_key"}'),
    },
    {
      note: 'missing keys (conformance invalidkeyerror)',
      args: ['{"method": "get"}'],
      error: typeErr('http.send: operand 1 missing required request parameters(s): {"url"}'),
    },
    {
      note: 'raise_error must be a boolean',
      args: ['{"method": "get", "url": "x", "raise_error": 1}'],
      error: builtinErr('http.send: invalid value for raise_error field'),
    },
    {
      note: 'raise_error false returns the error as a response',
      args: ['{"method": "get", "url": "https://example.com", "raise_error": false}'],
      want: '{"status_code": 0, "error": {"code": "eval_http_send_network_error", "message": "network access is not enabled"}}',
    },
    {
      note: 'raise_error false with a bad request',
      args: ['{"method": "get", "raise_error": false}'],
      want: '{"status_code": 0, "error": {"code": "eval_http_send_internal_error", "message": "http.send: operand 1 missing required request parameters(s): {\\"url\\"}"}}',
    },
  ])
})
