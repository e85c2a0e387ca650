// Allocator with OPA's heap semantics (ABI §2.3):
//  - a bump "heap top" that opa_heap_ptr_get/set read and move; moving it
//    forgets every block above it and empties the free lists;
//  - opa_free puts blocks on segregated free lists (exact sizes up to 256
//    bytes, power-of-two classes above);
//    freeing the block that ends at the heap top just lowers the top;
//  - opa_heap_blocks_stash/restore/clear (ABI 1.3) park the free lists.
// Block layout: [u32 size (payload bytes, multiple of 8)][u32 tag] payload...
import { abortWith } from "./abi";

/**
 * First usable heap address. Initialised to a 5-byte-LEB placeholder that
 * build.mjs patches to the end of the runtime's static data, and the linker
 * patches again to the end of the linked module's data. Exported (mutable) so
 * the optimiser cannot fold it.
 */
export let __cordon_heap_base: usize = 0x10000000;

export const HDR: usize = 8;
export const TAG_USED: u32 = 0x55534544; // "DESU"
export const TAG_FREE: u32 = 0x45455246; // "FREE"
// Free lists: 32 exact-size lists for payloads of 8..256 bytes (step 8), and
// 32 power-of-two classes for larger blocks. Small requests only reuse blocks
// of exactly their size (so repeated same-shape updates never fragment);
// large requests take the first fit and split.
export const NSMALL: usize = 32;
export const SMALL_MAX: usize = 256;
export const NLISTS: usize = 64;

// Allocation counters, the analogue of Go's allocs/op and B/op for `cordon
// test --bench`: every opa_malloc call and the payload bytes it handed out
// (rounded up to 8, headers not counted), plus each in-place growth by
// opa_realloc and its added bytes. They only grow; the host reads them before
// and after the evaluations it measures.
export let cordon_alloc_calls: u64 = 0;
export let cordon_alloc_bytes: u64 = 0;

let heapTop: usize = 0;
let smallMask: u32 = 0;
let largeMask: u32 = 0;
const freeHeads = memory.data(256); // NLISTS x u32
let stashHead: usize = 0;

// @ts-ignore: decorator
@inline function heapInit(): void {
  if (heapTop == 0) heapTop = (__cordon_heap_base + 15) & ~<usize>15;
}

// @ts-ignore: decorator
@inline export function classOf(size: usize): i32 {
  return 31 - <i32>clz<u32>(<u32>size);
}

// The memory's size in bytes when last looked at. Memory only grows (here or
// by the host), so an end below it fits without asking: the common case costs
// a compare instead of a call and a memory.size.
let memoryEnd: usize = 0;

// Grows by half the memory's size at least: a growth costs time in
// proportion to the memory's size (V8), so growing by what each block needs
// made parsing a large JSON document quadratic (6 MB: 7 s). When the maximum
// leaves no room for that much, it grows by what is needed.
// @ts-ignore: decorator
@inline function ensureMemory(end: usize): void {
  if (end > memoryEnd) growMemory(end);
}

function growMemory(end: usize): void {
  let have = (<usize>memory.size()) << 16;
  memoryEnd = have;
  if (end > have) {
    let pages = <i32>((end - have + 0xFFFF) >> 16);
    let ahead = max(pages, <i32>(memory.size() >> 1));
    if (!(ahead > pages && memory.grow(ahead) >= 0) && memory.grow(pages) < 0) abortWith("opa_malloc: failed");
    memoryEnd = (<usize>memory.size()) << 16;
  }
}

function pushFree(blk: usize, size: usize): void {
  let head: usize;
  if (size <= SMALL_MAX) {
    let i = (size >> 3) - 1;
    head = freeHeads + (i << 2);
    smallMask |= (<u32>1) << <u32>i;
  } else {
    let c = classOf(size);
    head = freeHeads + ((NSMALL + <usize>c) << 2);
    largeMask |= (<u32>1) << c;
  }
  store<u32>(blk, <u32>size);
  store<u32>(blk, TAG_FREE, 4);
  store<u32>(blk + HDR, load<u32>(head));
  store<u32>(head, <u32>blk);
}

function takeLarge(c: i32, size: usize, anyFit: bool): usize {
  let head = freeHeads + ((NSMALL + <usize>c) << 2);
  let prev: usize = head; // address of the link to update
  let blk = <usize>load<u32>(head);
  let steps = 0;
  while (blk != 0) {
    let bsize = <usize>load<u32>(blk);
    if (bsize >= size) {
      store<u32>(prev, load<u32>(blk + HDR));
      if (load<u32>(head) == 0) largeMask &= ~((<u32>1) << c);
      let rest = bsize - size;
      if (rest >= 64) {
        store<u32>(blk, <u32>size);
        pushFree(blk + HDR + size, rest - HDR);
      }
      store<u32>(blk, TAG_USED, 4);
      return blk + HDR;
    }
    if (!anyFit && ++steps > 8) break;
    prev = blk + HDR;
    blk = <usize>load<u32>(prev);
  }
  return 0;
}

export function opa_malloc(size: usize): usize {
  heapInit();
  if (size > 0x7FFF0000) abortWith("opa_malloc: failed");
  size = (size + 7) & ~<usize>7;
  if (size == 0) size = 8;
  cordon_alloc_calls++;
  cordon_alloc_bytes += <u64>size;
  if (size <= SMALL_MAX) {
    let i = (size >> 3) - 1;
    if (smallMask & ((<u32>1) << <u32>i)) {
      let head = freeHeads + (i << 2);
      let blk = <usize>load<u32>(head);
      let next = load<u32>(blk + HDR);
      store<u32>(head, next);
      if (next == 0) smallMask &= ~((<u32>1) << <u32>i);
      store<u32>(blk, TAG_USED, 4);
      return blk + HDR;
    }
  } else if (largeMask != 0) {
    let c = classOf(size);
    if (largeMask & ((<u32>1) << c)) {
      let p = takeLarge(c, size, false);
      if (p) return p;
    }
    let higher = c < 31 ? largeMask & ~(((<u32>2) << c) - 1) : 0;
    if (higher) {
      let p = takeLarge(<i32>ctz<u32>(higher), size, true);
      if (p) return p;
    }
  }
  return allocAtTop(size);
}

/**
 * opa_malloc(16) inlined, for the runtime's most frequent blocks (a map's
 * header and each of its nodes, an array's header): a block
 * from the top when no freed block of that size waits and the memory holds
 * it, else the call. The blocks and counts are opa_malloc's.
 */
// @ts-ignore: decorator
@inline export function alloc16(): usize {
  let blk = (heapTop + 7) & ~<usize>7;
  let end = blk + HDR + 16;
  if (heapTop == 0 || (smallMask & 2) != 0 || end > memoryEnd) return opa_malloc(16);
  cordon_alloc_calls++;
  cordon_alloc_bytes += 16;
  heapTop = end;
  store<u32>(blk, 16);
  store<u32>(blk, TAG_USED, 4);
  return blk + HDR;
}

/** A new block at the heap top, never from a free list; `size` is a multiple of 8. */
export function allocAtTop(size: usize): usize {
  heapInit();
  // the host may set an unaligned heap top (opa_eval's heap address is just
  // past the input bytes): keep every block 8-byte aligned
  let blk = (heapTop + 7) & ~<usize>7;
  let end = blk + HDR + size;
  ensureMemory(end);
  heapTop = end;
  store<u32>(blk, <u32>size);
  store<u32>(blk, TAG_USED, 4);
  return blk + HDR;
}

export function opa_free(ptr: usize): void {
  if (ptr == 0) abortWith("opa_free: null pointer");
  let blk = ptr - HDR;
  if (load<u32>(blk, 4) != TAG_USED) abortWith("opa_free: double free");
  let size = <usize>load<u32>(blk);
  // Debug build (build.mjs --debug): poison the payload, so a value read after
  // its block was freed is garbage the heap checker reports, not a quiet reuse.
  // @ts-ignore: defined by asc --use
  if (CORDON_DEBUG) memory.fill(ptr, 0xDB, size);
  if (ptr + size == heapTop) {
    store<u32>(blk, TAG_FREE, 4);
    heapTop = blk;
    return;
  }
  pushFree(blk, size);
}

/** Size of an allocated block's payload. */
// @ts-ignore: decorator
@inline export function blockSize(ptr: usize): usize {
  return <usize>load<u32>(ptr - HDR);
}

/** Grow (or keep) an allocation; copies when it cannot extend in place. */
export function opa_realloc(ptr: usize, size: usize): usize {
  if (ptr == 0) return opa_malloc(size);
  let old = blockSize(ptr);
  if (size <= old) return ptr;
  size = (size + 7) & ~<usize>7;
  if (ptr + old == heapTop) {
    cordon_alloc_calls++;
    cordon_alloc_bytes += <u64>(size - old);
    ensureMemory(ptr + size);
    store<u32>(ptr - HDR, <u32>size);
    heapTop = ptr + size;
    return ptr;
  }
  let np = opa_malloc(size);
  memory.copy(np, ptr, old);
  opa_free(ptr);
  return np;
}

export function opa_heap_ptr_get(): usize {
  heapInit();
  return heapTop;
}

export function opa_heap_ptr_set(ptr: usize): void {
  heapTop = ptr;
  // Only the lists whose bit is set hold blocks (pushFree sets it, taking the
  // last block clears it): they alone are emptied, instead of a 256-byte fill
  // at every evaluation's start, where usually none is set.
  emptyLists(smallMask, 0);
  emptyLists(largeMask, NSMALL);
  smallMask = 0;
  largeMask = 0;
}

/** Empties the free lists `first + i` for each bit `i` set in `mask`. */
// @ts-ignore: decorator
@inline function emptyLists(mask: u32, first: usize): void {
  while (mask != 0) {
    store<u32>(freeHeads + ((first + <usize>ctz<u32>(mask)) << 2), 0);
    mask &= mask - 1;
  }
}

/** Is `ptr` below the heap base, i.e. static data that is never freed? */
// @ts-ignore: decorator
@inline export function isStatic(ptr: usize): bool {
  return ptr < __cordon_heap_base;
}

/** Head of free list `c` (heap checker). */
export function freeListHead(c: usize): usize {
  return <usize>load<u32>(freeHeads + (c << 2));
}

/** Head of the stashed blocks (heap checker). */
export function stashListHead(): usize {
  return stashHead;
}

export function opa_heap_blocks_stash(): void {
  for (let c: usize = 0; c < NLISTS; c++) {
    let head = freeHeads + (c << 2);
    let blk = <usize>load<u32>(head);
    while (blk != 0) {
      let next = <usize>load<u32>(blk + HDR);
      store<u32>(blk + HDR, <u32>stashHead);
      stashHead = blk;
      blk = next;
    }
    store<u32>(head, 0);
  }
  smallMask = 0;
  largeMask = 0;
}

export function opa_heap_blocks_restore(): void {
  let blk = stashHead;
  while (blk != 0) {
    let next = <usize>load<u32>(blk + HDR);
    pushFree(blk, <usize>load<u32>(blk));
    blk = next;
  }
  stashHead = 0;
}

export function opa_heap_stash_clear(): void {
  stashHead = 0;
}
