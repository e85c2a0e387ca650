import { BundleLoadError, createEngine, DecisionError, type EngineEvent } from '@cordon/engine'
import { writeBundle } from '@cordon/wasm'
import { describe, expect, it, vi } from 'vitest'
import { compile, makeBundle } from './support/bundles.js'

const policy = `package app

import rego.v1

decision := {"allow": true, "code": "ok", "reasons": ["admin"], "level": 3} if input.user in data.admins
decision := {"allow": false, "code": "not_admin", "reasons": ["not an admin"]} if not input.user in data.admins

allow if input.user in data.admins
odd := 42
shape := {"allow": "yes"}
nothing if false
big := count([x | some x in numbers.range(1, input.n)])
`
const entrypoints = ['app/decision', 'app/allow', 'app/odd', 'app/shape', 'app/nothing', 'app/big']

describe('createEngine / decide', () => {
  it('maps entrypoint values to decisions', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }, 'r1') })
    const d = await engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' })
    expect(d).toMatchObject({
      allow: true,
      code: 'ok',
      reasons: ['admin'],
      result: { level: 3 },
      revision: 'r1',
      entrypoint: 'app/decision',
    })
    expect(d.decisionId).toMatch(/^[0-9a-f-]{36}$/)
    // ids: a per-engine random prefix (UUID v4 shaped) and a counter; never repeated
    const ids = [
      d.decisionId,
      ...(await Promise.all([1, 2, 3].map(() => engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' })))).map(
        (x) => x.decisionId,
      ),
    ]
    expect(new Set(ids).size).toBe(4)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect((await createEngine()).decideSync({}).decisionId.slice(0, 24)).not.toBe(d.decisionId.slice(0, 24))
    expect(await engine.decide({ user: 'eve' }, { entrypoint: 'data.app.decision' })).toMatchObject({
      allow: false,
      code: 'not_admin',
      reasons: ['not an admin'],
      result: {},
    })
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: true,
      reasons: [],
      result: {},
    })
    // undefined (allow is a partial `if` with no else), a number, an object with a non-boolean allow
    for (const entrypoint of ['app/allow', 'app/odd', 'app/shape', 'app/nothing']) {
      const input = entrypoint === 'app/allow' ? { user: 'eve' } : {}
      expect(await engine.decide(input, { entrypoint })).toMatchObject({ allow: false, code: 'undefined_decision' })
    }
    expect(engine.evaluate({ user: 'alice' }, 'app/allow')).toEqual([{ result: true }])
    expect(engine.evaluate({ user: 'eve' }, 'app/allow')).toEqual([])
    // the default entrypoint is the manifest's first
    expect((await engine.decide({ user: 'alice' })).entrypoint).toBe('app/decision')
  })

  it('fails closed with stable codes, and throws only when asked', async () => {
    const empty = await createEngine()
    expect(await empty.decide({})).toMatchObject({ allow: false, code: 'no_policy', revision: undefined })
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: [] }) })
    expect(await engine.decide({}, { entrypoint: 'app/missing' })).toMatchObject({
      allow: false,
      code: 'entrypoint_not_found',
    })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(await engine.decide(cyclic, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      code: 'invalid_input',
    })
    expect(await engine.decide({ n: 10n }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      code: 'invalid_input',
    })
    expect(await engine.decide(() => 1, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      code: 'invalid_input',
    })
    await expect(engine.decide({}, { entrypoint: 'app/missing', throwOnError: true })).rejects.toBeInstanceOf(
      DecisionError,
    )
    await expect(engine.decide({}, { entrypoint: 'app/missing', throwOnError: true })).rejects.toMatchObject({
      code: 'entrypoint_not_found',
    })
    // a policy deny is not an error
    expect((await engine.decide({ user: 'x' }, { entrypoint: 'app/decision', throwOnError: true })).code).toBe(
      'not_admin',
    )
  })

  it('denies resource_exhausted at the memory cap, rebuilds the instance, and decides correctly next', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({
      bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }),
      limits: { maxMemoryPages: 64 },
      onEvent: (e) => events.push(e),
    })
    const d = await engine.decide({ n: 50_000_000 }, { entrypoint: 'app/big' })
    expect(d).toMatchObject({ allow: false, code: 'resource_exhausted' })
    expect(events.some((e) => e.type === 'rebuilt')).toBe(true)
    expect(engine.memoryBytes).toBeLessThanOrEqual(64 * 65536)
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' })).toMatchObject({
      allow: true,
      code: 'ok',
    })
    expect(engine.evaluate({ n: 10 }, 'app/big')).toEqual([{ result: 10 }])
    // an input larger than the cap
    expect(await engine.decide({ user: 'x'.repeat(8 * 1024 * 1024) }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      code: 'resource_exhausted',
    })
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    expect(engine.status.rebuilds).toBe(2)
  })

  it('denies resource_exhausted when the fuel runs out, rebuilds, and decides correctly next', async () => {
    const text = `package loop
count_all := count([x | some x in numbers.range(1, input.n)])
`
    const engine = await createEngine({ wasm: compile(text, ['loop/count_all'], 10_000), revision: 'fuel' })
    expect(await engine.decide({ n: 1_000_000 }, { entrypoint: 'loop/count_all' })).toMatchObject({
      allow: false,
      code: 'resource_exhausted',
    })
    expect(engine.evaluate({ n: 5 }, 'loop/count_all')).toEqual([{ result: 5 }])
    expect(engine.status.rebuilds).toBe(1)
  })

  it('denies engine_error when a recursive builtin (walk) over deep input fails, rebuilds, and decides correctly next', async () => {
    const text = `package deep
default allow := false
allow if count([p | walk(input, [p, _])]) > 0
`
    const engine = await createEngine({ wasm: compile(text, ['deep/allow']) })
    let deep: unknown = 1
    for (let i = 0; i < 1000; i++) deep = [deep]
    const d = await engine.decide(deep, { entrypoint: 'deep/allow' })
    expect(d).toMatchObject({ allow: false, code: 'engine_error' })
    expect(engine.status.rebuilds).toBe(1)
    expect(await engine.decide({ a: 1 }, { entrypoint: 'deep/allow' })).toMatchObject({ allow: true })
  })

  it('rebuilds after a trap in the module and decides correctly next', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }) })
    // Damage the instance the way a trap would leave it: scribble over its linear memory.
    const live = (engine as unknown as { live: { instance: { memory: WebAssembly.Memory } } }).live
    new Uint8Array(live.instance.memory.buffer).fill(0xff, 0, live.instance.memory.buffer.byteLength)
    const d = await engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' })
    expect(d).toMatchObject({ allow: false })
    expect(['engine_error', 'invalid_input', 'resource_exhausted', 'undefined_decision']).toContain(d.code)
    // whatever the damage did, a fresh instance serves the next decision
    if (engine.status.rebuilds === 0) (engine as unknown as { live: { rebuild(): void } }).live.rebuild()
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' })).toMatchObject({
      allow: true,
      code: 'ok',
    })
  })

  it('validates input against a JSON Schema: invalid input is never evaluated, the deny lists the paths', async () => {
    let calls = 0
    const engine = await createEngine({
      bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }),
      schema: { type: 'object', required: ['user'], properties: { user: { type: 'string' }, n: { type: 'integer' } } },
      builtins: {},
      onEvent: () => calls++,
    })
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    const d = await engine.decide({ user: 7, n: 'x' }, { entrypoint: 'app/allow' })
    expect(d).toMatchObject({ allow: false, code: 'invalid_input' })
    expect(d.reasons).toEqual(
      expect.arrayContaining([
        { instancePath: '/user', message: 'must be string' },
        { instancePath: '/n', message: 'must be integer' },
      ]),
    )
    expect(await engine.decide({}, { entrypoint: 'app/allow' })).toMatchObject({
      code: 'invalid_input',
      reasons: [{ instancePath: '', message: "must have required property 'user'" }],
    })
    // a precompiled validator function is used as is
    const validate = Object.assign((x: unknown) => typeof x === 'object' && x !== null && 'user' in x, {
      errors: [{ instancePath: '/user', message: 'required' }],
    })
    const e2 = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }), validate })
    expect(await e2.decide({}, { entrypoint: 'app/allow' })).toMatchObject({
      code: 'invalid_input',
      reasons: [{ instancePath: '/user', message: 'required' }],
    })
  })

  it('setData and patchData replace data atomically, in place where the module allows', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }) })
    const ask = async (user: string) => (await engine.decide({ user }, { entrypoint: 'app/allow' })).allow
    engine.patchData('admins', ['bob'])
    expect([await ask('alice'), await ask('bob')]).toEqual([false, true])
    engine.patchData(['extra', 'deep', 'x'], 1)
    engine.patchData('data.admins', ['carol', 'bob'])
    expect(await ask('carol')).toBe(true)
    engine.patchData('admins', undefined)
    expect(await ask('bob')).toBe(false)
    // a non-object on the path: refused, data unchanged
    engine.setData({ admins: ['dave'], s: 'text' })
    expect(() => engine.patchData('s/x', 1)).toThrow(/not an object/)
    expect(await ask('dave')).toBe(true)
    // many patches do not grow memory without bound
    const before = engine.memoryBytes
    for (let i = 0; i < 2000; i++) engine.patchData('counter', { i, pad: 'x'.repeat(100) })
    expect(engine.memoryBytes).toBeLessThanOrEqual(before + 2 * 65536)
    expect(await ask('dave')).toBe(true)
    // after a rebuild the patched data is what the new instance gets
    ;(engine as unknown as { live: { rebuild(): void } }).live.rebuild()
    expect(await ask('dave')).toBe(true)
    expect(engine.evaluate({}, 'app/odd')).toEqual([{ result: 42 }])
  })

  it('load swaps atomically; on any failure the old policy stays live and the error is reported', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({
      bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }, 'v1'),
      onEvent: (e) => events.push(e),
    })
    const bad: [string, Uint8Array | ArrayBuffer][] = [
      ['garbage', new TextEncoder().encode('not a bundle')],
      ['corrupt gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])],
      [
        'not wasm',
        await writeBundle({
          wasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]),
          data: {},
          entrypoints: ['app/allow'],
        }),
      ],
    ]
    for (const [what, bytes] of bad) {
      await expect(engine.load(bytes), what).rejects.toBeInstanceOf(BundleLoadError)
      expect(engine.revision).toBe('v1')
      expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({
        allow: true,
        revision: 'v1',
      })
    }
    // a module whose host builtins the engine lacks is refused at load, naming them
    const needsHost = await makeBundle(
      'package app\nallow if sprintf("%d", [input.n]) == "1"\n',
      ['app/allow'],
      {},
      'v9',
    )
    const bare = await createEngine({ hostBuiltins: new Map() })
    await expect(bare.load(needsHost)).rejects.toThrow(/builtins the host does not provide: sprintf/)
    expect(bare.revision).toBeUndefined()
    expect(engine.status.lastError?.message).toBeTruthy()
    expect(events.filter((e) => e.type === 'load_failed')).toHaveLength(3)
    // a smoke test that traps refuses the bundle
    const strict = await createEngine({
      bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }, 'v1'),
      smokeTest: { entrypoint: 'app/decision', input: { user: 'x' } },
      limits: { maxMemoryPages: 32 },
    })
    const hog = 'package app\ndecision := count([x | some x in numbers.range(1, 50000000)])\n'
    await expect(strict.load(await makeBundle(hog, ['app/decision'], {}, 'v2'))).rejects.toThrow(/smoke test/)
    expect(strict.revision).toBe('v1')
    const r = await engine.load(await makeBundle(policy, entrypoints, { admins: ['bob'] }, 'v2'))
    expect(r.revision).toBe('v2')
    expect(await engine.decide({ user: 'bob' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: true,
      revision: 'v2',
    })
  })

  it('without DecompressionStream (edge-runtime) loads a bundle.tar.gz, and refuses a damaged one with the old policy live', async () => {
    // Hidden for this test only and restored in `finally`; the reader picks its gunzip at each call.
    vi.stubGlobal('DecompressionStream', undefined)
    try {
      const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }, 'v1') })
      const next = await makeBundle(policy, entrypoints, { admins: ['bob'] }, 'v2')
      const flipped = next.slice()
      flipped[next.length >> 1] ^= 0xff
      for (const damaged of [next.subarray(0, next.length >> 1), next.subarray(0, next.length - 4), flipped]) {
        const refused = await engine.load(damaged).catch((err: unknown) => err)
        expect(refused).toBeInstanceOf(BundleLoadError)
        expect((refused as Error).message).toMatch(/^bundle: not a valid gzip stream: /)
        expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({
          allow: true,
          revision: 'v1',
        })
      }
      await engine.load(next)
      expect(await engine.decide({ user: 'bob' }, { entrypoint: 'app/allow' })).toMatchObject({
        allow: true,
        revision: 'v2',
      })
    } finally {
      vi.unstubAllGlobals()
    }
    expect(typeof DecompressionStream).toBe('function')
  })

  it('decisions during load see the old or the new policy, never a mix', async () => {
    const version = (n: number) => `package app
decision := {"allow": true, "version": ${n}, "admins": data.admins}
`
    const b1 = await makeBundle(version(1), ['app/decision'], { admins: ['one'] }, 'v1')
    const b2 = await makeBundle(version(2), ['app/decision'], { admins: ['two'] }, 'v2')
    const engine = await createEngine({ bundle: b1 })
    const seen: { revision?: string; version: unknown; admins: unknown }[] = []
    let stop = false
    const hammer = (async () => {
      while (!stop) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, () => engine.decide({}, { entrypoint: 'app/decision' })),
        )
        for (const d of batch) seen.push({ revision: d.revision, version: d.result.version, admins: d.result.admins })
        await new Promise((r) => setTimeout(r, 0))
      }
    })()
    // Swapping back and forth is a deliberate rollback each other time.
    for (let i = 0; i < 6; i++) await engine.load(i % 2 === 0 ? b2 : b1, { allowRollback: true })
    stop = true
    await hammer
    expect(seen.length).toBeGreaterThan(0)
    for (const s of seen) {
      expect(s).toEqual(
        s.revision === 'v1'
          ? { revision: 'v1', version: 1, admins: ['one'] }
          : { revision: 'v2', version: 2, admins: ['two'] },
      )
    }
    expect(new Set(seen.map((s) => s.revision)).size).toBe(2)
  })

  it('shadow evaluation reports differing decisions and returns the live one', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({
      bundle: await makeBundle(policy, entrypoints, { admins: ['alice', 'bob'] }, 'live'),
      onEvent: (e) => events.push(e),
    })
    await engine.setShadow(await makeBundle(policy, entrypoints, { admins: ['alice'] }, 'candidate'))
    expect(await engine.decide({ user: 'bob' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: true,
      revision: 'live',
    })
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    const diffs = events.filter((e) => e.type === 'shadow_diff')
    expect(diffs).toHaveLength(1)
    expect(diffs[0]).toMatchObject({
      live: { allow: true },
      shadow: { allow: false, code: 'undefined_decision', revision: 'candidate' },
    })
  })

  it('close stops serving', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints, { admins: ['alice'] }) })
    await engine.close()
    expect(await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: false,
      code: 'no_policy',
    })
  })
})

describe('host builtins loaded on first need', () => {
  it('loads the heavy implementations (re2js, yaml, graphql, @noble) when a module needs them, and not otherwise', async () => {
    const heavy =
      'package app\nallow if {\n  regex.match("^a+$", input.s)\n  yaml.unmarshal("k: 1").k == 1\n  crypto.sha256("x") != ""\n}\n'
    const engine = await createEngine({ bundle: await makeBundle(heavy, ['app/allow'], {}, 'h1') })
    expect(await engine.decide({ s: 'aaa' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: true,
      revision: 'h1',
    })
    expect(await engine.decide({ s: 'b' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: false })
    // a module that needs only light builtins
    const custom = await makeBundle('package app\nallow if sprintf("%d", [1]) == "1"\n', ['app/allow'], {}, 'h2')
    const light = await createEngine({ bundle: custom })
    expect(await light.decide({}, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
  })
})
