import { describe, expect, it } from 'vitest'
import type { Value } from '../value/index.js'
import { failure, run } from './security-test-util.js'

const UNICODE_MSG = 'åäöçß\u{1F972}♙Ω'
const UNICODE_KEY = '秘密の'

describe('crypto.hmac.*', () => {
  it.each([
    { note: 'md5', name: 'crypto.hmac.md5', msg: 'foo', key: 'bar', want: '31b6db9e5eb4addb42f1a6ca07367adc' },
    {
      note: 'md5 unicode',
      name: 'crypto.hmac.md5',
      msg: UNICODE_MSG,
      key: UNICODE_KEY,
      want: '20a8743c2157ac60b7e8b79c83651b8d',
    },
    {
      note: 'sha1',
      name: 'crypto.hmac.sha1',
      msg: 'foo',
      key: 'bar',
      want: '85d155c55ed286a300bd1cf124de08d87e914f3a',
    },
    {
      note: 'sha1 unicode',
      name: 'crypto.hmac.sha1',
      msg: UNICODE_MSG,
      key: UNICODE_KEY,
      want: '81759c39013935fcf0de833d44c8018d7c1455dd',
    },
    {
      note: 'sha256',
      name: 'crypto.hmac.sha256',
      msg: 'foo',
      key: 'bar',
      want: '147933218aaabc0b8b10a2b3a5c34684c8d94341bcf10a4736dc7270f7741851',
    },
    {
      note: 'sha256 unicode',
      name: 'crypto.hmac.sha256',
      msg: UNICODE_MSG,
      key: UNICODE_KEY,
      want: 'eb90daeb76d4b2571fbdaf94bbb240809faa8fed93ec0c260dd38c3fdf8d963a',
    },
    {
      note: 'sha512',
      name: 'crypto.hmac.sha512',
      msg: 'foo',
      key: 'bar',
      want: '24257d7210582a65c731ec55159c8184cc24c02489453e58587f71f44c23a2d61b4b72154a89d17b2d49448a8452ea066f4fc56a2bcead45c088572ffccdb3d8',
    },
    {
      note: 'sha512 unicode',
      name: 'crypto.hmac.sha512',
      msg: UNICODE_MSG,
      key: UNICODE_KEY,
      want: '192f5afded233d6e21427aa26ed267ac118cfa2971013d91cbed530c0b208d78138b83dfe1d6cc3553d7bd518f22a481402c723028e1279d1ffbe8f11ea6b125',
    },
  ])('$note', ({ name, msg, key, want }) => {
    expect(run(name, [msg, key])).toBe(want)
  })

  it.each([
    { note: 'equal macs', a: 'abc', b: 'abc', want: true },
    { note: 'different macs', a: 'abc', b: 'abd', want: false },
    { note: 'different lengths', a: 'abc', b: 'abcd', want: false },
    { note: 'empty strings', a: '', b: '', want: true },
  ])('crypto.hmac.equal: $note', ({ a, b, want }) => {
    expect(run('crypto.hmac.equal', [a, b])).toBe(want)
  })

  it.each([
    {
      note: 'message not a string',
      name: 'crypto.hmac.sha256',
      args: [1, 'k'] as Value[],
      message: 'crypto.hmac.sha256: operand 1 must be string but got number',
    },
    {
      note: 'key not a string',
      name: 'crypto.hmac.md5',
      args: ['m', null] as Value[],
      message: 'crypto.hmac.md5: operand 2 must be string but got null',
    },
    {
      note: 'equal: second operand',
      name: 'crypto.hmac.equal',
      args: ['a', true] as Value[],
      message: 'crypto.hmac.equal: operand 2 must be string but got boolean',
    },
  ])('$note', ({ name, args, message }) => {
    expect(failure(name, args)).toEqual({ code: 'eval_type_error', message })
  })
})
