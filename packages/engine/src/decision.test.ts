import { describe, expect, it } from 'vitest'
import { verdictFromResultSet } from './decision.js'

describe('verdictFromResultSet', () => {
  it('maps booleans and objects with a boolean allow', () => {
    expect(verdictFromResultSet([{ result: true }])).toEqual({ allow: true, reasons: [], result: {} })
    expect(verdictFromResultSet([{ result: false }])).toEqual({ allow: false, reasons: [], result: {} })
    expect(verdictFromResultSet([{ result: { allow: false, code: 'c', reasons: ['r'], x: 1 } }])).toEqual({
      allow: false,
      code: 'c',
      reasons: ['r'],
      result: { x: 1 },
    })
    expect(verdictFromResultSet([{ result: { allow: true, reasons: 'one' } }])).toEqual({
      allow: true,
      reasons: ['one'],
      result: {},
    })
    expect(verdictFromResultSet([{ result: { allow: true, code: 7 } }]).code).toBe('7')
  })

  it('denies undefined_decision for undefined and any other shape', () => {
    for (const rs of [
      [],
      [{}],
      [{ result: 1 }],
      [{ result: 'true' }],
      [{ result: null }],
      [{ result: [true] }],
      [{ result: { allow: 'yes' } }],
      [{ result: {} }],
      [{ result: true }, { result: true }],
    ]) {
      expect(verdictFromResultSet(rs)).toEqual({ allow: false, code: 'undefined_decision', reasons: [], result: {} })
    }
  })
})
