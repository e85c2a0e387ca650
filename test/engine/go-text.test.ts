// Issue 15: text builtins agree with OPA (Go) end to end, compiled Rego → Wasm →
// engine: sprintf of integers beyond 64 bits, and runes of strings that are
// not valid UTF-8 (base64.decode of arbitrary bytes).
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

function rules(text: string, input = '{}'): Record<string, unknown> {
  const p = PolicyInstance.createSync(compile(`package p\n${text}`, ['p']), { hostBuiltins: hostBuiltinImpls })
  p.setData({})
  return p.evaluateJson(input, 'p')[0]!.result as Record<string, unknown>
}

describe('sprintf of integers beyond 64 bits prints every digit, as OPA', () => {
  it('%s, %d and %v of computed, literal and input big integers', () => {
    const r = rules(
      `x := 9223372036854775807 + 1
a := sprintf("%d %s %v", [x, x, x])
b := sprintf("%s|%v", [x * 1000, -x])
c := sprintf("id-%s", [input.n])
d := sprintf("%s %d", [12345678901234567890123, 5])`,
      '{"n": 123456789012345678901234567890}',
    )
    expect(r.a).toBe('9223372036854775808 9223372036854775808 9223372036854775808')
    expect(r.b).toBe('9223372036854775808000|-9223372036854775808')
    expect(r.c).toBe('id-123456789012345678901234567890')
    expect(r.d).toBe('12345678901234567890123 5')
  })
})

describe('count and string builtins over invalid UTF-8 count runes as Go', () => {
  it('each invalid byte of base64.decode output is one rune', () => {
    const r = rules(`s := base64.decode("gIFB")
n := count(s)
i := indexof(s, "A")
t := count(base64.decode("4oJB"))
u := count(split(base64.decode("4oJB"), ""))
sub := substring(s, 1, 2)`)
    expect(r.n).toBe(3) // 0x80 0x81 'A'
    expect(r.i).toBe(2)
    expect(r.t).toBe(3) // 0xE2 0x82 (truncated) 'A'
    expect(r.u).toBe(3)
    expect(r.sub).toBe('\uFFFDA')
  })
})
