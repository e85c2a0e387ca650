// The pattern caches hold compiled regexes and globs strongly and bounded:
// an entry survives a garbage collection (counted by compiles, not timed),
// the least recently used goes first, and the bounds hold.
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { CompiledCache, PATTERN_CACHE_ENTRIES } from './compiled-cache.js'
import { globCache, globImpls } from './glob.js'
import { regexCache, regexImpls } from './regex.js'
import { newBuiltinContext } from './types.js'

const ctx = newBuiltinContext()

/** The collector, as `--expose-gc` gives it, in this worker. */
function forceGc(): () => void {
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
}

describe('CompiledCache', () => {
  it('makes a value once, keeps it across a forced gc', () => {
    const gc = forceGc()
    const cache = new CompiledCache<object>(10, 1000)
    cache.get('p', () => ({ compiled: 'p' }))
    gc()
    gc()
    const again = cache.get('p', () => ({ compiled: 'again' }))
    expect(again).toEqual({ compiled: 'p' })
    expect(cache.made).toBe(1)
  })

  it('drops the least recently used first', () => {
    const cache = new CompiledCache<string>(2, 1000)
    cache.get('a', () => 'A')
    cache.get('b', () => 'B')
    cache.get('a', () => 'A') // a is now the most recent
    cache.get('c', () => 'C') // drops b
    expect(cache.get('a', () => 'A2')).toBe('A')
    expect(cache.get('b', () => 'B2')).toBe('B2')
    expect(cache.size).toBe(2)
  })

  it('bounds the total key length, and keeps no key longer than that', () => {
    const cache = new CompiledCache<number>(100, 10)
    cache.get('aaaa', () => 1)
    cache.get('bbbb', () => 2)
    cache.get('cccc', () => 3) // 12 chars: drops aaaa
    expect(cache.size).toBe(2)
    expect(cache.get('x'.repeat(11), () => 4)).toBe(4)
    expect(cache.size).toBe(2)
    cache.get('x'.repeat(11), () => 5)
    expect(cache.made).toBe(5)
  })

  it('keeps no value whose making threw', () => {
    const cache = new CompiledCache<number>(10, 100)
    expect(() =>
      cache.get('bad', () => {
        throw new Error('no')
      }),
    ).toThrow('no')
    expect(cache.size).toBe(0)
    expect(cache.get('bad', () => 1)).toBe(1)
  })
})

describe('regex and glob caches', () => {
  it('compiles a regex once across a forced gc', () => {
    const gc = forceGc()
    const pattern = `^gc-survives-[0-9]+$`
    const before = regexCache.made
    expect(regexImpls['regex.match']!([pattern, 'gc-survives-1'], ctx)).toBe(true)
    expect(regexCache.made).toBe(before + 1)
    gc()
    expect(regexImpls['regex.match']!([pattern, 'gc-survives-2'], ctx)).toBe(true)
    expect(regexCache.made).toBe(before + 1)
  })

  it('compiles each of 300 patterns used in turn once (a first-in-first-out cap of 100 recompiled them all)', () => {
    const before = regexCache.made
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 300; i++)
        expect(regexImpls['regex.match']!([`^cycle-${i}-[a-z]+$`, `cycle-${i}-x`], ctx)).toBe(true)
    expect(regexCache.made).toBe(before + 300)
    expect(regexCache.size).toBeLessThanOrEqual(PATTERN_CACHE_ENTRIES)
  })

  it('compiles a glob once across a forced gc', () => {
    const gc = forceGc()
    const before = globCache.made
    expect(globImpls['glob.match']!(['gc.*.svc', ['.'], 'gc.a.svc'], ctx)).toBe(true)
    gc()
    expect(globImpls['glob.match']!(['gc.*.svc', ['.'], 'gc.b.svc'], ctx)).toBe(true)
    expect(globCache.made).toBe(before + 1)
  })
})
