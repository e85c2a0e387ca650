import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('urlquery', () => {
  table('urlquery.encode', [
    { note: 'reserved characters', args: [q('a=b+1')], want: q('a%3Db%2B1') },
    { note: 'empty', args: [q('')], want: q('') },
    { note: 'space is +', args: [q('a b/c?')], want: q('a+b%2Fc%3F') },
    { note: 'unreserved kept', args: [q('AZaz09-_.~')], want: q('AZaz09-_.~') },
    { note: 'UTF-8 bytes', args: [q('é')], want: q('%C3%A9') },
  ])
  table('urlquery.decode', [
    { note: 'escapes', args: [q('a%3Db%2B1')], want: q('a=b+1') },
    { note: '+ is a space', args: [q('a+b')], want: q('a b') },
    { note: 'bad escape', args: [q('%zz')], error: builtinErr('urlquery.decode: invalid URL escape "%zz"') },
    { note: 'truncated escape', args: [q('ab%2')], error: builtinErr('urlquery.decode: invalid URL escape "%2"') },
  ])
  table('urlquery.encode_object', [
    { note: 'empty', args: ['{}'], want: q('') },
    { note: 'strings, keys sorted', args: ['{"c": "d", "a": "b"}'], want: q('a=b&c=d') },
    { note: 'escaping', args: ['{"a": "c=b+1"}'], want: q('a=c%3Db%2B1') },
    { note: 'array', args: ['{"a": ["b+1", "c+2"]}'], want: q('a=b%2B1&a=c%2B2') },
    { note: 'set', args: ['{"a": {"b+1"}}'], want: q('a=b%2B1') },
    {
      note: 'value of the wrong type',
      args: ['{"a": 1}'],
      error: typeErr('urlquery.encode_object: operand 1 values must be string, array[string], or set[string]'),
    },
    {
      note: 'array element of the wrong type',
      args: ['{"a": ["x", 1]}'],
      error: typeErr('urlquery.encode_object: operand 1 values must be string, array[string], or set[string]'),
    },
    {
      note: 'not an object',
      args: ['[]'],
      error: typeErr('urlquery.encode_object: operand 1 must be object but got array'),
    },
  ])
  table('urlquery.decode_object', [
    {
      note: 'repeated keys',
      args: [q('a=value_a1&b=value_b&a=value_a2')],
      want: '{"a": ["value_a1", "value_a2"], "b": ["value_b"]}',
    },
    { note: 'parameter without value', args: [q('a=value_a1&b')], want: '{"a": ["value_a1"], "b": [""]}' },
    { note: 'empty string', args: [q('')], want: '{}' },
    { note: 'escapes', args: [q('k%20y=v+1')], want: '{"k y": ["v 1"]}' },
    {
      note: 'semicolon separator is an error',
      args: [q('a=1;b=2')],
      error: builtinErr('urlquery.decode_object: invalid semicolon separator in query'),
    },
    { note: 'bad escape', args: [q('a=%zz')], error: builtinErr('urlquery.decode_object: invalid URL escape "%zz"') },
  ])
})

describe('uri', () => {
  table('uri.parse', [
    {
      note: 'all parts',
      args: [q('https://user@www.example.com:8443/a%20b/c?x=1&y=2#frag')],
      want: '{"scheme": "https", "hostname": "www.example.com", "port": "8443", "path": "/a b/c", "raw_path": "/a b/c", "raw_query": "x=1&y=2", "fragment": "frag"}',
    },
    {
      note: 'raw_path keeps an escaping Go would not produce',
      args: [q('http://h/a%2Fb')],
      want: '{"scheme": "http", "hostname": "h", "path": "/a/b", "raw_path": "/a%2Fb"}',
    },
    {
      note: 'opaque URI has no path',
      args: [q('mailto:user@openpolicyagent.org?valid?=false#3afe')],
      want: '{"scheme": "mailto", "raw_query": "valid?=false", "fragment": "3afe"}',
    },
    {
      note: 'IPv6 host',
      args: [q('http://[::1]:80/')],
      want: '{"scheme": "http", "hostname": "::1", "port": "80", "path": "/", "raw_path": "/"}',
    },
    {
      note: 'relative reference',
      args: [q('/relative/path')],
      want: '{"path": "/relative/path", "raw_path": "/relative/path"}',
    },
    { note: 'scheme is lower-cased', args: [q('HTTP://h')], want: '{"scheme": "http", "hostname": "h"}' },
    {
      note: 'invalid port',
      args: [q('https://www.openpolicyagent.org:3a9')],
      error: builtinErr('uri.parse: parse "https://www.openpolicyagent.org:3a9": invalid port ":3a9" after host'),
    },
    {
      note: 'missing scheme',
      args: [q('://x')],
      error: builtinErr('uri.parse: parse "://x": missing protocol scheme'),
    },
    { note: 'colon in first segment', args: [q('a:b/c')], want: '{"scheme": "a"}' },
    {
      note: 'control character',
      args: [q('http://h/\u0001')],
      error: builtinErr('uri.parse: parse "http://h/\\x01": net/url: invalid control character in URL'),
    },
    { note: 'not a string', args: ['1'], error: typeErr('uri.parse: operand 1 must be string but got number') },
  ])
  table('uri.is_valid', [
    { note: 'valid', args: [q('https://example.com/x?y#z')], want: 'true' },
    { note: 'empty is rejected', args: [q('')], want: 'false' },
    { note: 'bad escape', args: [q('http://h/%zz')], want: 'false' },
    { note: 'not a string', args: ['1'], want: 'false' },
  ])
})
