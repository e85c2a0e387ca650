/**
 * `time.parse_rfc3339_ns` of the data's strings through the table of
 * data-times.ts: the same answers and errors as the parse itself, a parse
 * kept by address until the data changes, and no table without the data
 * cache (OPA's SDK) or inside `with`.
 */
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'
import { addressOf, bytesOf } from './instance-memory.testing.js'

// `c` depends on data alone, so the module has a data cache (and `cordon_warm`).
const POLICY = `package t
x := time.parse_rfc3339_ns(data.cfg.t) + input.n
w := y if {
	y := time.parse_rfc3339_ns(data.cfg.t) + input.n with data.cfg.t as input.t
}
c := 1 if data.cfg.t == "z"
`

function instance(): PolicyInstance {
  const r = buildWasm([{ file: 'p.rego', text: POLICY }], { entrypoints: ['t/x', 't/w', 't/c'] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return PolicyInstance.createSync(r.wasm, { hostBuiltins: hostBuiltinImpls })
}

function outcome(inst: PolicyInstance, ep: string, input: unknown, strict: boolean): string {
  try {
    return JSON.stringify(inst.evaluate(input, ep, { strict }))
  } catch (err) {
    // The row left out: the two rules stand on different rows.
    return `error ${(err as Error).message.replace(/^p\.rego:\d+: /, 'p.rego:ROW: ')}`
  }
}

const TIMES = [
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.123456789+02:00',
  '1969-12-31T23:59:59Z',
  '2026-13-01T00:00:00Z',
  'not a time',
  '',
  7,
  null,
]

describe('time.parse_rfc3339_ns of data strings', () => {
  test('answers and errors as the parse does, on first and later calls, strict or not', () => {
    const inst = instance()
    const plain = instance()
    for (const t of TIMES) {
      inst.setData({ cfg: { t } })
      for (const strict of [false, true]) {
        // The reference: the same parse of the same string from the input, never kept.
        plain.setData({ cfg: { t: 'z' } })
        const want = outcome(plain, 't/w', { n: 0, t }, strict)
        for (let i = 0; i < 3; i++) expect(outcome(inst, 't/x', { n: 0 }, strict), `${JSON.stringify(t)}`).toBe(want)
      }
    }
  })

  test('a parse is kept by address until the data changes', () => {
    const inst = instance()
    inst.setData({ cfg: { t: '2026-01-01T00:00:00Z' } })
    expect(inst.evaluate({ n: 0 }, 't/x')).toEqual([{ result: 1767225600000000000 }])
    // Bytes changed behind the module's back (no host does this): the kept parse answers, so no parse ran.
    const at = addressOf(inst, '2026-01-01T00:00:00Z')
    bytesOf(inst)[at + 3] = '9'.charCodeAt(0)
    expect(inst.evaluate({ n: 0 }, 't/x')).toEqual([{ result: 1767225600000000000 }])
    // New data makes a new table.
    inst.setData({ cfg: { t: '2029-01-01T00:00:00Z' } })
    expect(inst.evaluate({ n: 0 }, 't/x')).toEqual([{ result: 1861920000000000000 }])
  })

  test('inside with, and for values the evaluation made, every call parses', () => {
    const inst = instance()
    inst.setData({ cfg: { t: '2026-01-01T00:00:00Z' } })
    expect(inst.evaluate({ n: 0, t: '2029-01-01T00:00:00Z' }, 't/w')).toEqual([{ result: 1861920000000000000 }])
    expect(inst.evaluate({ n: 0, t: '2027-01-01T00:00:00Z' }, 't/w')).toEqual([{ result: 1798761600000000000 }])
  })

  test("with the data cache off (as in OPA's SDK, which never calls cordon_warm) nothing is kept", () => {
    const inst = instance()
    inst.setData({ cfg: { t: '2026-01-01T00:00:00Z' } })
    ;(inst as unknown as { exports: { cordon_cache_clear(): void } }).exports.cordon_cache_clear()
    expect(inst.evaluate({ n: 0 }, 't/x')).toEqual([{ result: 1767225600000000000 }])
    const at = addressOf(inst, '2026-01-01T00:00:00Z')
    bytesOf(inst)[at + 3] = '9'.charCodeAt(0)
    expect(inst.evaluate({ n: 0 }, 't/x')).toEqual([{ result: 1861920000000000000 }])
  })
})
