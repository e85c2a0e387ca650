/**
 * A cache of compiled patterns (regexes, globs) by their text, shared by every
 * evaluation in the process. Entries are held strongly, so a decision costs
 * the same right after a garbage collection as before it; the cache is
 * bounded by entry count and by the total length of its keys, dropping a
 * pattern not used since it was last passed over first (the clock, or
 * second-chance, approximation of least recently used: a hit only sets a
 * flag), so hostile patterns cannot grow it without end
 * and a policy that cycles through more patterns than a small cap (the old
 * first-in-first-out cap of 100 recompiled every one of them on every call
 * then) keeps them all.
 */
export class CompiledCache<V> {
  private readonly entries = new Map<string, { value: V; used: boolean }>()
  private keyChars = 0
  /** How many times `get` had to make a value (tests count compiles with it). */
  made = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyChars: number,
  ) {}

  /** The value for `key`, made by `make` (and kept) when missing; an error from `make` is thrown, not kept. */
  get(key: string, make: () => V): V {
    const entries = this.entries
    const hit = entries.get(key)
    if (hit !== undefined) {
      hit.used = true
      return hit.value
    }
    const value = make()
    this.made++
    if (key.length > this.maxKeyChars) return value
    while (entries.size >= this.maxEntries || this.keyChars + key.length > this.maxKeyChars) {
      // The oldest first (a Map iterates in insertion order); one used since gets a second chance at the end.
      const [oldest, entry] = entries.entries().next().value!
      entries.delete(oldest)
      if (entry.used) {
        entry.used = false
        entries.set(oldest, entry)
      } else this.keyChars -= oldest.length
    }
    entries.set(key, { value, used: false })
    this.keyChars += key.length
    return value
  }

  get size(): number {
    return this.entries.size
  }
}

/** The bounds of the regex and glob caches: room for the patterns of a large policy set. */
export const PATTERN_CACHE_ENTRIES = 2000
export const PATTERN_CACHE_KEY_CHARS = 1 << 20
