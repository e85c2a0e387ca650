import { describe, expect, it } from 'vitest'
import { prefixCode } from './prefix-code.js'

const utf8 = new TextEncoder()
const code = (names: string[]) => [...prefixCode(names.map((n) => utf8.encode(n)))]
const bytes = (s: string) => [...utf8.encode(s)]

describe('prefixCode', () => {
  it('gives each name the bytes it shares with the one before and the rest, both counts LEB128', () => {
    expect(code(['ab', 'abc', 'b', ''])).toEqual([0, 2, ...bytes('ab'), 2, 1, ...bytes('c'), 0, 1, ...bytes('b'), 0, 0])
    expect(code([])).toEqual([])
  })

  it('writes counts of 128 and more in two bytes', () => {
    const long = 'x'.repeat(200)
    expect(code([long, long + 'y'])).toEqual([0, 0xc8, 0x01, ...bytes(long), 0xc8, 0x01, 1, ...bytes('y')])
  })
})
