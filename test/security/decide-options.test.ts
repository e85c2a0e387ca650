// Threat (issue 14.17): `decide()` rejected on bad options (a non-string
// entrypoint, null options), turning a caller's mistake into an unhandled
// rejection instead of a deny. Defence: options of the wrong type deny with
// `invalid_options`; `decide` never rejects unless `throwOnError` asks for it.
import { createEngine, DecisionError } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { makeBundle } from '../engine/support/bundles.js'

describe('decide with bad options', () => {
  it('denies invalid_options and never rejects', async () => {
    const engine = await createEngine({ bundle: await makeBundle('package app\nallow := true\n', ['app/allow']) })
    const bad: unknown[] = [
      null,
      'app/allow',
      42,
      { entrypoint: 42 },
      { entrypoint: ['app', 'allow'] },
      { entrypoint: { toString: () => 'app/allow' } },
      { entrypoint: null },
      { throwOnError: 'yes' },
    ]
    for (const options of bad) {
      const d = await engine.decide({}, options as never)
      expect(d, JSON.stringify(options)).toMatchObject({ allow: false, code: 'invalid_options' })
      expect(engine.decideSync({}, options as never)).toMatchObject({ allow: false, code: 'invalid_options' })
    }
    expect(await engine.decide({}, { entrypoint: 'app/allow' })).toMatchObject({ allow: true })
    // asked to throw, it throws a DecisionError with the code
    const strict = await createEngine({
      bundle: await makeBundle('package app\nallow := true\n', ['app/allow']),
      throwOnError: true,
    })
    await expect(strict.decide({}, { entrypoint: 7 } as never)).rejects.toBeInstanceOf(DecisionError)
  })
})
