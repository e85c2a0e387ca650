// Heap checker of the debug runtime (build.mjs --debug, CORDON_DEBUG=1).
// After every evaluation, cordon_eval and cordon_eval_value check
//  - every block the evaluation made (from its heap start to the heap top):
//    tag, size, and that the blocks tile the range exactly;
//  - the free lists and the stash: each entry a free block of its list's size
//    class, and every free block of the range on a list;
//  - the value graphs of the result, the input and the data: type tags,
//    layouts that fit their blocks, no pointer into a free block, arrays
//    within capacity, and for objects and sets bucket counts, each node in the
//    bucket of its hash, each cached hash equal to the key's hash now, no
//    duplicate keys and counts that match.
// A finding ends the evaluation through opa_abort with "heap check: <what> at
// <address>", so a fuzzer sees it as an error. The release build has none of
// this (the calls sit behind the CORDON_DEBUG constant).
import { opa_abort, msgBuf } from "./abi";
import {
  __cordon_heap_base, opa_heap_ptr_get, allocAtTop, freeListHead, stashListHead, classOf,
  HDR, TAG_USED, TAG_FREE, NSMALL, NLISTS, SMALL_MAX,
} from "./alloc";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, N_REF } from "./value";
import { opa_value_hash, opa_value_compare_eq } from "./compare";
import { hashBytes } from "./hash";
import { writeU64 } from "./number";

const msg = msgBuf;
let msgLen: usize = 0;

function put(s: string): void {
  for (let i = 0; i < s.length && msgLen < 200; i++) store<u8>(msg + msgLen++, <u8>s.charCodeAt(i));
}

function fail(what: string, addr: usize): void {
  msgLen = 0;
  put("heap check: ");
  put(what);
  put(" at ");
  msgLen += writeU64(msg + msgLen, <u64>addr);
  put(" (evaluation heap ");
  msgLen += writeU64(msg + msgLen, <u64>from);
  put("..");
  msgLen += writeU64(msg + msgLen, <u64>top);
  put(")");
  store<u8>(msg + msgLen, 0);
  opa_abort(msg);
  unreachable();
}

// The range being checked, and a bitmap of its block starts (one bit per
// 8 bytes) in a block above it.
let from: usize = 0;
let top: usize = 0;
let bitmap: usize = 0;
let budget: i32 = 0;
const MAX_VALUES: i32 = 200000;
const MAX_DEPTH: i32 = 1000;

function memEnd(): usize { return (<usize>memory.size()) << 16; }

function mark(p: usize): void {
  let i = (p - from) >> 3;
  let b = bitmap + (i >> 3);
  store<u8>(b, load<u8>(b) | (<u8>1 << <u8>(i & 7)));
}

function isBlockStart(p: usize): bool {
  if (p < from || p >= top || ((p - from) & 7) != 0) return false;
  let i = (p - from) >> 3;
  return (load<u8>(bitmap + (i >> 3)) & (<u8>1 << <u8>(i & 7))) != 0;
}

/** `need` bytes at `p` belong to one live value: in a used block when `p` is in the checked range. */
function live(p: usize, need: usize, what: string): void {
  if (p == 0 || p + need > memEnd() || p + need < p) fail(what, p);
  if (p < from) return; // static data, the data document, the input: laid out by others
  if (p >= top) fail(what, p);
  if (!isBlockStart(p)) fail(what, p);
  if (load<u32>(p - HDR, 4) != TAG_USED) fail(what, p);
  if (<usize>load<u32>(p - HDR) < need) fail(what, p);
}

/** Bytes in [p, p+n) lie in memory (no block check: a string may point into another value). */
function bytesIn(p: usize, n: usize, what: string): void {
  if (p + n > memEnd() || p + n < p) fail(what, p);
}

function checkBlocks(): i32 {
  let p = from;
  let free = 0;
  while (p < top) {
    if (p + HDR > top) fail("block header past the heap top", p);
    let size = <usize>load<u32>(p);
    let tag = load<u32>(p, 4);
    if (tag != TAG_USED && tag != TAG_FREE) fail("block with a bad tag", p);
    if (size == 0 || (size & 7) != 0 || p + HDR + size > top) fail("block with a bad size", p);
    mark(p + HDR);
    if (tag == TAG_FREE) free++;
    p += HDR + size;
  }
  return free;
}

function checkFreeLists(freeInRange: i32): void {
  let base = (__cordon_heap_base + 7) & ~<usize>7;
  let listed = 0;
  let limit = <i32>((top - base) >> 4) + 1;
  for (let c: usize = 0; c < NLISTS; c++) {
    let b = freeListHead(c);
    let steps = 0;
    while (b != 0) {
      if (++steps > limit) fail("free list with a cycle", b);
      if (b < base || b + HDR > top) fail("free-listed block outside the heap", b);
      if (load<u32>(b, 4) != TAG_FREE) fail("free-listed block not marked free", b);
      let size = <usize>load<u32>(b);
      let ok = c < NSMALL ? size == ((c + 1) << 3) : size > SMALL_MAX && <usize>classOf(size) == c - NSMALL;
      if (!ok) fail("free-listed block in the wrong size class", b);
      if (b + HDR >= from) {
        if (!isBlockStart(b + HDR)) fail("free-listed block that is not a block", b);
        listed++;
      }
      b = <usize>load<u32>(b + HDR);
    }
  }
  if (listed != freeInRange) fail("free blocks missing from the free lists", <usize>freeInRange);
  let b = stashListHead();
  let steps = 0;
  while (b != 0) {
    if (++steps > limit) fail("stash with a cycle", b);
    if (b < base || b + HDR > memEnd()) fail("stashed block outside the heap", b);
    if (load<u32>(b, 4) != TAG_FREE) fail("stashed block not marked free", b);
    if (b + HDR >= from && b < top) fail("stashed block inside the evaluation's heap", b);
    b = <usize>load<u32>(b + HDR);
  }
}

function checkMap(v: usize, depth: i32): void {
  let t = load<u8>(v);
  let count = <usize>load<u32>(v, 4);
  let nb = <usize>load<u32>(v, 8);
  let buckets = <usize>load<u32>(v, 12);
  if (nb == 0) {
    if (count != 0 || buckets != 0) fail("map without buckets but with elements", v);
    return;
  }
  if ((nb & (nb - 1)) != 0) fail("map bucket count not a power of two", v);
  if (count > nb) fail("map with more elements than buckets", v);
  live(buckets, nb << 2, "map buckets not a live block");
  let seen: usize = 0;
  for (let i: usize = 0; i < nb; i++) {
    let n = <usize>load<u32>(buckets + (i << 2));
    while (n != 0) {
      if (++seen > count) fail("map with more nodes than its count", v);
      live(n, 16, "map node not a live block");
      let key = <usize>load<u32>(n);
      let value = <usize>load<u32>(n, 4);
      let h = load<u32>(n, 12);
      if ((<usize>h & (nb - 1)) != i) fail("map node in the wrong bucket", n);
      if (key == 0) fail("map node without a key", n);
      if (t == T_SET ? value != 0 : value == 0) fail("map node value does not fit the map's type", n);
      checkValue(key, depth + 1);
      if (value != 0) checkValue(value, depth + 1);
      if (opa_value_hash(key) != h) fail("map node hash differs from its key's hash", n);
      let m = <usize>load<u32>(n, 8);
      while (m != 0 && seen < count) {
        if (load<u32>(m, 12) == h && opa_value_compare_eq(<usize>load<u32>(m), key)) fail("map with a duplicate key", m);
        m = <usize>load<u32>(m, 8);
      }
      n = <usize>load<u32>(n, 8);
    }
  }
  if (seen != count) fail("map count differs from its nodes", v);
}

function checkValue(v: usize, depth: i32): void {
  if (--budget < 0 || depth > MAX_DEPTH) return;
  live(v, 8, "value not in a live block");
  switch (load<u8>(v)) {
    case T_NULL: return;
    case T_BOOLEAN: {
      if (load<u32>(v, 4) > 1) fail("boolean neither true nor false", v);
      return;
    }
    case T_NUMBER: {
      live(v, 16, "number not in a live block");
      let repr = load<u8>(v, 1);
      if (repr < N_INT || repr > N_REF) fail("number with a bad representation", v);
      if (repr == N_REF) {
        let len = <usize>load<u32>(v, 4);
        let p = <usize>load<u32>(v, 8);
        if (len == 0) fail("number with empty text", v);
        if (p == v + 16) live(v, 16 + len, "number text past its block");
        else bytesIn(p, len, "number text outside memory");
      }
      return;
    }
    case T_STRING: {
      let hashed = load<u8>(v, 1);
      let room = load<u8>(v, 2);
      if (hashed > 1 || room > 1 || load<u8>(v, 3) != 0) fail("string with a bad hash flag", v);
      let head: usize = hashed || room ? 16 : 12;
      let len = <usize>load<u32>(v, 4);
      let p = <usize>load<u32>(v, 8);
      live(v, head, "string not in a live block");
      if (p == v + head) live(v, head + len, "string bytes past its block");
      else bytesIn(p, len, "string bytes outside memory");
      if (hashed && load<u32>(v, 12) != hashBytes(p, len)) fail("string's stored hash differs from its bytes'", v);
      return;
    }
    case T_ARRAY: {
      live(v, 16, "array not in a live block");
      let len = <usize>load<u32>(v, 4);
      let cap = <usize>load<u32>(v, 8);
      let elems = <usize>load<u32>(v, 12);
      if (len > cap) fail("array longer than its capacity", v);
      if (cap == 0) return;
      live(elems, cap << 2, "array elements not a live block");
      for (let i: usize = 0; i < len; i++) {
        let e = <usize>load<u32>(elems + (i << 2));
        if (e == 0) fail("array with an undefined element", v);
        checkValue(e, depth + 1);
      }
      return;
    }
    case T_OBJECT:
    case T_SET: {
      live(v, 16, "map not in a live block");
      checkMap(v, depth);
      return;
    }
  }
  fail("value with a bad type tag", v);
}

/**
 * Checks the blocks above `heapStart` (the evaluation's heap start), the free
 * lists, and the value graphs at `roots`/`n` (u32 pointers; 0 entries are
 * skipped). Aborts on the first finding; returns when all is well.
 */
export function cordon_heap_check(heapStart: usize, a: usize, b: usize, c: usize): void {
  from = (heapStart + 7) & ~<usize>7;
  top = opa_heap_ptr_get();
  if (from > top) from = top;
  // A block of its own at the top, so what the checks allocate (hashing a
  // float builds a decimal) lands above it, not in it.
  let bits = ((top - from) >> 3) + 8;
  let bytes = ((bits >> 3) + 15) & ~<usize>7;
  bitmap = allocAtTop(bytes);
  memory.fill(bitmap, 0, bytes);
  checkFreeLists(checkBlocks());
  budget = MAX_VALUES;
  if (a != 0) checkValue(a, 0);
  if (b != 0) checkValue(b, 0);
  if (c != 0) checkValue(c, 0);
}
