// Test harness: loads the built runtime.wasm with plain WebAssembly.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const libDir = new URL('../src/runtime-lib/', import.meta.url)
const runtimeBytes = readFileSync(fileURLToPath(new URL('runtime.wasm', libDir)))
export const runtimeJson = JSON.parse(readFileSync(fileURLToPath(new URL('runtime.json', libDir)), 'utf8'))

export class Abort extends Error {}

export interface Runtime {
  memory: WebAssembly.Memory
  x: Record<string, any>
  /** copy UTF-8 text into a fresh opa_malloc block: [addr, len] */
  put(text: string): [number, number]
  parse(json: string): number
  /** parse, then opa_free the text buffer (what a careful host does) */
  parseFree(json: string): number
  vparse(text: string): number
  dump(v: number): string
  vdump(v: number): string
  /** A Rego term as a value; a term the runtime cannot parse is a test error. */
  term(text: string): number
  /** A value as Rego term text, or `'undefined'` for 0. */
  show(v: number): string
  /** Calls runtime export `name` with the arguments written as Rego terms; shows the result. */
  call(name: string, ...args: string[]): string
  cstr(addr: number): string
  str(s: string): number
  num(n: number | bigint | string): number
  builtinCalls: unknown[][]
}

const module = new WebAssembly.Module(runtimeBytes)

export function load(
  opts: { initialPages?: number; builtin?: (id: number, args: number[]) => number; module?: WebAssembly.Module } = {},
): Runtime {
  const memory = new WebAssembly.Memory({ initial: opts.initialPages ?? 5 })
  const enc = new TextEncoder()
  const dec = new TextDecoder()
  const cstr = (addr: number) => {
    const b = new Uint8Array(memory.buffer)
    let e = addr
    while (b[e] !== 0) e++
    return dec.decode(b.subarray(addr, e))
  }
  const builtinCalls: unknown[][] = []
  const builtin = (id: number, ...args: number[]) => {
    builtinCalls.push([id, ...args])
    return opts.builtin ? opts.builtin(id, args) : 0
  }
  const inst = new WebAssembly.Instance(opts.module ?? module, {
    env: {
      memory,
      opa_abort: (addr: number) => {
        throw new Abort(cstr(addr))
      },
      opa_println: (addr: number) => {
        console.log(cstr(addr))
      },
      opa_builtin0: (id: number, _ctx: number) => builtin(id),
      opa_builtin1: (id: number, _ctx: number, a: number) => builtin(id, a),
      opa_builtin2: (id: number, _ctx: number, a: number, b: number) => builtin(id, a, b),
      opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => builtin(id, a, b, c),
      opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) => builtin(id, a, b, c, d),
    },
  })
  const x = inst.exports as Record<string, any>
  const put = (text: string): [number, number] => {
    const bytes = enc.encode(text)
    const addr = x.opa_malloc(bytes.length)
    new Uint8Array(memory.buffer).set(bytes, addr)
    return [addr, bytes.length]
  }
  const rt: Runtime = {
    memory,
    x,
    put,
    cstr,
    builtinCalls,
    parse: (json) => x.opa_json_parse(...put(json)),
    parseFree: (json) => {
      const [a, n] = put(json)
      const v = x.opa_json_parse(a, n)
      x.opa_free(a)
      return v
    },
    vparse: (text) => x.opa_value_parse(...put(text)),
    dump: (v) => cstr(x.opa_json_dump(v)),
    vdump: (v) => cstr(x.opa_value_dump(v)),
    term: (text) => {
      const p = rt.vparse(text)
      if (!p) throw new Error(`bad test term ${text}`)
      return p
    },
    show: (v) => (v === 0 ? 'undefined' : rt.vdump(v)),
    call: (name, ...args) => rt.show(x[name](...args.map(rt.term))),
    str: (s) => {
      const [a, n] = put(s)
      return x.opa_string(a, n)
    },
    num: (n) => {
      if (typeof n === 'bigint') return x.opa_number_int(n)
      if (typeof n === 'string') return x.opa_number_ref(...put(n))
      return Number.isInteger(n) ? x.opa_number_int(BigInt(n)) : x.opa_number_float(n)
    },
  }
  return rt
}
