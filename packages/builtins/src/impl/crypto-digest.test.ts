import { describe, expect, it } from 'vitest'
import type { Value } from '../value/index.js'
import { failure, run } from './security-test-util.js'

describe('crypto digests', () => {
  it.each([
    {
      note: 'md5 (conformance cryptomd5)',
      name: 'crypto.md5',
      input: 'lorem ipsum',
      want: '80a751fde577028640c419000e33eba6',
    },
    {
      note: 'sha1 (conformance cryptosha1)',
      name: 'crypto.sha1',
      input: 'lorem ipsum',
      want: 'bfb7759a67daeb65410490b4d98bb9da7d1ea2ce',
    },
    {
      note: 'sha256',
      name: 'crypto.sha256',
      input: 'lorem ipsum',
      want: '5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269',
    },
    { note: 'md5 of empty string', name: 'crypto.md5', input: '', want: 'd41d8cd98f00b204e9800998ecf8427e' },
    {
      note: 'sha256 hashes UTF-8 bytes',
      name: 'crypto.sha256',
      input: 'ü',
      want: '607474ca475a9724d7360aba71a56d5df77e61350e3f724cfa1f46e857e2d85f',
    },
  ])('$note', ({ name, input, want }) => {
    expect(run(name, [input])).toBe(want)
  })

  it.each([
    {
      note: 'md5 of a number',
      name: 'crypto.md5',
      arg: 1 as Value,
      message: 'crypto.md5: operand 1 must be string but got number',
    },
    {
      note: 'sha1 of null',
      name: 'crypto.sha1',
      arg: null,
      message: 'crypto.sha1: operand 1 must be string but got null',
    },
    {
      note: 'sha256 of an array',
      name: 'crypto.sha256',
      arg: ['a'],
      message: 'crypto.sha256: operand 1 must be string but got array',
    },
  ])('$note', ({ name, arg, message }) => {
    expect(failure(name, [arg])).toEqual({ code: 'eval_type_error', message })
  })
})
