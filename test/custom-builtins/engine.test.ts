/**
 * Custom builtins (issue 9) through check, build and the engine in Node:
 * every shape of builtin, the load-time refusal when they are missing, the
 * strict and non-strict error rules, and one adapter (@cordon/fetch).
 */
import { defineBuiltin, withCustomBuiltins } from '@cordon/builtins'
import { BundleLoadError, createEngine, PolicyInstance } from '@cordon/engine'
import { cordonFetch } from '@cordon/fetch'
import { checkSources } from '@cordon/rego'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { definitions, EXPECTED_OUT, POLICY } from './support.js'

const decls = withCustomBuiltins(definitions)
const build = (text: string, entrypoints: string[]) => {
  const r = buildWasm([{ file: 'cb.rego', text }], { entrypoints, builtins: decls })
  expect(r.diagnostics).toEqual([])
  return r
}

describe('custom builtins: check', () => {
  it('knows their names, arity and types, with locations', () => {
    const check = (text: string) =>
      checkSources([{ file: 'bad.rego', text }], { builtins: decls }).diagnostics.map((d) => [
        d.code,
        d.location.row,
        d.location.col,
        d.message,
      ])
    // Arity and unknown names (one stage), then types (the next stage).
    expect(check(`package cb\ny := acme.pair("a")\nz := acme.unknown(1)\n`)).toEqual([
      ['rego_type_error', 2, 6, 'acme.pair: arity mismatch'],
      ['rego_type_error', 3, 6, 'undefined function acme.unknown'],
    ])
    expect(check(`package cb\nx := acme.double("s")\n`)).toEqual([
      ['rego_type_error', 2, 6, expect.stringMatching(/^acme.double: invalid argument/)],
    ])
    expect(checkSources([{ file: 'cb.rego', text: POLICY }], { builtins: decls }).diagnostics).toEqual([])
    // Without the declarations they are unknown.
    expect(checkSources([{ file: 'cb.rego', text: POLICY }]).diagnostics[0]?.message).toMatch(
      /undefined function acme\./,
    )
  })
})

describe('custom builtins: build and the engine (Node)', () => {
  it('compiles them to host calls, 5+ arguments included', () => {
    expect(build(POLICY, ['cb/out']).hostBuiltins).toEqual([
      'acme.clamp',
      'acme.double',
      'acme.index',
      'acme.join4',
      'acme.join6',
      'acme.keys',
      'acme.pair',
      'acme.tick',
      'acme.zero',
    ])
  })

  it('evaluates every shape through createEngine({ builtins })', async () => {
    const { wasm } = build(POLICY, ['cb/out', 'cb/allow', 'cb/boom'])
    const engine = await createEngine({ wasm, data: {}, builtins: definitions, defaultEntrypoint: 'cb/allow' })
    const d = await engine.decide({ x: 21 }, { entrypoint: 'cb/out' })
    expect(d.code).toBe('undefined_decision') // cb/out is not a verdict; its value is still there:
    const instance = await PolicyInstance.create(wasm!, { builtins: definitions })
    expect(instance.evaluate({ x: 21 }, 'cb/out')).toEqual([{ result: EXPECTED_OUT }])
    expect((await engine.decide({ x: 21 })).allow).toBe(true)
    expect((await engine.decide({ x: 2 })).allow).toBe(false)
    // SDK-style functions and definitions side by side, by name in one record.
    const mixed = await createEngine({
      wasm,
      data: {},
      builtins: { ...Object.fromEntries(definitions.map((d) => [d.name, d])), 'acme.zero': () => 'sdk' },
      defaultEntrypoint: 'cb/allow',
    })
    expect((await mixed.decide({ x: 21 })).allow).toBe(true)
  })

  it('a nondeterministic builtin gives one value per evaluation, a new one per evaluation', () => {
    const { wasm } = build(`package cb\nt := [a, b] if { a := acme.tick(); b := acme.tick() }`, ['cb/t'])
    const instance = PolicyInstance.createSync(wasm!, { builtins: definitions })
    const [first] = instance.evaluate(undefined, 'cb/t') as { result: number[] }[]
    const [second] = instance.evaluate(undefined, 'cb/t') as { result: number[] }[]
    expect(first!.result[0]).toBe(first!.result[1])
    expect(second!.result[0]).toBe(second!.result[1])
    expect(second!.result[0]).not.toBe(first!.result[0])
  })

  it('a throwing builtin is undefined, or eval_builtin_error naming it in strict mode; never a crash', async () => {
    const { wasm } = build(POLICY, ['cb/boom', 'cb/allow'])
    const instance = await PolicyInstance.create(wasm!, { builtins: definitions })
    expect(instance.evaluate(undefined, 'cb/boom')).toEqual([])
    expect(() => instance.evaluate(undefined, 'cb/boom', { strict: true })).toThrow(/cb.rego:\d+: acme.boom: kaboom/)
    try {
      instance.evaluate(undefined, 'cb/boom', { strict: true })
    } catch (err) {
      expect((err as { code: string }).code).toBe('eval_builtin_error')
    }
    // The instance keeps serving.
    expect(instance.evaluate({ x: 50 }, 'cb/allow')).toEqual([{ result: true }])
    const strict = await createEngine({
      wasm,
      data: {},
      builtins: definitions,
      strict: true,
      defaultEntrypoint: 'cb/allow',
    })
    const d = await strict.decide({}, { entrypoint: 'cb/boom' })
    expect([d.allow, d.code]).toEqual([false, 'engine_error'])
    expect((await strict.decide({ x: 50 })).allow).toBe(true)
    // An SDK-style function returning a Promise is refused the same way.
    const asyncSdk = PolicyInstance.createSync(build(`package cb\nz := acme.zero()`, ['cb/z']).wasm!, {
      builtins: { 'acme.zero': async () => 'later' },
    })
    expect(asyncSdk.evaluate(undefined, 'cb/z')).toEqual([])
    expect(() => asyncSdk.evaluate(undefined, 'cb/z', { strict: true })).toThrow(
      /acme.zero: returned a Promise, but builtins must be synchronous/,
    )
  })

  it('a module built with custom builtins fails at LOAD time without them, naming them', async () => {
    const { wasm } = build(POLICY, ['cb/out'])
    expect(() => PolicyInstance.createSync(wasm!)).toThrow(
      /needs builtins the host does not provide: acme.clamp, acme.double, .*acme.zero/,
    )
    await expect(createEngine({ wasm, data: {}, builtins: definitions.slice(1) })).rejects.toThrow(
      /the module needs builtins the host does not provide: acme.zero$/,
    )
    await expect(createEngine({ wasm, data: {} })).rejects.toBeInstanceOf(BundleLoadError)
    const engine = await createEngine({ builtins: definitions.slice(1) })
    await expect(engine.load({ wasm: wasm!, data: {} })).rejects.toThrow(/acme.zero/)
  })

  it('reaches adapters through the engine (@cordon/fetch)', async () => {
    const model = defineBuiltin({
      name: 'acme.model_ok',
      args: [{ type: 'string' }],
      result: { type: 'boolean' },
      impl: (id) => id.startsWith('general-'),
    })
    const policy = `package gw\ndecision := {"allow": acme.model_ok(input.model.id), "code": "by_custom_builtin"}`
    const r = buildWasm([{ file: 'gw.rego', text: policy }], {
      entrypoints: ['gw/decision'],
      builtins: withCustomBuiltins([model]),
    })
    const engine = await createEngine({ wasm: r.wasm, data: {}, builtins: [model], defaultEntrypoint: 'gw/decision' })
    const app = cordonFetch(() => new Response('upstream'), { engine, entrypoint: 'gw/decision' })
    const chat = (m: string) =>
      new Request('https://gw.test/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: m, messages: [] }),
      })
    const ok = await app(chat('general-1'))
    expect([ok.status, await ok.text()]).toEqual([200, 'upstream'])
    const no = await app(chat('frontier-1'))
    expect(no.status).toBe(403)
    expect((await no.json()).cordon).toMatchObject({ code: 'by_custom_builtin' })
  })
})
