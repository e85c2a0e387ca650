/**
 * A least-recently-used map of at most `max` entries, held strongly: a
 * garbage collection does not empty it (issue 18 saw a regex-heavy batch run
 * 5–7× slower after one, with caches the collector could drop).
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>()

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      // Map keeps insertion order: re-inserting makes the entry the newest.
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K)
    this.map.set(key, value)
  }

  get size(): number {
    return this.map.size
  }
}
