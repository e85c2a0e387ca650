/**
 * Reads a host builtin's argument straight out of a Cordon module's linear
 * memory (packages/wasm/runtime/VALUES.md) into the builtins' value model —
 * exactly the Value that `parseTermText(opa_value_dump(v))` gives, without
 * the term text in between (a profile of json.match_schema on a 103 KB input
 * spent 30% of the decision dumping and re-parsing it).
 *
 * What it cannot read exactly throws {@link NotDirect} and the caller takes
 * the text path: nesting beyond the text reader's limit, decimal text outside
 * the term grammar, strings that are not valid UTF-8, colliding keys. A float
 * is read through the runtime's own number text (`floatText`): its dtoa is
 * not always JS's shortest form, and the text decides the Value's type.
 */

import { normalizeInteger, numberFromText, RegoObject, RegoSet, type Value } from '@cordon/builtins/core'
import { LayoutReader } from './read-layout.js'
import { LITTLE_ENDIAN, N_FLOAT, T_SET } from './value-layout.js'

/** The value needs the text path (see the module comment). */
export class NotDirect extends Error {}

/** parseTermText's nesting limit: deeper values fail there, so they take the text path here. */
const MAX_DEPTH = 1000
/** parseTermText's number grammar. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/
const decoder = new TextDecoder()

export class TermReader extends LayoutReader<Value> {
  /** @param floatText the runtime's text of the float number value at an address (it may grow memory) */
  constructor(
    memory: WebAssembly.Memory,
    private readonly floatText: (addr: number) => string,
  ) {
    super(memory)
  }

  /** The Value of the runtime value at `addr` (not 0). Throws NotDirect. */
  read(addr: number): Value {
    if (!LITTLE_ENDIAN) throw new NotDirect('a big-endian platform')
    this.refresh()
    return this.value(addr, 0)
  }

  protected override readonly maxDepth = MAX_DEPTH

  protected tooDeep(): Error {
    return new NotDirect('nested too deeply')
  }

  protected bigInteger(n: bigint): Value {
    // The text path keeps integers beyond ±(2^53-1) as bigints.
    return normalizeInteger(n)
  }

  protected decimal(v: number): Value {
    let text: string
    if (this.bytes[v + 1] === N_FLOAT) {
      text = this.floatText(v)
      this.refresh()
    } else text = this.string(this.u32[(v + 8) >> 2]!, this.u32[(v + 4) >> 2]!)
    if (!NUMBER_TEXT.test(text)) throw new NotDirect(`number text ${JSON.stringify(text)}`)
    return numberFromText(text)
  }

  protected string(ptr: number, len: number): string {
    const bytes = this.bytes
    if (len <= 64) {
      let s = ''
      let i = ptr
      for (; i < ptr + len && bytes[i]! < 0x80; i++) s += String.fromCharCode(bytes[i]!)
      if (i === ptr + len) return s
    }
    const s = decoder.decode(bytes.subarray(ptr, ptr + len))
    // Invalid UTF-8: the replacement the text path makes depends on the bytes around it.
    if (s.includes('\ufffd')) throw new NotDirect('a string that is not valid UTF-8')
    return s
  }

  protected object(v: number, depth: number): RegoObject {
    return this.collection(v, depth) as RegoObject
  }

  protected set(v: number, depth: number): RegoSet {
    return this.collection(v, depth) as RegoSet
  }

  /** An object or set; equal elements the text path would merge take the text path. */
  private collection(v: number, depth: number): RegoObject | RegoSet {
    const isSet = this.bytes[v] === T_SET
    const count = this.u32[(v + 4) >> 2]!
    const nb = this.u32[(v + 8) >> 2]!
    const buckets = this.u32[(v + 12) >> 2]!
    const out = isSet ? new RegoSet() : new RegoObject()
    for (let b = 0; b < nb; b++) {
      for (let n = this.u32[(buckets + 4 * b) >> 2]!; n !== 0; n = this.u32[(n + 8) >> 2]!) {
        // Values read may call the runtime (floats) and grow memory: read the node's fields first.
        const k = this.u32[n >> 2]!
        const x = this.u32[(n + 4) >> 2]!
        const key = this.value(k, depth + 1)
        if (isSet) (out as RegoSet).add(key)
        else (out as RegoObject).set(key, this.value(x, depth + 1))
      }
    }
    if (out.size !== count) throw new NotDirect('elements that are equal as Values')
    return out
  }
}
