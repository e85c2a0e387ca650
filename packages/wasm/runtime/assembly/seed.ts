// Seeding an instance's hash (issue 14.7): the generated code's export
// `cordon_hash_seed(k0, k1)` calls cordon_reseed with its tables of static
// values whose layout depends on the hash. The host calls it once, right
// after instantiation, before any value is built.
import { setHashKey, hashBytes } from "./hash";
import { mapRehashKeys } from "./map";
import { arrGet, arrLen, strLen, strPtr } from "./value";

/**
 * Sets the hash key, then rehashes the static strings (an array value of
 * them; those with a stored hash, byte 1 set, get it anew at offset 12) and
 * relinks the static objects and sets (an array value of them, a map's keys
 * before the map). 0 for an absent table.
 */
export function cordon_reseed(k0: u32, k1: u32, strings: usize, maps: usize): void {
  setHashKey(k0, k1);
  if (strings != 0) {
    let n = arrLen(strings);
    for (let i: usize = 0; i < n; i++) {
      let s = arrGet(strings, i);
      if (load<u8>(s, 1) != 0) store<u32>(s, hashBytes(strPtr(s), strLen(s)), 12);
    }
  }
  if (maps != 0) {
    let n = arrLen(maps);
    for (let i: usize = 0; i < n; i++) mapRehashKeys(arrGet(maps, i));
  }
}
