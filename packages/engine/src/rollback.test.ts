import { describe, expect, it } from 'vitest'
import { compareRevisions, RevisionHistory } from './rollback.js'

describe('compareRevisions', () => {
  it('orders runs of digits as numbers and the rest by code point', () => {
    expect(compareRevisions('v2', 'v10')).toBeLessThan(0)
    expect(compareRevisions('v10', 'v2')).toBeGreaterThan(0)
    expect(compareRevisions('2026-12-07T05:00:00Z', '2026-12-07T06:00:00Z')).toBeLessThan(0)
    expect(compareRevisions('a', 'b')).toBeLessThan(0)
    expect(compareRevisions('007', '7')).toBe(0)
    expect(compareRevisions('r99999999999999999999', 'r100000000000000000000')).toBeLessThan(0)
    expect(compareRevisions('v1', 'v1.1')).toBeLessThan(0)
    expect(compareRevisions('', '')).toBe(0)
  })
})

describe('RevisionHistory', () => {
  it("'history' refuses a revision that was live and replaced, and nothing else", () => {
    const h = new RevisionHistory()
    h.retire('a', 'b')
    expect(() => h.check('history', 'a', 'b')).toThrow(/rollback: revision a was live before .*allowRollback/)
    expect(() => h.check('history', 'c', 'b')).not.toThrow()
    expect(() => h.check('history', undefined, 'b')).not.toThrow()
    // The same revision again is no rollback, even a retired one.
    expect(() => h.check('history', 'a', 'a')).not.toThrow()
  })

  it("'ordered' also refuses a revision not newer than the live one, or none over a live one", () => {
    const h = new RevisionHistory()
    expect(() => h.check('ordered', 'v9', 'v10')).toThrow(/not newer than the live revision v10/)
    expect(() => h.check('ordered', undefined, 'v10')).toThrow(/revision \(none\)/)
    expect(() => h.check('ordered', 'v11', 'v10')).not.toThrow()
    expect(() => h.check('ordered', 'v1', undefined)).not.toThrow()
  })

  it('false turns the check off', () => {
    const h = new RevisionHistory()
    h.retire('a', 'b')
    expect(() => h.check(false, 'a', 'b')).not.toThrow()
  })

  it('retiring a revision by itself or an unnamed one records nothing', () => {
    const h = new RevisionHistory()
    h.retire('a', 'a')
    h.retire(undefined, 'b')
    expect(() => h.check('history', 'a', 'b')).not.toThrow()
  })

  it('remembers the last 1,024 replaced revisions, forgetting the oldest first', () => {
    const h = new RevisionHistory()
    for (let i = 0; i <= 1024; i++) h.retire(`r${i}`, `r${i + 1}`)
    expect(() => h.check('history', 'r0', 'live')).not.toThrow()
    expect(() => h.check('history', 'r1', 'live')).toThrow(/rollback/)
    expect(() => h.check('history', 'r1024', 'live')).toThrow(/rollback/)
  })

  it('a revision retired again moves to the newest end and is kept', () => {
    const h = new RevisionHistory()
    h.retire('keep', 'x')
    for (let i = 0; i < 1023; i++) h.retire(`r${i}`, 'y')
    h.retire('keep', 'z')
    h.retire('one-more', 'z')
    expect(() => h.check('history', 'keep', 'live')).toThrow(/rollback/)
    expect(() => h.check('history', 'r0', 'live')).not.toThrow()
  })
})
