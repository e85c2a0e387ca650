import { describe, expect, it } from 'vitest'
import { compileOpaMask, rfc3339Nano, toOpaEvent } from './opa-event.js'

describe("OPA's event encoding", () => {
  it('writes timestamps as Go marshals time.Time (RFC3339Nano: no trailing zeros)', () => {
    expect(rfc3339Nano('2026-01-02T03:04:05.120Z')).toBe('2026-01-02T03:04:05.12Z')
    expect(rfc3339Nano('2026-01-02T03:04:05.000Z')).toBe('2026-01-02T03:04:05Z')
    expect(rfc3339Nano('2026-01-02T03:04:05.007Z')).toBe('2026-01-02T03:04:05.007Z')
    expect(rfc3339Nano('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05Z')
  })

  it('masks keys holding / and ~ by their escaped pointer, and reports the rule as written', () => {
    const mask = compileOpaMask([
      '/input/a~1b',
      { op: 'upsert', path: '/result/c~0d', value: 0 },
      { op: 'remove', path: '/result/gone' },
    ])
    const e = toOpaEvent(
      {
        decision_id: 'd',
        timestamp: '2026-01-02T03:04:05.500Z',
        entrypoint: 'p/q',
        input: { 'a/b': 1, k: 2 },
        result: { 'c~d': 9 },
        allow: true,
        duration_ms: 0.0015,
      },
      { labels: { id: 'i' }, bundleName: 'b', mask },
    )
    expect(e).toEqual({
      labels: { id: 'i' },
      decision_id: 'd',
      path: 'p/q',
      input: { k: 2 },
      result: { 'c~d': 0 },
      erased: ['/input/a~1b'],
      masked: ['/result/c~0d'],
      timestamp: '2026-01-02T03:04:05.5Z',
      metrics: { timer_rego_query_eval_ns: 1500 },
    })
    expect(() => compileOpaMask(['/data/x'])).toThrow(/must start with \/input or \/result/)
    expect(() => compileOpaMask(['input/x'])).toThrow(/not a JSON pointer/)
  })
})
