// Threat (issue 14.12): data that fails open. A date-only effective_from,
// `global: "true"`, `models` as a string or a misspelt key used to switch a
// restriction off silently: the policy skipped the row it could not read.
// Defence: the engine validates data against its schema on load, setData and
// patchData (refused, the old data stays live), and the reference policy
// refuses every request with invalid_data when a row is malformed.
import { BundleLoadError, createEngine, DataValidationError } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import {
  allowedRequest,
  dataSchema,
  ENTRYPOINT,
  frontierRequest,
  referenceBundle,
  referenceConfig,
  referenceData,
  referenceWasm,
} from './support/reference-policy.js'

type Config = Record<string, any>

/** The shipped data with one malformed row, as an operator might write it. */
const malformed: [string, (c: Config) => void][] = [
  ['a date-only effective_from', (c) => (c.restrictions[0].effective_from = '2026-01-01')],
  ['models as a string', (c) => (c.restrictions[0].models = 'frontier-1')],
  [
    'a misspelt key',
    (c) => {
      c.restrictions[0].allowed_nationalites = c.restrictions[0].allowed_nationalities
      delete c.restrictions[0].allowed_nationalities
    },
  ],
  [
    'global: "true"',
    (c) => (c.suspensions = [{ id: 's1', model: 'general-1', global: 'true', effective_from: '2026-01-01T00:00:00Z' }]),
  ],
  [
    'a misspelt section',
    (c) => {
      c.embrago = c.embargo
      delete c.embargo
    },
  ],
]

const withRow = (change: (c: Config) => void): Config => {
  const c = referenceConfig() as Config
  change(c)
  return c
}

describe('data that fails open', () => {
  it.each(malformed)('the reference policy refuses every request when its data has %s', async (_, change) => {
    // No schema given to the engine: the policy is the last line of defence.
    const engine = await createEngine({ wasm: referenceWasm(), data: referenceData(withRow(change)) })
    for (const input of [
      allowedRequest,
      frontierRequest,
      { ...frontierRequest, user: { ...frontierRequest.user, nationality: 'CN' } },
    ]) {
      const d = await engine.decide(input, { entrypoint: ENTRYPOINT })
      expect(d, JSON.stringify(input)).toMatchObject({ allow: false, code: 'invalid_data' })
      expect(d.reasons.some((r) => typeof r === 'string' && r.startsWith('data: '))).toBe(true)
    }
  })

  it('with the data schema, load refuses malformed data and the old data stays live', async () => {
    const engine = await createEngine({
      bundle: await referenceBundle('r1'),
      dataSchemas: [{ path: 'ai-access', schema: dataSchema }],
    })
    for (const [what, change] of malformed) {
      const err = await engine.load(await referenceBundle(`bad-${what}`, withRow(change))).catch((e: unknown) => e)
      expect(err, what).toBeInstanceOf(BundleLoadError)
      expect((err as Error).message, what).toMatch(/^data at ai-access does not match its schema: /)
      expect((err as Error).cause).toBeInstanceOf(DataValidationError)
      expect(engine.revision).toBe('r1')
      expect(await engine.decide(frontierRequest, { entrypoint: ENTRYPOINT })).toMatchObject({
        allow: true,
        revision: 'r1',
      })
    }
    // the date-only time is named by path
    await expect(engine.load(await referenceBundle('bad', withRow(malformed[0]![1])))).rejects.toThrow(
      '/restrictions/0/effective_from must match pattern',
    )
    // a bundle without the data at all is refused too
    const { writeBundle } = await import('@cordon/wasm')
    await expect(
      engine.load(await writeBundle({ wasm: referenceWasm(), data: {}, entrypoints: [ENTRYPOINT], revision: 'empty' })),
    ).rejects.toThrow(/data at ai-access is missing/)
  })

  it('with the data schema, setData and patchData refuse malformed data and keep the old', async () => {
    // a precompiled validator works the same (the form edge runtimes use)
    const { compileSchema } = await import('@cordon/engine')
    const validate = await compileSchema(dataSchema)
    const engine = await createEngine({
      bundle: await referenceBundle('r1'),
      dataSchemas: [{ path: ['ai-access'], validate }],
    })
    for (const [what, change] of malformed) {
      expect(() => engine.setData(referenceData(withRow(change))), what).toThrow(DataValidationError)
      expect(await engine.decide(frontierRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ allow: true })
    }
    const suspension = { id: 's1', model: 'frontier-1', global: 'true', effective_from: '2026-01-01T00:00:00Z' }
    expect(() => engine.patchData(['ai-access', 'suspensions'], [suspension])).toThrow(
      /\/suspensions\/0\/global must be equal to constant/,
    )
    expect(() => engine.patchData('ai-access/restrictions/0', 'x')).toThrow()
    expect(() =>
      engine.patchData(
        ['ai-access', 'restrictions'],
        [{ ...(referenceConfig() as Config).restrictions[0], effective_from: '2026-01-01' }],
      ),
    ).toThrow(DataValidationError)
    expect(engine.patches).toEqual([])
    expect(await engine.decide(frontierRequest, { entrypoint: ENTRYPOINT })).toMatchObject({ allow: true })
    // well-formed data goes through
    engine.patchData(['ai-access', 'suspensions'], [{ ...suspension, global: true }])
    expect(await engine.decide(frontierRequest, { entrypoint: ENTRYPOINT })).toMatchObject({
      allow: false,
      code: 'model_suspended',
    })
  })
})
