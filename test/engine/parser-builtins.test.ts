import { hostBuiltinImpls } from '@cordon/builtins'
import { createEngine } from '@cordon/engine'
import { regoParserBuiltins } from '@cordon/rego'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'

// ADR 0009: rego.parse_module is an opt-in host builtin of @cordon/rego; the
// engine never imports it, a host hands it over.
describe('rego.parse_module in the engine', () => {
  const policy = 'package lint\n\npkg := rego.parse_module("in.rego", input.source)["package"].path[1].value\n'
  const built = buildWasm([{ file: 'lint.rego', text: policy }], { entrypoints: ['lint/pkg'] })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('\n'))

  it('is refused at load time, naming it, by an engine that was not given it', async () => {
    await expect(createEngine({ wasm: built.wasm!, smokeTest: false })).rejects.toThrow(/rego\.parse_module/)
  })

  it('runs in an engine given regoParserBuiltins, and fails closed on a parse error', async () => {
    const engine = await createEngine({
      wasm: built.wasm!,
      smokeTest: false,
      hostBuiltins: new Map([...hostBuiltinImpls, ...regoParserBuiltins]),
    })
    expect(engine.evaluate({ source: 'package acme.corp' }, 'lint/pkg')).toEqual([{ result: 'acme' }])
    expect(engine.evaluate({ source: 'package acme.' }, 'lint/pkg')).toEqual([])
  })

  it('is named at its call site when a build is told the host lacks it', () => {
    const r = buildWasm([{ file: 'lint.rego', text: policy }], {
      entrypoints: ['lint/pkg'],
      availableHostBuiltins: new Set(hostBuiltinImpls.keys()),
    })
    expect(r.wasm).toBeUndefined()
    expect(r.diagnostics.map((d) => `${d.location.file}:${d.location.row}:${d.location.col}: ${d.code}`)).toEqual([
      'lint.rego:3:8: rego_type_error',
    ])
  })
})
