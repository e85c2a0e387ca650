// Hash map shared by objects and sets (chained buckets).
// Header: [u8 type][..][u32 count][u32 nbuckets][u32 buckets]
// Node:   [u32 key][u32 value][u32 next][u32 hash]   (sets keep value = 0)
import { opa_malloc, opa_free, alloc16 } from "./alloc";
import { opa_value_hash, opa_value_compare_eq } from "./compare";
import { T_STRING } from "./value";
import { zeroBytes } from "./mem";

export function newMap(type: u8): usize {
  let v = alloc16();
  store<u32>(v, <u32>type);
  store<u32>(v, 0, 4);
  store<u32>(v, 0, 8);
  store<u32>(v, 0, 12);
  return v;
}

// @ts-ignore: decorator
@inline export function mapCount(m: usize): usize { return <usize>load<u32>(m, 4); }
// @ts-ignore: decorator
@inline export function nodeKey(n: usize): usize { return <usize>load<u32>(n); }
// @ts-ignore: decorator
@inline export function nodeValue(n: usize): usize { return <usize>load<u32>(n, 4); }
// @ts-ignore: decorator
@inline function nodeNext(n: usize): usize { return <usize>load<u32>(n, 8); }
// @ts-ignore: decorator
@inline export function nodeHash(n: usize): u32 { return load<u32>(n, 12); }

export function mapFindHashed(m: usize, key: usize, h: u32): usize {
  let nb = <usize>load<u32>(m, 8);
  if (nb == 0) return 0;
  let n = <usize>load<u32>(<usize>load<u32>(m, 12) + ((<usize>h & (nb - 1)) << 2));
  while (n != 0) {
    // The same value (a static key, a data string, a key taken from another map) needs no call to compare.
    if (nodeHash(n) == h && (nodeKey(n) == key || opa_value_compare_eq(nodeKey(n), key))) return n;
    n = nodeNext(n);
  }
  return 0;
}

/**
 * mapFindHashed inlined, for a constant key's lookups (`x.y`, on every
 * decision): a key stored at the same address (hosts point input and data
 * keys at the module's own static strings) is found without a call; any
 * other key of the same hash is compared through opa_value_compare_eq, a
 * call kept out of line so that each inlined copy stays a few dozen bytes.
 */
// @ts-ignore: decorator
@inline export function mapFindString(m: usize, key: usize, h: u32): usize {
  let nb = <usize>load<u32>(m, 8);
  if (nb == 0) return 0;
  let n = <usize>load<u32>(<usize>load<u32>(m, 12) + ((<usize>h & (nb - 1)) << 2));
  while (n != 0) {
    let k = nodeKey(n);
    if (k == key || (nodeHash(n) == h && opa_value_compare_eq(k, key))) return n;
    n = nodeNext(n);
  }
  return 0;
}

export function mapFind(m: usize, key: usize): usize {
  return mapFindHashed(m, key, keyHash(key));
}

/** opa_value_hash, without its call for a string that carries its hash (constant keys, data strings, input keys). */
// @ts-ignore: decorator
@inline export function keyHash(key: usize): u32 {
  return load<u8>(key) == T_STRING && load<u8>(key, 1) != 0 ? load<u32>(key, 12) : opa_value_hash(key);
}

function rehash(m: usize, nb: usize): void {
  let oldNb = <usize>load<u32>(m, 8);
  let oldB = <usize>load<u32>(m, 12);
  let nbuckets = opa_malloc(nb << 2);
  zeroBytes(nbuckets, nb << 2);
  for (let i: usize = 0; i < oldNb; i++) {
    let n = <usize>load<u32>(oldB + (i << 2));
    while (n != 0) {
      let next = nodeNext(n);
      let slot = nbuckets + ((<usize>nodeHash(n) & (nb - 1)) << 2);
      store<u32>(n, load<u32>(slot), 8);
      store<u32>(slot, <u32>n);
      n = next;
    }
  }
  if (oldB) opa_free(oldB);
  store<u32>(m, <u32>nb, 8);
  store<u32>(m, <u32>nbuckets, 12);
}

/**
 * A new map's first 8 buckets, zeroed by four stores here: most maps of a
 * decision (its sets and objects of a few entries) never grow past them,
 * and the first insert then makes no call but the allocation.
 */
// @ts-ignore: decorator
@inline function firstBuckets(m: usize): void {
  let b = opa_malloc(32);
  store<u64>(b, 0);
  store<u64>(b, 0, 8);
  store<u64>(b, 0, 16);
  store<u64>(b, 0, 24);
  store<u32>(m, 8, 8);
  store<u32>(m, <u32>b, 12);
}

/** Insert or overwrite; returns the node. */
export function mapPut(m: usize, key: usize, value: usize): usize {
  return mapPutHashed(m, key, value, keyHash(key));
}

/** mapPut with the key's hash known (e.g. a node's of another map: no rehashing when copying). */
export function mapPutHashed(m: usize, key: usize, value: usize, h: u32): usize {
  let n = mapFindHashed(m, key, h);
  if (n) {
    store<u32>(n, <u32>value, 4);
    return n;
  }
  return insertNew(m, key, value, h);
}

/** Insert unless an equal key is present (which keeps its value); returns the key's node. */
export function mapAddHashed(m: usize, key: usize, value: usize, h: u32): usize {
  let n = mapFindHashed(m, key, h);
  return n ? n : insertNew(m, key, value, h);
}

/** Links a node for a key known to be absent. */
export function insertNew(m: usize, key: usize, value: usize, h: u32): usize {
  let count = mapCount(m);
  let nb = <usize>load<u32>(m, 8);
  if (count >= nb) {
    if (nb == 0) firstBuckets(m);
    else rehash(m, nb << 1);
    nb = <usize>load<u32>(m, 8);
  }
  let n = alloc16();
  let slot = <usize>load<u32>(m, 12) + ((<usize>h & (nb - 1)) << 2);
  store<u32>(n, <u32>key);
  store<u32>(n, <u32>value, 4);
  store<u32>(n, load<u32>(slot), 8);
  store<u32>(n, h, 12);
  store<u32>(slot, <u32>n);
  store<u32>(m, <u32>(count + 1), 4);
  return n;
}

/** Unlink the node for `key`; returns it (caller may free key/value) or 0. */
export function mapRemove(m: usize, key: usize): usize {
  let nb = <usize>load<u32>(m, 8);
  if (nb == 0) return 0;
  let h = opa_value_hash(key);
  let link = <usize>load<u32>(m, 12) + ((<usize>h & (nb - 1)) << 2);
  let n = <usize>load<u32>(link);
  while (n != 0) {
    if (nodeHash(n) == h && opa_value_compare_eq(nodeKey(n), key)) {
      store<u32>(link, load<u32>(n, 8));
      store<u32>(m, <u32>(mapCount(m) - 1), 4);
      return n;
    }
    link = n + 8;
    n = nodeNext(n);
  }
  return 0;
}

/** First node in iteration order, or 0. */
export function opa_map_first(m: usize): usize {
  return firstFrom(m, 0);
}

function firstFrom(m: usize, bucket: usize): usize {
  let nb = <usize>load<u32>(m, 8);
  let b = <usize>load<u32>(m, 12);
  for (let i = bucket; i < nb; i++) {
    let n = <usize>load<u32>(b + (i << 2));
    if (n) return n;
  }
  return 0;
}

/** Node after `n` in iteration order, or 0. Valid while the map is not modified. */
export function opa_map_next(m: usize, n: usize): usize {
  let next = nodeNext(n);
  if (next) return next;
  let nb = <usize>load<u32>(m, 8);
  return firstFrom(m, (<usize>nodeHash(n) & (nb - 1)) + 1);
}

/** Free the node storage of a map (not keys/values). */
export function mapFreeStorage(m: usize): void {
  let nb = <usize>load<u32>(m, 8);
  let b = <usize>load<u32>(m, 12);
  for (let i: usize = 0; i < nb; i++) {
    let n = <usize>load<u32>(b + (i << 2));
    while (n != 0) {
      let next = nodeNext(n);
      opa_free(n);
      n = next;
    }
  }
  if (b) opa_free(b);
}

/** Collect the keys into a freshly allocated u32 array (caller frees). */
export function mapKeysArray(m: usize): usize {
  let count = mapCount(m);
  let out = opa_malloc(count << 2);
  let i: usize = 0;
  let n = opa_map_first(m);
  while (n != 0) {
    store<u32>(out + (i << 2), <u32>nodeKey(n));
    i++;
    n = opa_map_next(m, n);
  }
  return out;
}

/**
 * Hashes every key again (the hash key changed, see seed.ts) and relinks the
 * nodes into the map's own buckets: no allocation. Maps whose keys hold maps
 * must come after those.
 */
export function mapRehashKeys(m: usize): void {
  let nb = <usize>load<u32>(m, 8);
  let b = <usize>load<u32>(m, 12);
  // Every node into one list, the buckets emptied.
  let all: usize = 0;
  for (let i: usize = 0; i < nb; i++) {
    let n = <usize>load<u32>(b + (i << 2));
    while (n != 0) {
      let next = nodeNext(n);
      store<u32>(n, <u32>all, 8);
      all = n;
      n = next;
    }
    store<u32>(b + (i << 2), 0);
  }
  while (all != 0) {
    let next = nodeNext(all);
    let h = opa_value_hash(nodeKey(all));
    let slot = b + ((<usize>h & (nb - 1)) << 2);
    store<u32>(all, h, 12);
    store<u32>(all, load<u32>(slot), 8);
    store<u32>(slot, <u32>all);
    all = next;
  }
}
