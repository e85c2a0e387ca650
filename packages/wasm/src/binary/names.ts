/**
 * The `name` custom section: function and local names for debuggers and stack
 * traces. Engines ignore a malformed one, so {@link parseNameSection} returns
 * undefined instead of throwing and the reader keeps such a section as raw
 * bytes.
 */
import { ByteReader, ByteWriter } from './bytes.js'
import type { NameSection } from './types.js'

const MODULE = 0
const FUNCTIONS = 1
const LOCALS = 2

function readNameMap(r: ByteReader): Map<number, string> {
  const map = new Map<number, string>()
  const n = r.count('name map', 2)
  for (let i = 0; i < n; i++) {
    const index = r.u32('index')
    map.set(index, r.name())
  }
  return map
}

/** Decodes the content of a `name` section (the bytes after the section's own name). */
export function parseNameSection(bytes: Uint8Array): NameSection | undefined {
  const names: NameSection = { functions: new Map(), locals: new Map(), other: [] }
  try {
    const r = new ByteReader(bytes)
    while (!r.done) {
      const id = r.u8('name subsection id')
      const size = r.u32('name subsection size')
      const sub = new ByteReader(bytes, r.pos, r.pos + size)
      r.skip(size, 'name subsection')
      if (id === MODULE) {
        names.moduleName = sub.name()
      } else if (id === FUNCTIONS) {
        names.functions = readNameMap(sub)
      } else if (id === LOCALS) {
        const n = sub.count('local name map', 2)
        for (let i = 0; i < n; i++) {
          const func = sub.u32('function index')
          names.locals.set(func, readNameMap(sub))
        }
      } else {
        names.other.push([id, sub.bytes.subarray(sub.pos, sub.end)])
        sub.pos = sub.end
      }
      if (!sub.done) return undefined
    }
    return names
  } catch {
    return undefined
  }
}

/** Keys in increasing order, as the spec wants; maps are usually in order already. */
function sortedKeys(map: Map<number, unknown>): number[] {
  const keys = [...map.keys()]
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort((a, b) => a - b)
  }
  return keys
}

function writeNameMap(w: ByteWriter, map: Map<number, string>): void {
  const keys = sortedKeys(map)
  w.u32(keys.length)
  for (const k of keys) w.u32(k).name(map.get(k)!)
}

/** Encodes a {@link NameSection} as the content of a `name` custom section. */
export function encodeNameSection(names: NameSection): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter(256 + names.functions.size * 24)
  const sub = new ByteWriter(256 + names.functions.size * 24)
  const flush = (id: number) => {
    out.u8(id).sized(sub)
    sub.clear()
  }
  if (names.moduleName !== undefined) {
    sub.name(names.moduleName)
    flush(MODULE)
  }
  if (names.functions.size > 0) {
    writeNameMap(sub, names.functions)
    flush(FUNCTIONS)
  }
  if (names.locals.size > 0) {
    const funcs = sortedKeys(names.locals)
    sub.u32(funcs.length)
    for (const f of funcs) writeNameMap(sub.u32(f), names.locals.get(f)!)
    flush(LOCALS)
  }
  for (const [id, bytes] of names.other) out.u8(id).u32(bytes.length).bytes(bytes)
  return out.toBytes()
}
