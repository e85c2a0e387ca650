import { createEngine, PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls } from '@cordon/builtins'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../support/random.js'
import { compile, makeBundle } from './support/bundles.js'

const policy = `package fuzz
import rego.v1

decision := {"allow": allow, "code": code, "reasons": reasons}
default allow := false
allow if {
  input.user.role == "admin"
  count(input.tags) < 10
}
code := "admin" if allow
code := "other" if not allow
reasons := sort([sprintf("%v", [k]) | some k, _ in object.union({}, input)]) if is_object(input)
reasons := [] if not is_object(input)
walked := count([p | walk(input, [p, _])])
`

const engineCodes = new Set([
  'invalid_input',
  'engine_error',
  'resource_exhausted',
  'undefined_decision',
  'entrypoint_not_found',
  'no_policy',
])

function randomJson(rand: () => number, depth: number): unknown {
  const r = rand()
  if (depth <= 0 || r < 0.3) {
    const k = Math.floor(rand() * 8)
    if (k === 0) return null
    if (k === 1) return rand() < 0.5
    if (k === 2) return Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1)
    if (k === 3) return rand() * 1e308 * (rand() < 0.5 ? -1 : 1)
    if (k === 4) return randomString(rand, Math.floor(rand() * 20))
    if (k === 5) return String.fromCharCode(0xd800 + Math.floor(rand() * 0x800)) // lone surrogate
    if (k === 6) return String.fromCharCode(...Array.from({ length: 8 }, () => 0x80 + Math.floor(rand() * 0x80))) // bytes of broken UTF-8 as latin1
    return new TextDecoder().decode(new Uint8Array(Array.from({ length: 8 }, () => Math.floor(rand() * 256)))) // invalid UTF-8 decoded with U+FFFD
  }
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 5) }, () => randomJson(rand, depth - 1))
  return Object.fromEntries(
    Array.from({ length: Math.floor(rand() * 5) }, () => [
      randomString(rand, Math.floor(rand() * 6)),
      randomJson(rand, depth - 1),
    ]),
  )
}

function randomString(rand: () => number, n: number): string {
  return Array.from({ length: n }, () =>
    String.fromCodePoint(rand() < 0.8 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0x10ffff) & ~0x800),
  ).join('')
}

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

describe('fuzzed inputs give decisions or clean denies, never a throw', () => {
  it('random JSON, deep nesting, huge strings, broken UTF-8', async () => {
    const engine = await createEngine({
      bundle: await makeBundle(policy, ['fuzz/decision', 'fuzz/walked'], {}, 'fz'),
      limits: { maxMemoryPages: 512 },
    })
    const rand = seededRandom(5)
    const inputs: unknown[] = []
    for (let i = 0; i < 400; i++) inputs.push(randomJson(rand, 6))
    for (const depth of [10, 100, 1000, 5000, 20_000]) inputs.push(nested(depth, 'leaf'))
    inputs.push({ user: { role: 'x'.repeat(1_000_000) } }, 'y'.repeat(40 * 1024 * 1024), {
      big: Array.from({ length: 100_000 }, (_, i) => i),
    })
    inputs.push(
      new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]),
      undefined,
      null,
      0,
      '',
      [],
      NaN,
      Infinity,
      -0,
      new Date(0),
      new Map([[1, 2]]),
      Symbol('s'),
      10n,
    )
    const codes = new Map<string, number>()
    for (const input of inputs) {
      for (const entrypoint of ['fuzz/decision', 'fuzz/walked']) {
        let d
        try {
          d = await engine.decide(input, { entrypoint })
        } catch (err) {
          throw new Error(`decide threw on ${String(input).slice(0, 40)}: ${String(err)}`, { cause: err })
        }
        expect(typeof d.allow).toBe('boolean')
        if (d.code && !['admin', 'other'].includes(d.code)) {
          expect(engineCodes.has(d.code), d.code).toBe(true)
          expect(d.allow).toBe(false)
        }
        codes.set(d.code ?? '-', (codes.get(d.code ?? '-') ?? 0) + 1)
      }
    }
    // the engine is healthy after all of it
    expect(await engine.decide({ user: { role: 'admin' }, tags: [] }, { entrypoint: 'fuzz/decision' })).toMatchObject({
      allow: true,
      code: 'admin',
    })
    expect(codes.get('other')).toBeGreaterThan(100)
    expect(engine.memoryBytes).toBeLessThanOrEqual(512 * 65536)
  })

  it('raw invalid UTF-8 bytes reach the module as input text without crashing it', () => {
    const p = PolicyInstance.createSync(compile(policy, ['fuzz/decision']), { hostBuiltins: hostBuiltinImpls })
    p.setData({})
    const rand = seededRandom(9)
    for (let i = 0; i < 300; i++) {
      const json = new TextEncoder().encode(JSON.stringify({ user: { role: 'admin' }, s: 'ab' }))
      const bytes = new Uint8Array(json)
      for (let j = 0; j < 3; j++) bytes[Math.floor(rand() * bytes.length)] = 0x80 + Math.floor(rand() * 0x80)
      try {
        const out = JSON.parse(p.evaluateText(bytes, 'fuzz/decision'))
        expect(Array.isArray(out)).toBe(true)
      } catch (err) {
        expect(err).toBeInstanceOf(PolicyEvalError)
      }
    }
    expect(p.evaluate({ user: { role: 'admin' }, tags: [] }, 'fuzz/decision')).toEqual([
      { result: { allow: true, code: 'admin', reasons: ['tags', 'user'] } },
    ])
  })
})
