/**
 * Constant values (`Policy.values`, docs/adr/0004-constant-values.md) →
 * static runtime values in the data segment, with the layouts of
 * runtime/VALUES.md. An evaluation pays nothing for them: an operand is an
 * `i32.const` address, and the runtime never frees or mutates a value below
 * the heap base.
 *
 * Objects and sets are hash maps whose bucket placement depends on the
 * runtime's own hash of each key (numbers hash by canonical decimal, so
 * `1 == 1.0`). Rather than re-implement that, each constant is first built
 * by a build-time instance of the very runtime the module links
 * (`opa_object_insert`, `opa_set_add`: duplicates collapse exactly as at run
 * time), then its graph is copied out of that instance's memory with
 * pointers relocated to the data segment. Hashes, bucket counts and chain
 * order are kept as the runtime made them (under hash key 0; a seeded
 * instance rehashes them, see `maps`).
 */
import type { ConstValue } from '@cordon/rego'
import type { ModuleLinker } from '../binary/index.js'
import type { RuntimeLibrary } from './runtime-lib.js'
import type { StaticData } from './strings.js'

const T = { null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, set: 7 } as const
const N_INT = 1
const N_FLOAT = 2
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

// The runtime's exports take and return i32 addresses; callers know each one's shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Exports = Record<string, (...args: any[]) => any>

/** The build-time runtime instance (one per runtime library, made on first use). */
class BuildRuntime {
  readonly x: Exports
  readonly memory: WebAssembly.Memory
  private readonly base: number

  constructor(lib: RuntimeLibrary) {
    const memImport = lib.info.imports.find((i) => i.kind === 'memory') as { min?: number } | undefined
    this.memory = new WebAssembly.Memory({ initial: memImport?.min ?? 1 })
    const env: Record<string, unknown> = { memory: this.memory }
    for (const imp of lib.info.imports) {
      if (imp.kind !== 'func') continue
      env[imp.name] = () => {
        throw new Error(`building a constant called the host (${imp.name})`)
      }
    }
    const inst = new WebAssembly.Instance(new WebAssembly.Module(lib.bytes as BufferSource), {
      env,
    } as WebAssembly.Imports)
    this.x = inst.exports as unknown as Exports
    this.base = this.x.opa_heap_ptr_get!()
  }

  /** Forgets every value built so far. */
  reset(): void {
    this.x.opa_heap_ptr_set!(this.base)
  }

  private bytes(b: Uint8Array): number {
    const p = this.x.opa_malloc!(b.length)
    new Uint8Array(this.memory.buffer).set(b, p)
    return p
  }

  /** Builds `v` in the instance; returns its address there. */
  build(v: ConstValue): number {
    const x = this.x
    switch (v.type) {
      case 'null':
        return x.opa_null!()
      case 'boolean':
        return x.opa_boolean!(v.value ? 1 : 0)
      case 'number': {
        const b = utf8.encode(v.text)
        const r = x.opa_number_ref!(this.bytes(b), b.length)
        if (!r) throw new Error(`constant number ${v.text} is not a number`)
        return r
      }
      case 'string': {
        const b = utf8.encode(v.value)
        return x.opa_string!(this.bytes(b), b.length)
      }
      case 'array': {
        const a = x.opa_array_with_cap!(v.items.length)
        for (const item of v.items) x.opa_array_append!(a, this.build(item))
        return a
      }
      case 'set': {
        const s = x.opa_set!()
        for (const item of v.items) x.opa_set_add!(s, this.build(item))
        return s
      }
      case 'object': {
        const o = x.opa_object!()
        for (const [k, item] of v.entries) x.opa_object_insert!(o, this.build(k), this.build(item))
        return o
      }
    }
  }
}

/** The strings in `values` (strings, and the keys and items of composites), so they can be laid out with the policy's. */
export function constValueStrings(values: readonly ConstValue[]): string[] {
  const out: string[] = []
  const walk = (v: ConstValue): void => {
    switch (v.type) {
      case 'string':
        out.push(v.value)
        break
      case 'array':
      case 'set':
        v.items.forEach(walk)
        break
      case 'object':
        for (const [k, x] of v.entries) {
          walk(k)
          walk(x)
        }
        break
    }
  }
  values.forEach(walk)
  return out
}

const runtimes = new WeakMap<RuntimeLibrary, BuildRuntime>()

/** Lays constant values out as static data; `address(i)` is constant i's value pointer. */
export class ConstValues {
  private readonly addrs: number[] = []
  /** The element addresses of each static array, by its address. */
  private readonly arrayItems = new Map<number, number[]>()
  /** The static objects and sets, each after those among its keys (what `cordon_reseed` rehashes, in order). */
  readonly maps: number[] = []
  private readonly rt: BuildRuntime

  constructor(
    private readonly linker: ModuleLinker,
    private readonly data: StaticData,
    lib: RuntimeLibrary,
  ) {
    let rt = runtimes.get(lib)
    if (!rt) runtimes.set(lib, (rt = new BuildRuntime(lib)))
    this.rt = rt
  }

  /** Lays out every constant, in index order. */
  addAll(values: readonly ConstValue[]): void {
    for (const v of values) {
      try {
        this.addrs.push(this.copy(this.rt.build(v)))
      } finally {
        this.rt.reset()
      }
    }
  }

  address(index: number): number {
    const a = this.addrs[index]
    if (a === undefined) throw new Error(`IR refers to constant value ${index}, the policy has ${this.addrs.length}`)
    return a
  }

  /** The static addresses of the elements of constant `index`, when it is an array. */
  elements(index: number): number[] | undefined {
    return this.arrayItems.get(this.address(index))
  }

  /** Copies the value at `p` in the build-time instance into static data; returns its address. */
  private copy(p: number): number {
    const view = new DataView(this.rt.memory.buffer)
    const u32 = (at: number) => view.getUint32(at, true)
    switch (view.getUint8(p)) {
      case T.null:
        return this.data.nullValue()
      case T.boolean:
        return this.data.boolValue(u32(p + 4) !== 0)
      case T.number: {
        const repr = view.getUint8(p + 1)
        const text =
          repr === N_INT
            ? String(view.getBigInt64(p + 8, true))
            : repr === N_FLOAT
              ? String(view.getFloat64(p + 8, true))
              : fromUtf8.decode(new Uint8Array(this.rt.memory.buffer, u32(p + 8), u32(p + 4)))
        const addr = this.data.numberValue(text)
        if (addr === undefined) throw new Error(`constant number ${text} has no static form`)
        return addr
      }
      case T.string:
        return this.data.stringValue(
          fromUtf8.decode(new Uint8Array(this.rt.memory.buffer, u32(p + 8), u32(p + 4)).slice()),
        )
      case T.array: {
        const n = u32(p + 4)
        const elems = u32(p + 12)
        const items: number[] = []
        for (let i = 0; i < n; i++) items.push(this.copy(u32(elems + 4 * i)))
        const addr = this.place(16 + 4 * n, (buf, at) => {
          header(buf, T.array, n, n, at + 16)
          items.forEach((a, i) => buf.setUint32(16 + 4 * i, a, true))
        })
        this.arrayItems.set(addr, items)
        return addr
      }
      case T.object:
      case T.set:
        return this.copyMap(p, view.getUint8(p))
      default:
        throw new Error(`constant value of unknown type ${view.getUint8(p)}`)
    }
  }

  /** An object or set: the same buckets, chains and hashes, relocated. */
  private copyMap(p: number, tag: number): number {
    const mem = () => new DataView(this.rt.memory.buffer)
    const count = mem().getUint32(p + 4, true)
    const nb = mem().getUint32(p + 8, true)
    const buckets = mem().getUint32(p + 12, true)
    // Per bucket, the chain of [key, value, hash] in chain order.
    const chains: [number, number, number][][] = []
    for (let b = 0; b < nb; b++) {
      const chain: [number, number, number][] = []
      for (let n = mem().getUint32(buckets + 4 * b, true); n !== 0; n = mem().getUint32(n + 8, true)) {
        const key = this.copy(mem().getUint32(n, true))
        const value = tag === T.set ? 0 : this.copy(mem().getUint32(n + 4, true))
        chain.push([key, value, mem().getUint32(n + 12, true)])
      }
      chains.push(chain)
    }
    const nodesAt = 16 + 4 * nb
    const addr = this.place(nodesAt + 16 * count, (buf, at) => {
      header(buf, tag, count, nb, nb === 0 ? 0 : at + 16)
      let node = nodesAt
      chains.forEach((chain, b) => {
        chain.forEach(([key, value, hash], i) => {
          if (i === 0) buf.setUint32(16 + 4 * b, at + node, true)
          buf.setUint32(node, key, true)
          buf.setUint32(node + 4, value, true)
          buf.setUint32(node + 8, i + 1 < chain.length ? at + node + 16 : 0, true)
          buf.setUint32(node + 12, hash, true)
          node += 16
        })
      })
      if (node !== nodesAt + 16 * count)
        throw new Error(`constant map holds ${(node - nodesAt) / 16} nodes, its count is ${count}`)
    })
    // Its keys and values were copied (and listed) first.
    this.maps.push(addr)
    return addr
  }

  /** Adds `size` bytes, 8-aligned, filled by `fill` given the address they will have. */
  private place(size: number, fill: (buf: DataView, at: number) => void): number {
    const bytes = new Uint8Array(size)
    const at = Math.ceil(this.linker.dataEnd / 8) * 8
    fill(new DataView(bytes.buffer), at)
    const addr = this.linker.addData(bytes, 8)
    if (addr !== at) throw new Error(`ConstValues: value placed at ${addr}, expected ${at}`)
    return addr
  }
}

function header(buf: DataView, tag: number, a: number, b: number, ptr: number): void {
  buf.setUint8(0, tag)
  buf.setUint32(4, a, true)
  buf.setUint32(8, b, true)
  buf.setUint32(12, ptr, true)
}
