import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('base64', () => {
  table('base64.encode', [
    { note: 'padded', args: [q('hello')], want: q('aGVsbG8=') },
    { note: 'UTF-8 bytes', args: [q('é')], want: q('w6k=') },
    { note: 'empty', args: [q('')], want: q('') },
    { note: 'uses + and /', args: [q('\u00fb\u00ff')], want: q('w7vDvw==') },
    { note: 'not a string', args: ['1'], error: typeErr('base64.encode: operand 1 must be string but got number') },
  ])
  table('base64.decode', [
    { note: 'padded', args: [q('aGVsbG8=')], want: q('hello') },
    { note: 'newlines are skipped', args: [q('aGVs\nbG8=')], want: q('hello') },
    {
      note: 'missing padding',
      args: [q('aGVsbG8')],
      error: builtinErr('base64.decode: illegal base64 data at input byte 4'),
    },
    {
      note: 'bad character',
      args: [q('aGV*')],
      error: builtinErr('base64.decode: illegal base64 data at input byte 3'),
    },
    {
      note: 'data after padding',
      args: [q('aGk=aGk=')],
      error: builtinErr('base64.decode: illegal base64 data at input byte 4'),
    },
    {
      note: 'URL alphabet is not standard',
      args: [q('-_8=')],
      error: builtinErr('base64.decode: illegal base64 data at input byte 0'),
    },
  ])
  table('base64.is_valid', [
    { note: 'valid', args: [q('aGVsbG8=')], want: 'true' },
    { note: 'invalid', args: [q('aGVsbG8')], want: 'false' },
    { note: 'not a string', args: ['1'], want: 'false' },
  ])
})

describe('base64url', () => {
  table('base64url.encode', [
    { note: 'hello', args: [q('hello')], want: q('aGVsbG8=') },
    { note: 'there', args: [q('there')], want: q('dGhlcmU=') },
    { note: 'uses - and _', args: [q('\u00fb\u00ff')], want: q('w7vDvw==') },
  ])
  table('base64url.encode_no_pad', [
    { note: 'hello', args: [q('hello')], want: q('aGVsbG8') },
    { note: 'there', args: [q('there')], want: q('dGhlcmU') },
  ])
  table('base64url.decode', [
    { note: 'padded', args: [q('aGVsbG8=')], want: q('hello') },
    { note: 'unpadded', args: [q('aGVsbG8')], want: q('hello') },
    { note: 'URL alphabet', args: [q('w7vDvw')], want: q('\u00fb\u00ff') },
    { note: 'impossible length', args: [q('a')], error: builtinErr('base64url.decode: illegal base64url string: a') },
    {
      note: 'standard alphabet rejected',
      args: [q('w7v+')],
      error: builtinErr('base64url.decode: illegal base64 data at input byte 3'),
    },
  ])
})

describe('hex', () => {
  table('hex.encode', [
    { note: 'string', args: [q('lorem ipsum')], want: q('6c6f72656d20697073756d') },
    { note: 'UTF-8 bytes', args: [q('é')], want: q('c3a9') },
  ])
  table('hex.decode', [
    { note: 'string', args: [q('6c6f72656d20697073756d')], want: q('lorem ipsum') },
    { note: 'upper case digits', args: [q('C3A9')], want: q('é') },
    {
      note: 'invalid byte',
      args: [q('fghijkl')],
      error: builtinErr("hex.decode: encoding/hex: invalid byte: U+0067 'g'"),
    },
    { note: 'odd length', args: [q('abc')], error: builtinErr('hex.decode: encoding/hex: odd length hex string') },
    {
      note: 'invalid last byte of odd input',
      args: [q('abz')],
      error: builtinErr("hex.decode: encoding/hex: invalid byte: U+007A 'z'"),
    },
    {
      note: 'unprintable byte',
      args: [q('0\u0001')],
      error: builtinErr('hex.decode: encoding/hex: invalid byte: U+0001'),
    },
  ])
})
