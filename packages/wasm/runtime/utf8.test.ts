import { describe, expect, it } from 'vitest'
import { load } from './harness'

// Go's unicode/utf8: every byte of an invalid sequence is one rune (U+FFFD).
// Strings like these come from base64.decode of arbitrary bytes.
const rt = load()
const bytes = (...b: number[]) => {
  const p = rt.x.opa_malloc(b.length)
  new Uint8Array(rt.memory.buffer).set(b, p)
  return rt.x.opa_string(p, b.length)
}
const text = (v: number) => {
  const n = rt.x.opa_string_len(v)
  const p = rt.x.opa_string_ptr(v)
  return Array.from(new Uint8Array(rt.memory.buffer, p, n))
}
const FFFD = [0xef, 0xbf, 0xbd]

describe('runes of invalid UTF-8 as Go counts them (issue 15)', () => {
  it('count: one rune per invalid byte', () => {
    const cases: [number[], number][] = [
      [[0x80, 0x81, 0x41], 3], // stray continuation bytes
      [[0xe2, 0x82], 2], // truncated sequence
      [[0xc0, 0x80], 2], // overlong NUL
      [[0xed, 0xa0, 0x80], 3], // surrogate half
      [[0xf4, 0x90, 0x80, 0x80], 4], // past U+10FFFF
      [[0xf8, 0x88, 0x80, 0x80, 0x80], 5],
      [[0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80], 2], // é😀 stay one rune each
    ]
    for (const [b, want] of cases) expect(rt.x.opa_value_length(bytes(...b)), b.join(' ')).toBe(want)
    expect(rt.show(rt.x.opa_agg_count(bytes(0x80, 0x81, 0x41)))).toBe('3')
  })

  it('base64.decode of non-UTF-8 bytes counts each byte', () => {
    const s = rt.x.opa_base64_decode(rt.str('gIFB')) // 0x80 0x81 'A'
    expect(text(s)).toEqual([0x80, 0x81, 0x41])
    expect(rt.x.opa_value_length(s)).toBe(3)
  })

  it('indexof and substring count invalid bytes as runes; substring prints them as U+FFFD (Go: string([]rune(s)))', () => {
    const s = bytes(0x80, 0x81, 0x41, 0xe2, 0x82)
    expect(rt.show(rt.x.opa_strings_indexof(s, rt.str('A')))).toBe('2')
    expect(text(rt.x.opa_strings_substring(s, rt.num(1), rt.num(2)))).toEqual([...FFFD, 0x41])
    expect(text(rt.x.opa_strings_substring(s, rt.num(2), rt.num(-1)))).toEqual([0x41, ...FFFD, ...FFFD])
    expect(rt.show(rt.x.opa_strings_substring(bytes(0x61, 0xc3, 0xa9, 0x62), rt.num(1), rt.num(1)))).toBe('"é"')
  })

  it('split into runes, upper/lower (invalid bytes become U+FFFD, as strings.Map), trim with U+FFFD', () => {
    const s = bytes(0xe2, 0x82, 0x41)
    expect(rt.x.opa_value_length(rt.x.opa_strings_split(s, rt.str('')))).toBe(3)
    expect(text(rt.x.opa_strings_upper(bytes(0xc3, 0xa9, 0x80)))).toEqual([0xc3, 0x89, ...FFFD])
    expect(text(rt.x.opa_strings_lower(bytes(0x41, 0xff)))).toEqual([0x61, ...FFFD])
    expect(text(rt.x.opa_strings_trim(bytes(0x80, 0x41, 0xe2, 0x82), rt.str('\uFFFD')))).toEqual([0x41])
    expect(text(rt.x.opa_strings_trim_space(bytes(0x20, 0x80, 0x20)))).toEqual([0x80])
    expect(text(rt.x.opa_strings_reverse(bytes(0x41, 0xe2, 0x82, 0xc3, 0xa9)))).toEqual([0xc3, 0xa9, 0x82, 0xe2, 0x41])
  })
})
