import { describe, expect, it } from 'vitest'
import { normalizeEntrypoint } from './entrypoint-name.js'

describe('normalizeEntrypoint', () => {
  it.each([
    ['a/b', 'a/b'],
    ['/a/b/', 'a/b'],
    ['a.b', 'a/b'],
    ['data.a.b', 'a/b'],
    // Slash paths are OPA's: segments verbatim, so a dot is part of a key and `data` is a key.
    ['a.b/c', 'a.b/c'],
    ['data/a/b', 'data/a/b'],
  ])('%s → %s', (given, want) => {
    expect(normalizeEntrypoint(given)).toBe(want)
  })
})
