/**
 * Cordon-built modules in OPA's own JavaScript SDK: the opa-wasm-sdk target's
 * check, and Cordon's host builtins passed as the SDK's `customBuiltins`.
 */
import { createRequire } from 'node:module'
import { OPA_WASM_SDK_BUILTINS, opaWasmCustomBuiltins } from '@cordon/builtins'
import { describe, expect, it } from 'vitest'
import { buildWasm } from './codegen/build.js'
import { opaWasmSdkProblems } from './sdk-target.js'

type SdkPolicy = { evaluate(input: unknown, ep: string): unknown; setData(d: unknown): void }
const sdk = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as {
  loadPolicySync(wasm: Uint8Array, memory?: unknown, customBuiltins?: Record<string, unknown>): SdkPolicy
}

const policy = `package t

size := units.parse(input.size)

ns := time.parse_rfc3339_ns(input.time)

both := [size, ns]

msg := sprintf("%s has %d items", [input.name, count(input.items)])

bad := units.parse(input.bad)

big := [x | x := 123456789012345678901234567890; units.parse("1") == 1]
`

function build() {
  const r = buildWasm([{ file: 'p.rego', text: policy }], {
    entrypoints: ['t/size', 't/ns', 't/both', 't/msg', 't/bad', 't/big'],
  })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r
}

describe('opa-wasm-sdk target', () => {
  const built = build()

  it('reports each host builtin the SDK lacks at its first call, with the customBuiltins hint', () => {
    const problems = opaWasmSdkProblems(built.hostBuiltins!, built.policy)
    expect(problems.map((d) => `${d.location.file}:${d.location.row}: ${d.message}`)).toEqual([
      'p.rego:3: builtin units.parse is a host builtin that @open-policy-agent/opa-wasm does not implement',
      'p.rego:5: builtin time.parse_rfc3339_ns is a host builtin that @open-policy-agent/opa-wasm does not implement',
    ])
    expect(problems[0]!.details!.join('\n')).toContain('opaWasmCustomBuiltins()')
  })

  it('accepts a policy whose host builtins the SDK implements', () => {
    expect(opaWasmSdkProblems(['sprintf', 'regex.split'], undefined)).toEqual([])
    expect([...OPA_WASM_SDK_BUILTINS].sort()).toEqual([
      'json.is_valid',
      'regex.split',
      'sprintf',
      'yaml.is_valid',
      'yaml.marshal',
      'yaml.unmarshal',
    ])
  })
})

describe("Cordon's host builtins as the SDK's customBuiltins", () => {
  const wasm = build().wasm!

  it('without them the SDK cannot evaluate units.parse', () => {
    const p = sdk.loadPolicySync(wasm)
    expect(() => p.evaluate({ size: '10K' }, 't/size')).toThrow(/not implemented.*units\.parse/)
  })

  const p = sdk.loadPolicySync(wasm, undefined, opaWasmCustomBuiltins())
  it.each([
    { note: 'units.parse', ep: 't/size', input: { size: '10K' }, want: [{ result: 10000 }] },
    {
      note: 'time.parse_rfc3339_ns',
      ep: 't/ns',
      input: { time: '2024-01-02T03:04:05Z' },
      want: [{ result: 1704164645000000000 }],
    },
    {
      note: 'two host builtins in one rule',
      ep: 't/both',
      input: { size: '1Ki', time: '1970-01-01T00:00:01Z' },
      want: [{ result: [1024, 1000000000] }],
    },
    {
      note: "the SDK's own sprintf still runs",
      ep: 't/msg',
      input: { name: 'cart', items: [1, 2] },
      want: [{ result: 'cart has 2 items' }],
    },
    { note: 'a failing builtin is undefined (not strict)', ep: 't/bad', input: { bad: 'ten' }, want: [] },
    {
      note: 'no builtin call, big integers',
      ep: 't/big',
      input: {},
      want: [{ result: [123456789012345678901234567890] }],
    },
  ])('$note', ({ ep, input, want }) => {
    expect(p.evaluate(input, ep)).toEqual(want)
  })

  it('strict: a failing builtin ends the evaluation with its code', () => {
    const strict = sdk.loadPolicySync(wasm, undefined, opaWasmCustomBuiltins({ strict: true }))
    expect(() => strict.evaluate({ bad: 'ten' }, 't/bad')).toThrow(
      /^eval_builtin_error: units.parse: units.parse: no amount provided$/,
    )
  })

  it('returns exact JSON: a bigint result survives', () => {
    const custom = opaWasmCustomBuiltins({ names: ['units.parse_bytes'] })
    expect(Object.keys(custom)).toEqual(['units.parse_bytes'])
    const out = custom['units.parse_bytes']!('100EiB') as ArrayBuffer
    expect(new TextDecoder().decode(out)).toBe('115292150460684697600')
  })
})
