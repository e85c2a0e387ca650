import { describe, expect, it } from 'vitest'
import { hostBuiltinNames } from './host-builtin-names.js'
import { hostBuiltinImpls } from './index.js'

describe('hostBuiltinNames', () => {
  it('names exactly the builtins hostBuiltinImpls implements', () => {
    expect([...hostBuiltinNames].sort()).toStrictEqual([...hostBuiltinImpls.keys()].sort())
  })
})
