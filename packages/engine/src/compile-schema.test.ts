import { describe, expect, it } from 'vitest'
import { compileSchema } from './compile-schema.js'

describe('compileSchema', () => {
  it('compiles a schema into a validator that lists every error', async () => {
    const validate = await compileSchema({
      type: 'object',
      required: ['user', 'model'],
      properties: { user: { type: 'string' }, model: { type: 'string' } },
    })
    expect(validate({ user: 'u', model: 'm' })).toBe(true)
    expect(validate({ user: 1 })).toBe(false)
    expect(validate.errors?.length).toBe(2)
  })

  it('names an invalid schema', async () => {
    await expect(compileSchema({ type: 'no-such-type' })).rejects.toThrow(/^invalid JSON Schema: /)
  })
})
