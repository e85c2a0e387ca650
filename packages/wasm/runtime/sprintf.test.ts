import { describe, expect, it } from 'vitest'
import { lightHostBuiltinImpls, newBuiltinContext, parseTermText, toTermText } from '@cordon/builtins/core'
import { load } from './harness'
import { seededRandom } from '../../../test/support/random.js'

const rt = load({ initialPages: 10 })
const FALLBACK = 'fallback'

/** The fast path's answer as term text, or 'fallback' when it hands the call to the host. */
function native(format: string, args: string): string {
  const v = rt.x.cordon_sprintf(rt.str(format), rt.term(args))
  return v === 1 ? FALLBACK : rt.show(v)
}

function host(format: string, args: string): string {
  return toTermText(lightHostBuiltinImpls.get('sprintf')!([format, parseTermText(args)], newBuiltinContext())!)
}

describe('sprintf fast path (cordon_sprintf)', () => {
  it('formats plain %s, %d, %v and %% as the host does', () => {
    const cases: [string, string][] = [
      ['model %s is restricted by %s to nationals of %s', '["frontier-1", "order-1", "US, GB"]'],
      ['%d items, %v more, %v', '[3, -9223372036854775808, "x"]'],
      ['100%% of %s', '["ümlaut 😀"]'],
      ['no verbs', '[]'],
      ['', '[]'],
      ['%s%s%d', '["", "a", 0]'],
    ]
    for (const [format, args] of cases) {
      expect(native(format, args), format).not.toBe(FALLBACK)
      expect(native(format, args), format).toBe(host(format, args))
    }
  })

  it('hands every other call to the host', () => {
    const cases: [string, string][] = [
      ['%s', '[1]'],
      ['%d', '["1"]'],
      ['%v', '[1.5]'],
      ['%v', '[[1]]'],
      ['%5s', '["a"]'],
      ['%x', '[255]'],
      ['%s %s', '["a"]'],
      ['%s', '["a", "b"]'],
      ['trailing %', '[]'],
      ['%d', '[12345678901234567890]'],
    ]
    for (const [format, args] of cases) expect(native(format, args), format).toBe(FALLBACK)
    expect(rt.x.cordon_sprintf(rt.num(1), rt.term('[]'))).toBe(1)
    expect(rt.x.cordon_sprintf(rt.str('%s'), rt.str('a'))).toBe(1)
  })

  it('agrees with the host on random formats and arguments', () => {
    const r = seededRandom(3)
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
    const pieces = ['%s', '%d', '%v', '%%', 'text ', '%', '%x', 'é', ' ']
    const values = ['"s"', '""', '"%d"', '0', '-7', '42', '1.5', 'null', 'true', '[1]', '{"a":1}']
    let fast = 0
    for (let i = 0; i < 3000; i++) {
      const format = Array.from({ length: Math.floor(r() * 5) }, () => pick(pieces)).join('')
      const args = `[${Array.from({ length: Math.floor(r() * 4) }, () => pick(values)).join(', ')}]`
      const got = native(format, args)
      if (got === FALLBACK) continue
      fast++
      expect(got, `${format} ${args}`).toBe(host(format, args))
    }
    expect(fast).toBeGreaterThan(300)
  })

  it('writes no byte past the string it returns (issue 15: the heap trap)', () => {
    // The result reuses a freed block that sits just below a live value: a
    // digit written past the string's end would land in that value.
    const bytes = (from: number, to: number) => new Uint8Array(rt.memory.buffer).slice(from, to)
    for (const [format, args, want] of [
      ['k-%d', '[7]', 'k-7'],
      ['%v', '[-9223372036854775808]', '-9223372036854775808'],
      ['ignore-%s-%d', '["a", 11]', 'ignore-a-11'],
    ]) {
      const f = rt.str(format)
      const a = rt.term(args)
      // A string's header is 16 bytes (value.ts).
      const slot = rt.x.opa_malloc(16 + want.length)
      const guard = rt.term('[1, 2]')
      const slotEnd = slot + ((16 + want.length + 7) & ~7)
      rt.x.opa_free(slot)
      const after = bytes(slotEnd, guard + 64)
      const s = rt.x.cordon_sprintf(f, a)
      expect(s, format).toBe(slot)
      expect(rt.show(s)).toBe(JSON.stringify(want))
      expect(bytes(slotEnd, guard + 64), format).toEqual(after)
      expect(rt.show(guard)).toBe('[1,2]')
    }
  })
})
