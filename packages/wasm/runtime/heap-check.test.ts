import { describe, expect, it } from 'vitest'
import { debugRuntime } from './debug-runtime'
import { load, Abort } from './harness'

const debug = new WebAssembly.Module(debugRuntime().bytes as BufferSource)

/** A debug runtime, the heap start of a check, and a helper that runs the check. */
function setup() {
  const rt = load({ module: debug })
  const start = rt.x.opa_heap_ptr_get()
  const check = (...roots: number[]) => {
    const [a = 0, b = 0, c = 0] = roots
    rt.x.cordon_heap_check(start, a, b, c)
  }
  const u32 = () => new DataView(rt.memory.buffer)
  return { rt, start, check, u32 }
}

/** An object of n sprintf-built keys, grown through several rehashes. */
function bigObject(rt: ReturnType<typeof load>, n: number): number {
  const o = rt.x.opa_object()
  const fmt = rt.str('key-%s-%d')
  for (let i = 0; i < n; i++) {
    const k = rt.x.cordon_sprintf(fmt, rt.term(`["x", ${i}]`))
    rt.x.opa_object_insert(o, k, rt.term(`{${i}}`))
  }
  return o
}

describe('heap checker of the debug runtime (issue 15)', () => {
  it('passes a healthy heap: grown objects, sets, arrays, freed blocks, numbers of every form', () => {
    const { rt, check } = setup()
    const o = bigObject(rt, 40)
    const s = rt.term('{1, 2.5, 12345678901234567890123, "a", [1], {"k": set()}}')
    const a = rt.x.opa_array()
    for (let i = 0; i < 33; i++) rt.x.opa_array_append(a, rt.x.opa_number_int(BigInt(i)))
    const u = rt.x.builtin_object_union_n(rt.term('[{"a": {"b": 1}}, {"a": {"c": 2}}, {"d": 3}]'))
    rt.x.opa_free(rt.x.opa_malloc(100))
    rt.x.opa_malloc(8)
    expect(() => check(o, s, a)).not.toThrow()
    expect(() => check(u)).not.toThrow()
  })

  it('finds a node whose cached hash no longer matches its key', () => {
    const { rt, check, u32 } = setup()
    const o = bigObject(rt, 12)
    const node = rt.x.opa_map_first(o)
    u32().setUint32(node + 12, u32().getUint32(node + 12, true) ^ 0x100, true)
    expect(() => check(o)).toThrow(/heap check: map node (hash differs|in the wrong bucket)/)
  })

  it('finds a string whose bytes changed under its key node (mutated key)', () => {
    const { rt, check, u32 } = setup()
    const o = bigObject(rt, 12)
    const key = u32().getUint32(rt.x.opa_map_first(o), true)
    const bytes = u32().getUint32(key + 8, true)
    new Uint8Array(rt.memory.buffer)[bytes] ^= 1
    // The key kept its hash when it was inserted (value.ts): its own check sees the change first;
    expect(() => check(o)).toThrow(/heap check: string's stored hash differs from its bytes'/)
    // without it (byte 1 clear), its node's stored hash does.
    new Uint8Array(rt.memory.buffer)[key + 1] = 0
    expect(() => check(o)).toThrow(/heap check: map node hash differs from its key's hash/)
  })

  it('finds a value that points into a freed block', () => {
    const { rt, check } = setup()
    const s = rt.str('freed too early')
    const arr = rt.x.opa_array()
    rt.x.opa_array_append(arr, s)
    rt.x.opa_malloc(8)
    rt.x.opa_free(s)
    expect(() => check(arr)).toThrow(/heap check: value not in a live block/)
  })

  it('finds a block header overwritten by a neighbour', () => {
    const { rt, check, u32 } = setup()
    const s = rt.str('0123456789')
    const next = rt.x.opa_number_int(5n)
    u32().setUint32(next - 8, 0x30303030, true) // what an overrun of s would write
    expect(() => check(s)).toThrow(/heap check: block with a bad (size|tag)/)
  })

  it('finds a free-listed block that was handed out again', () => {
    const { rt, check, u32 } = setup()
    const p = rt.x.opa_malloc(48)
    rt.x.opa_malloc(8)
    rt.x.opa_free(p)
    u32().setUint32(p - 4, 0x55534544, true) // tagged used while on the free list
    expect(() => check()).toThrow(/heap check: free-listed block not marked free/)
  })

  it('runs after every evaluation: a broken input ends cordon_eval_value with the finding', () => {
    const { rt, u32 } = setup()
    const input = bigObject(rt, 9)
    const heap = rt.x.opa_heap_ptr_get()
    expect(() => rt.x.cordon_eval_value(0, 0, input, heap)).not.toThrow()
    u32().setUint32(input + 4, 3, true) // count no longer matches the nodes
    expect(() => rt.x.cordon_eval_value(0, 0, input, heap)).toThrow(Abort)
    expect(() => rt.x.cordon_eval_value(0, 0, input, heap)).toThrow(
      /heap check: map (with more nodes than its count|count differs)/,
    )
  })
})
