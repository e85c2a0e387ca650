/**
 * Builtins with a native fast path (NATIVE_WITH_HOST_FALLBACK): the module
 * answers the common calls itself and calls the host only for what the fast
 * path declines, so results and errors stay the host's (OPA's) and the host
 * must still provide the builtin.
 */
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls, type BuiltinImpl } from '@cordon/builtins'
import { describe, expect, test } from 'vitest'
import { buildWasm } from './build.js'

const policy = `package t

ns := time.parse_rfc3339_ns(input.t)
`

function build() {
  const r = buildWasm([{ file: 'main.rego', text: policy }], { entrypoints: ['t/ns'] })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r
}

describe('time.parse_rfc3339_ns: native fast path, host fallback', () => {
  const built = build()
  const calls: unknown[] = []
  const hostImpl = hostBuiltinImpls.get('time.parse_rfc3339_ns')!
  const counting: BuiltinImpl = (args, ctx) => {
    calls.push(args[0])
    return hostImpl(args, ctx)
  }
  const inst = PolicyInstance.createSync(built.wasm!, {
    hostBuiltins: new Map([...hostBuiltinImpls, ['time.parse_rfc3339_ns', counting]]),
  })

  test('the module still lists the builtin for the host', () => {
    expect(built.hostBuiltins).toContain('time.parse_rfc3339_ns')
  })

  test('a common timestamp is parsed in the module', () => {
    calls.length = 0
    expect(inst.evaluate({ t: '2026-11-27T12:00:00.25+01:00' }, 't/ns')).toEqual([{ result: 1795777200250000000 }])
    expect(calls).toEqual([])
  })

  test('what the fast path declines goes to the host, with OPA’s results and errors', () => {
    calls.length = 0
    expect(inst.evaluate({ t: '2026-02-30T00:00:00Z' }, 't/ns')).toEqual([])
    expect(calls).toEqual(['2026-02-30T00:00:00Z'])
    let err: unknown
    try {
      inst.evaluate({ t: 'noon' }, 't/ns', { strict: true })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(PolicyEvalError)
    expect((err as PolicyEvalError).message).toBe(
      'main.rego:3: time.parse_rfc3339_ns: parsing time "noon" as "2006-01-02T15:04:05Z07:00": cannot parse "noon" as "2006"',
    )
    expect(inst.evaluate({ t: 12 }, 't/ns')).toEqual([])
    expect(calls).toContain(12)
  })

  test('a host without the builtin cannot load the module', async () => {
    const without = new Map([...hostBuiltinImpls].filter(([name]) => name !== 'time.parse_rfc3339_ns'))
    expect(() => PolicyInstance.createSync(built.wasm!, { hostBuiltins: without })).toThrow(/time\.parse_rfc3339_ns/)
  })
})
