import { describe, expect, it } from 'vitest'
import { opaErrorText } from './eval-error.js'

describe('opaErrorText', () => {
  it.each([
    {
      note: 'strict builtin error with its call site',
      code: 'eval_type_error',
      message: 'test-0.rego:4: plus: operand 1 must be number but got string',
      want: 'test-0.rego:4: eval_type_error: plus: operand 1 must be number but got string',
    },
    {
      note: 'conflict with row and column',
      code: 'eval_conflict_error',
      message: 'p/x.rego:3:1: complete rules must not produce multiple outputs',
      want: 'p/x.rego:3:1: eval_conflict_error: complete rules must not produce multiple outputs',
    },
    {
      note: 'no location',
      code: 'eval_builtin_error',
      message: 'units.parse: no amount provided',
      want: 'eval_builtin_error: units.parse: no amount provided',
    },
    {
      note: 'a builtin name is no location',
      code: 'eval_type_error',
      message: 'strings.any_prefix_match: operand 1 must be string',
      want: 'eval_type_error: strings.any_prefix_match: operand 1 must be string',
    },
  ])('$note', ({ code, message, want }) => {
    expect(opaErrorText(code, message)).toBe(want)
  })
})
