import { describe, expect, it } from 'vitest'
import { classifyError } from './classify-error.js'
import { PolicyEvalError } from './errors.js'

describe('classifyError', () => {
  it('maps errors to deny codes and says when the instance must be rebuilt', () => {
    const c = (e: unknown) => {
      const r = classifyError(e)
      return [r.code, r.rebuild]
    }
    expect(c(new PolicyEvalError('resource_exhausted', 'opa_malloc: failed'))).toEqual(['resource_exhausted', true])
    expect(c(new PolicyEvalError('eval_conflict_error', 'p.rego:1:1: conflict'))).toEqual(['engine_error', false])
    expect(c(new PolicyEvalError('engine_error', 'opa_eval: failed to parse input'))).toEqual(['invalid_input', true])
    expect(c(new PolicyEvalError('engine_error', 'failed to parse JSON value'))).toEqual(['engine_error', true])
    expect(c(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'))).toEqual([
      'resource_exhausted',
      true,
    ])
    expect(c(new RangeError('Maximum call stack size exceeded'))).toEqual(['engine_error', true])
    expect(c(new WebAssembly.RuntimeError('unreachable'))).toEqual(['engine_error', true])
    expect(c('a thrown string')).toEqual(['engine_error', true])
    expect(classifyError(new PolicyEvalError('eval_type_error', 'x')).reasons).toEqual([
      { code: 'eval_type_error', message: 'x' },
    ])
  })
})
