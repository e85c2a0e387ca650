import { describe, expect, it } from 'vitest'
import { lightHostBuiltinImpls, newBuiltinContext, toTermText } from '@cordon/builtins/core'
import { load } from './harness'
import { seededRandom } from '../../../test/support/random.js'

const rt = load({ initialPages: 10 })
const FALLBACK = 'fallback'

/** The fast path's answer as term text, or 'fallback' when it hands the call to the host. */
function native(text: string): string {
  const v = rt.x.cordon_time_parse_rfc3339_ns(rt.str(text))
  return v === 1 ? FALLBACK : rt.show(v)
}

/** The host implementation's answer as term text, or 'error'. */
function host(text: string): string {
  try {
    return toTermText(lightHostBuiltinImpls.get('time.parse_rfc3339_ns')!([text], newBuiltinContext({ strict: true }))!)
  } catch {
    return 'error'
  }
}

describe('time.parse_rfc3339_ns fast path (cordon_time_parse_rfc3339_ns)', () => {
  it('parses the common forms to the same nanoseconds as the host', () => {
    for (const t of [
      '2026-11-27T12:00:00Z',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '2024-02-29T23:59:59.999999999Z',
      '2026-01-01T00:00:00.5+01:00',
      '2026-01-01T00:00:00.123456789123-05:30',
      '1678-01-01T00:00:00Z',
      '2262-04-11T00:00:00Z',
      '2000-03-01T00:00:00-23:59',
    ]) {
      expect(native(t), t).not.toBe(FALLBACK)
      expect(native(t), t).toBe(host(t))
    }
  })

  it('hands everything else to the host', () => {
    for (const t of [
      '',
      '2026-11-27',
      '2026-11-27T12:00:00',
      '2026-11-27 12:00:00Z',
      '2026-11-27t12:00:00z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T12:00:60Z',
      '2026-11-27T12:00:00.Z',
      '2026-11-27T12:00:00+24:00',
      '2026-11-27T12:00:00+0100',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '２026-11-27T12:00:00Z',
    ]) {
      expect(native(t), t).toBe(FALLBACK)
    }
    expect(rt.x.cordon_time_parse_rfc3339_ns(rt.num(1))).toBe(1)
  })

  it('agrees with the host on every string it accepts (random timestamps and mutations)', () => {
    const r = seededRandom(7)
    const alphabet = '0123456789-:TZ.+ tz'
    let accepted = 0
    for (let i = 0; i < 20000; i++) {
      const d = new Date(
        Date.UTC(
          1600 + Math.floor(r() * 800),
          Math.floor(r() * 12),
          1 + Math.floor(r() * 31),
          Math.floor(r() * 24),
          Math.floor(r() * 60),
          Math.floor(r() * 60),
        ),
      )
      let t = d.toISOString().slice(0, 19)
      if (r() < 0.5) t += '.' + String(Math.floor(r() * 1e12)).slice(0, 1 + Math.floor(r() * 12))
      t +=
        r() < 0.5
          ? 'Z'
          : `${r() < 0.5 ? '+' : '-'}${String(Math.floor(r() * 25)).padStart(2, '0')}:${String(Math.floor(r() * 61)).padStart(2, '0')}`
      if (r() < 0.3) {
        const at = Math.floor(r() * t.length)
        t = t.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + t.slice(at + 1)
      }
      const n = native(t)
      if (n === FALLBACK) continue
      accepted++
      expect(n, t).toBe(host(t))
    }
    expect(accepted).toBeGreaterThan(10000)
  })
})
