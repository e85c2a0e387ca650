import { describe, expect, it } from 'vitest'
import type { ConformanceCase } from './cases.js'
import { fromPlain } from './exact-json.js'
import { judge, type CaseOutcome } from './judge.js'

const base: ConformanceCase = {
  file: 't/a.yaml',
  index: 0,
  note: 't/a',
  query: 'data.test.p = x',
  modules: [],
  hasInput: false,
  strictError: false,
  sortBindings: false,
  experimentalKeywords: false,
  ignoreGeneratedVars: false,
}
const rows = (v: unknown): CaseOutcome => ({ kind: 'result', rows: fromPlain(v) as never })
const error = (code: string, message: string): CaseOutcome => ({ kind: 'error', code, message })

describe('judge', () => {
  it.each([
    { note: 'matching result', c: { wantResult: [{ x: 1 }] }, out: rows([{ x: 1 }]), pass: true },
    { note: 'undefined expected, got a value', c: { wantResult: [] }, out: rows([{ x: true }]), pass: false },
    { note: 'undefined expected and got', c: { wantResult: [] }, out: rows([]), pass: true },
    { note: 'error expected, got result', c: { wantErrorCode: 'eval_conflict_error' }, out: rows([]), pass: false },
    {
      note: 'error code and message match',
      c: { wantErrorCode: 'eval_type_error', wantError: 'operand 1 must be' },
      out: error('eval_type_error', 'plus: operand 1 must be number but got string'),
      pass: true,
    },
    { note: 'wrong code', c: { wantErrorCode: 'eval_type_error' }, out: error('eval_builtin_error', 'x'), pass: false },
    { note: 'message not contained', c: { wantError: 'abc' }, out: error('eval_builtin_error', 'xyz'), pass: false },
    {
      note: 'result expected, got error',
      c: { wantResult: [{ x: 1 }] },
      out: error('eval_builtin_error', 'x'),
      pass: false,
    },
    { note: 'no expectation at all', c: {}, out: rows([]), pass: false },
  ])('$note', ({ c, out, pass }) => {
    const reason = judge({ ...base, ...c }, out)
    if (pass) expect(reason).toBeUndefined()
    else expect(reason).toEqual(expect.any(String))
  })
})
