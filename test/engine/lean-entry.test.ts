/**
 * `@cordon/engine/lean`: the engine with nothing imported on demand. A module
 * calling a family's builtin loads only when that family is given, and the
 * error says which import provides it; schemas need a precompiled validator.
 * `@cordon/engine` still loads the family by itself.
 */
import { regexBuiltins } from '@cordon/builtins/families/regex'
import { yamlBuiltins } from '@cordon/builtins/families/yaml'
import { createEngine } from '@cordon/engine'
import { createEngine as createLeanEngine } from '@cordon/engine/lean'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'

const wasm = compile(
  'package p\n\nallow if regex.match(`^[a-z]+$`, input.name)\n\nsprintf_ok := sprintf("%d", [1])\n',
  ['p/allow', 'p/sprintf_ok'],
)

describe('@cordon/engine/lean', () => {
  it('refuses a module calling regex.match without its family, naming the import that provides it', async () => {
    await expect(createLeanEngine({ wasm })).rejects.toThrow(
      "the module needs builtins the host does not provide: regex.match (import { regexBuiltins } from '@cordon/builtins/families/regex'; and pass hostBuiltinFamilies: [regexBuiltins])",
    )
  })

  it('decides with the family given, and the light set (sprintf) without asking', async () => {
    const engine = await createLeanEngine({ wasm, hostBuiltinFamilies: [yamlBuiltins, regexBuiltins] })
    expect(engine.evaluate({ name: 'alice' }, 'p/allow')).toEqual([{ result: true }])
    expect(engine.evaluate({ name: 'Alice!' }, 'p/allow')).toEqual([])
    expect(engine.evaluate({}, 'p/sprintf_ok')).toEqual([{ result: '1' }])
  })

  it('refuses a JSON Schema to compile (no ajv), pointing at cordon schema compile', async () => {
    await expect(
      createLeanEngine({ wasm, hostBuiltinFamilies: [regexBuiltins], schema: { type: 'object' } }),
    ).rejects.toThrow(
      "schema: @cordon/engine/lean compiles no JSON Schema; precompile it with 'cordon schema compile' and pass a validate function, or use @cordon/engine",
    )
    const validate = Object.assign((x: unknown) => typeof x === 'object', { errors: null })
    const engine = await createLeanEngine({ wasm, hostBuiltinFamilies: [regexBuiltins], validate })
    expect((await engine.decide({ name: 'bob' }, { entrypoint: 'p/allow' })).code).not.toBe('invalid_input')
  })

  it('leaves @cordon/engine loading the family on first need', async () => {
    const engine = await createEngine({ wasm })
    expect(engine.evaluate({ name: 'alice' }, 'p/allow')).toEqual([{ result: true }])
  })
})
