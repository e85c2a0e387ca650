import { describe, expect, it } from 'vitest'
import { lightHostBuiltinImpls } from './light.js'
import { withHostBuiltins } from './families.js'
import { hostBuiltinImpls } from './index.js'

const heavy = [...hostBuiltinImpls.keys()].filter((name) => !lightHostBuiltinImpls.has(name))

describe('withHostBuiltins: the heavy builtins by family', () => {
  it('finds every builtin outside the light set, the same implementation as hostBuiltinImpls', async () => {
    expect(heavy.length).toBeGreaterThan(40)
    for (const name of heavy) {
      const impls = await withHostBuiltins(lightHostBuiltinImpls, [name])
      expect(impls.get(name), name).toBe(hostBuiltinImpls.get(name))
    }
  })

  it('loads only the families asked for', async () => {
    const impls = await withHostBuiltins(lightHostBuiltinImpls, ['regex.match'])
    expect(impls.has('regex.match')).toBe(true)
    expect(impls.has('re_match')).toBe(true)
    expect(impls.has('graphql.parse')).toBe(false)
    expect(impls.has('io.jwt.verify_hs256')).toBe(false)
    expect(impls.has('yaml.unmarshal')).toBe(false)
  })

  it('returns the base set itself when nothing is missing or a name belongs to no family', async () => {
    expect(await withHostBuiltins(lightHostBuiltinImpls, ['sprintf'])).toBe(lightHostBuiltinImpls)
    expect(await withHostBuiltins(lightHostBuiltinImpls, ['acme.risk_score'])).toBe(lightHostBuiltinImpls)
  })
})
