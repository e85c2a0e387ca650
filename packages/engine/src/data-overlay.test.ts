import { describe, expect, it } from 'vitest'
import { DataOverlay } from './data-overlay.js'

describe('DataOverlay', () => {
  const base = { app: { limits: { daily: 10, monthly: 100 }, blocked: ['eve'] } }

  it('keeps a patch over a base whose value at its path is unchanged, key order aside', () => {
    const o = new DataOverlay()
    o.add(base, ['app', 'blocked'], ['eve', 'mallory'])
    o.add(base, ['app', 'limits'], { daily: 0 })
    const reordered = { app: { blocked: ['eve'], limits: { monthly: 100, daily: 10 }, extra: 1 } }
    const { data, kept, dropped } = o.rebase(reordered)
    expect(dropped).toEqual([])
    expect(kept).toHaveLength(2)
    expect(data).toEqual({ app: { blocked: ['eve', 'mallory'], limits: { daily: 0 }, extra: 1 } })
  })

  it('drops a patch whose path the new base changed or cannot hold, and keeps the others', () => {
    const o = new DataOverlay()
    o.add(base, ['app', 'blocked'], [])
    o.add(base, ['app', 'new', 'flag'], true)
    expect(o.rebase({ app: { limits: base.app.limits, blocked: ['trudy'] } }).dropped.map((p) => p.path)).toEqual([
      ['app', 'blocked'],
    ])
    // a non-object where the patch needs one: dropped, not thrown
    const { kept, dropped } = o.rebase({ app: { limits: base.app.limits, blocked: ['eve'], new: 'text' } })
    expect(kept.map((p) => p.path)).toEqual([['app', 'blocked']])
    expect(dropped.map((p) => p.path)).toEqual([['app', 'new', 'flag']])
  })

  it('a patch supersedes patches at or below its path; clear removes at or below a path', () => {
    const o = new DataOverlay()
    o.add(base, ['app', 'limits', 'daily'], 1)
    o.add(base, ['app', 'blocked'], [])
    o.add(base, ['app', 'limits'], {})
    expect(o.patches.map((p) => p.path)).toEqual([
      ['app', 'blocked'],
      ['app', 'limits'],
    ])
    expect(o.clear(['app', 'limits'])).toBe(1)
    expect(o.clear()).toBe(1)
    expect(o.patches).toEqual([])
  })
})
