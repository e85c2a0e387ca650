import { describe, expect, it } from 'vitest'
import { ByteWriter } from './bytes.js'
import { readModule } from './reader.js'
import { instantiate, toText, validate, wat } from './testing.js'
import { emptyModule, ExternalKind, SectionId } from './types.js'
import { writeModule } from './writer.js'

type Exports = Record<string, any>

interface Case {
  note: string
  wat: string
  names?: boolean
  imports?: () => WebAssembly.Imports
  check?: (e: Exports) => void
}

const cases: Case[] = [
  { note: 'empty module', wat: '(module)' },
  {
    note: 'functions, locals and control flow',
    wat: `(module
      (func $fac (export "fac") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
          (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
      (func (export "loop") (param i32) (result i32) (local i32 i64 i64 f64)
        (block $out (loop $top
          (br_if $out (i32.eqz (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $top)))
        (local.get 1)))`,
    check: (e) => {
      expect(e.fac(10n)).toBe(3628800n)
      expect(e.loop(100)).toBe(5050)
    },
  },
  {
    note: 'imports of every kind',
    wat: `(module
      (import "env" "add" (func $add (param i32 i32) (result i32)))
      (import "env" "memory" (memory 1 10))
      (import "env" "table" (table 2 funcref))
      (import "env" "base" (global $base i32))
      (global $g (mut i32) (global.get $base))
      (func (export "f") (result i32)
        (call $add (global.get $g) (i32.load (i32.const 0)))))`,
    imports: () => ({
      env: {
        add: (a: number, b: number) => a + b,
        memory: (() => {
          const m = new WebAssembly.Memory({ initial: 1, maximum: 10 })
          new Int32Array(m.buffer)[0] = 5
          return m
        })(),
        table: new WebAssembly.Table({ initial: 2, element: 'anyfunc' }),
        base: 37,
      },
    }),
    check: (e) => expect(e.f()).toBe(42),
  },
  {
    note: 'memory, active and passive data, data count, memory.init and data.drop',
    wat: `(module
      (memory (export "mem") 1)
      (data (i32.const 16) "hello")
      (data $p "world")
      (func (export "init") (memory.init $p (i32.const 32) (i32.const 0) (i32.const 5)) (data.drop $p))
      (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))`,
    check: (e) => {
      e.init()
      expect([e.at(16), e.at(32), e.at(36)]).toEqual([104, 119, 100])
    },
  },
  {
    note: 'tables and element segments of every flavour',
    wat: `(module
      (type $t (func (result i32)))
      (table $t0 4 funcref)
      (table $t1 2 8 funcref)
      (func $a (result i32) (i32.const 1))
      (func $b (result i32) (i32.const 2))
      (elem (i32.const 0) $a $b)
      (elem (table $t1) (i32.const 0) func $b)
      (elem $pass func $a $b)
      (elem $pexpr funcref (ref.func $b) (ref.null func))
      (elem (table $t0) (i32.const 2) funcref (ref.func $b))
      (elem declare func $a)
      (func (export "call") (param i32) (result i32) (call_indirect $t0 (type $t) (local.get 0)))
      (func (export "call1") (param i32) (result i32) (call_indirect $t1 (type $t) (local.get 0)))
      (func (export "init") (table.init $t1 $pass (i32.const 0) (i32.const 0) (i32.const 2)))
      (func (export "ref") (result funcref) (ref.func $a)))`,
    check: (e) => {
      expect([e.call(0), e.call(1), e.call(2), e.call1(0)]).toEqual([1, 2, 2, 2])
      e.init()
      expect(e.call1(0)).toBe(1)
    },
  },
  {
    note: 'globals with every constant-expression form (including an end byte inside an immediate)',
    wat: `(module
      (import "env" "eleven" (global $eleven i32))
      (global $neg (mut i64) (i64.const -9223372036854775808))
      (global f32 (f32.const 1.5))
      (global $f (mut f64) (f64.const 2.75))
      (global $sum i32 (i32.const 42))
      (global $copy i32 (global.get $eleven))
      (global funcref (ref.null func))
      (global funcref (ref.func $get))
      (func $get (export "get") (result i32) (global.get $sum))
      (func (export "eleven") (result i32) (global.get $copy))
      (func (export "neg") (result i64) (global.get $neg))
      (func (export "f") (result f64) (global.get $f)))`,
    imports: () => ({ env: { eleven: 11 } }),
    check: (e) => {
      expect([e.get(), e.eleven(), e.neg(), e.f()]).toEqual([42, 11, -(2n ** 63n), 2.75])
    },
  },
  {
    note: 'start function and exports of every kind',
    wat: `(module
      (memory (export "mem") 1)
      (table (export "tab") 1 funcref)
      (global $g (export "g") (mut i32) (i32.const 0))
      (func $init (global.set $g (i32.const 7)))
      (func (export "get") (result i32) (global.get $g))
      (start $init))`,
    check: (e) => expect(e.get()).toBe(7),
  },
  {
    note: 'name section with function and local names',
    names: true,
    wat: `(module
      (func $first (param $x i32) (result i32) (local $tmp i32) (local.get $x))
      (func $second (export "second") (result i32) (call $first (i32.const 3))))`,
    check: (e) => expect(e.second()).toBe(3),
  },
  {
    note: 'multi-value function and block types',
    wat: `(module
      (func $pair (result i32 i32) (i32.const 40) (i32.const 2))
      (func (export "sum") (result i32) (block (result i32 i32) (call $pair)) (i32.add)))`,
    check: (e) => expect(e.sum()).toBe(42),
  },
]

describe('read → write round trips modules from wat2wasm', () => {
  it.each(cases)('$note', async (c) => {
    const original = await wat(c.wat, c.names)
    const module = readModule(original)
    const written = writeModule(module)
    await validate(written)
    expect(Buffer.from(written).equals(Buffer.from(original))).toBe(true)
    // Writing what we read again is stable too.
    expect(writeModule(readModule(written))).toEqual(written)
    if (c.check) {
      c.check(await instantiate(original, c.imports?.()))
      c.check(await instantiate(written, c.imports?.()))
    }
  })

  it('decodes the name section into maps', async () => {
    const m = readModule(await wat(cases.find((c) => c.names)!.wat, true))
    expect(m.names?.functions).toEqual(
      new Map([
        [0, 'first'],
        [1, 'second'],
      ]),
    )
    expect(m.names?.locals.get(0)).toEqual(
      new Map([
        [0, 'x'],
        [1, 'tmp'],
      ]),
    )
  })

  it('keeps custom sections in place, before, between and after sections', async () => {
    const base = await wat('(module (memory 1) (func (export "f") (result i32) (i32.const 1)))')
    const custom = (name: string, text: string) => {
      const inner = new ByteWriter().name(name).bytes(new TextEncoder().encode(text))
      return new ByteWriter().u8(0).sized(inner).toBytes()
    }
    // Splice customs after the header, after the memory section, and at the end.
    const m0 = readModule(base)
    m0.customSections.push(
      { name: 'first', after: SectionId.custom, bytes: new TextEncoder().encode('a') },
      { name: 'mid', after: SectionId.memory, bytes: new TextEncoder().encode('b') },
      { name: 'last', after: SectionId.code, bytes: new TextEncoder().encode('c') },
    )
    const withCustoms = writeModule(m0)
    const bytes = Buffer.from(withCustoms)
    const at = (name: string, text: string) => bytes.indexOf(Buffer.from(custom(name, text)))
    expect(at('first', 'a')).toBe(8)
    expect(at('first', 'a')).toBeLessThan(at('mid', 'b'))
    expect(at('last', 'c') + custom('last', 'c').length).toBe(bytes.length)
    const again = readModule(withCustoms)
    expect(again.customSections.map((c) => [c.name, c.after])).toEqual([
      ['first', 0],
      ['mid', SectionId.memory],
      ['last', SectionId.code],
    ])
    expect(writeModule(again)).toEqual(withCustoms)
    await validate(withCustoms)
  })

  it('writes a name section for a module built with names but no custom section', async () => {
    const m = readModule(await wat('(module (func (export "f")))'))
    m.names = { functions: new Map([[0, 'hello']]), locals: new Map(), other: [] }
    const text = await toText(writeModule(m))
    expect(text).toContain('$hello')
  })

  it('refuses to write inconsistent modules', () => {
    const m = emptyModule()
    m.functions.push(0)
    expect(() => writeModule(m)).toThrow(/1 functions but 0 bodies/)
    const d = emptyModule()
    d.data.push({ flags: 0, memory: 0, bytes: new Uint8Array(1) })
    expect(() => writeModule(d)).toThrow(/no offset/)
  })

  it('keeps every export kind and index', async () => {
    const m = readModule(await wat(cases.find((c) => c.note.startsWith('start'))!.wat))
    expect(m.exports.map((e) => [e.name, e.kind])).toEqual([
      ['mem', ExternalKind.memory],
      ['tab', ExternalKind.table],
      ['g', ExternalKind.global],
      ['get', ExternalKind.func],
    ])
    expect(m.start).toBe(0)
  })
})
