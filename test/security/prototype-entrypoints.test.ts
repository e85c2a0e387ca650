// Threat (issue 14.11): prototype entrypoints. `constructor`, `__proto__` and
// `toString` passed the entrypoint check (`name in entrypoints` finds
// Object.prototype's members) and evaluated entrypoint 0, an `allow: true`
// from another rule. Defence: own-property lookups wherever a name comes
// from outside (entrypoints, builtin names, data paths).
import { createEngine, PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { compile, makeBundle } from '../engine/support/bundles.js'

// Entrypoint 0 allows everyone: a name that falls through to it is a wrong allow.
const policy = `package app
open := {"allow": true}
allow if input.user == "admin"
`
const entrypoints = ['app/open', 'app/allow']
const prototypeNames = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
]

describe('prototype entrypoints', () => {
  it('decide denies entrypoint_not_found for every Object.prototype name, never evaluating entrypoint 0', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, entrypoints) })
    for (const name of prototypeNames) {
      for (const form of [name, `data.${name}`, `/${name}`]) {
        const d = await engine.decide({ user: 'eve' }, { entrypoint: form })
        expect(d, form).toMatchObject({ allow: false, code: 'entrypoint_not_found' })
      }
      expect(() => engine.evaluate({}, name), name).toThrow(/is not in this policy/)
    }
    expect(await engine.decide({ user: 'eve' }, { entrypoint: 'app/open' })).toMatchObject({ allow: true })
  })

  it('the smoke test and defaultEntrypoint do not take a prototype name for an entrypoint', async () => {
    const engine = await createEngine({
      bundle: await makeBundle(policy, entrypoints),
      defaultEntrypoint: 'constructor',
    })
    expect(await engine.decide({ user: 'eve' })).toMatchObject({ allow: false, code: 'entrypoint_not_found' })
    await expect(
      createEngine({ bundle: await makeBundle(policy, entrypoints), smokeTest: { entrypoint: 'toString' } }),
    ).rejects.toThrow(/not in the new policy/)
  })

  it('a policy instance looks entrypoints up as own names only', async () => {
    const instance = await PolicyInstance.create(compile(policy, entrypoints))
    for (const name of prototypeNames) {
      expect(instance.hasEntrypoint(name), name).toBe(false)
      expect(() => instance.evaluateText('{}', name), name).toThrow(/is not in this module/)
    }
    expect(instance.hasEntrypoint('app/open')).toBe(true)
  })

  it('data paths named like prototype members stay data', async () => {
    const engine = await createEngine({
      bundle: await makeBundle('package app\nx := data.__proto__.y\nallow := data.constructor == 1\n', [
        'app/x',
        'app/allow',
      ]),
    })
    engine.patchData(['__proto__', 'y'], 7)
    engine.patchData('constructor', 1)
    expect(engine.evaluate({}, 'app/x')).toEqual([{ result: 7 }])
    expect(await engine.decide({}, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    expect(({} as Record<string, unknown>).y).toBeUndefined()
  })
})

describe('prototype key ids', () => {
  it('a signature naming the key id `constructor` or `toString` is refused as an unknown key', async () => {
    const { makeKey, signBundle } = await import('../engine/support/bundles.js')
    const { privateKey, jwk } = await makeKey('ES256')
    const engine = await createEngine({
      verification: { keys: { prod: { algorithm: 'ES256', key: jwk }, other: { algorithm: 'ES256', key: jwk } } },
    })
    for (const kid of ['constructor', 'toString', '__proto__']) {
      const bundle = await signBundle(await makeBundle(policy, entrypoints, {}, kid), 'ES256', privateKey, { kid })
      await expect(engine.load(bundle), kid).rejects.toThrow(`signature: unknown key id '${kid}'`)
    }
  })
})
