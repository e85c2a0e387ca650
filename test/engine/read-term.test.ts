// A host builtin's arguments are read straight out of memory (TermReader);
// they must be exactly the Values the term-text path gave
// (parseTermText(opa_value_dump(v))), types included: a number that is a
// bigint, a DecimalNumber or a double there is the same here, sets stay sets,
// non-string keys stay keys. What the reader cannot give exactly it must
// refuse (NotDirect), never give differently.
import { hostBuiltinImpls } from '@cordon/builtins'
import { DecimalNumber, parseTermText, RegoObject, RegoSet, type Value } from '@cordon/builtins/core'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { NotDirect, TermReader } from '../../packages/engine/src/read-term.js'
import { readCString } from '../../packages/engine/src/memory-text.js'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const policy = `package rt

value := yaml.marshal(input.v)

as_set := yaml.marshal({x | some x in input.v})

keyed := yaml.marshal({x: [x] | some x in input.v})

floats := yaml.marshal([[x / 3, x * 1.5, x + 0.1, x - 0.5] | some x in input.nums])
`

/** Structural equality that tells number from bigint from DecimalNumber, and objects/sets by their Rego order. */
function sameValue(a: Value, b: Value, at = '$'): void {
  const kind = (v: Value) =>
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'array'
        : v instanceof RegoObject
          ? 'object'
          : v instanceof RegoSet
            ? 'set'
            : v instanceof DecimalNumber
              ? 'decimal'
              : typeof v
  expect(kind(a), at).toBe(kind(b))
  if (Array.isArray(a)) {
    const bb = b as Value[]
    expect(a.length, at).toBe(bb.length)
    a.forEach((x, i) => sameValue(x, bb[i]!, `${at}[${i}]`))
  } else if (a instanceof RegoObject) {
    const ea = a.entries()
    const eb = (b as RegoObject).entries()
    expect(ea.length, at).toBe(eb.length)
    ea.forEach(([k, x], i) => {
      sameValue(k, eb[i]![0], `${at}.key${i}`)
      sameValue(x, eb[i]![1], `${at}.${String(k)}`)
    })
  } else if (a instanceof RegoSet) sameValue(a.values(), (b as RegoSet).values(), `${at}<set>`)
  else if (a instanceof DecimalNumber) expect(a.text, at).toBe((b as DecimalNumber).text)
  else expect(Object.is(a, b), `${at}: ${String(a)} vs ${String(b)}`).toBe(true)
}

const NUMBERS = [
  '0',
  '-0',
  '1.0',
  '-0.0',
  '1e400',
  '-1e400',
  '1.5e-320',
  '1e-400',
  '2.5E+3',
  '0.1',
  '100000000000000000000',
  '9007199254740991',
  '9007199254740992',
  '-9007199254740992',
  '9007199254740993',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '123456789012345678901234567890',
  '0.30000000000000004',
  '0.1000000000000000000001',
  '3.14159265358979323846',
  '1e21',
  '1E-7',
  '12.50',
  '-17',
]
const STRINGS = [
  '""',
  '"a"',
  '"ümlaut"',
  '"日本"',
  '"😀 emoji"',
  '"\\ud83d\\ude00"',
  '"nul \\u0000 in"',
  '"ctl \\u001f \\t"',
  '"quote \\" back \\\\"',
  `"${'x'.repeat(100)}"`,
  `"${'é'.repeat(40)}"`,
  '"\\uffff"',
  '"\\ud800 lone"',
]

function randomText(rand: () => number, depth: number): string {
  const pick = rand()
  const one = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  if (depth <= 0 || pick < 0.4) {
    const r = rand()
    if (r < 0.4) return one(NUMBERS)
    if (r < 0.75) return one(STRINGS)
    return one(['null', 'true', 'false', String(Math.floor(rand() * 2000) - 1000), String((rand() - 0.5) * 1e6)])
  }
  const n = Math.floor(rand() * 5)
  const items = Array.from({ length: n }, () => randomText(rand, depth - 1))
  if (pick < 0.7) return `[${items.join(',')}]`
  return `{${items.map((x) => `${one(STRINGS)}:${x}`).join(',')}}`
}

describe('TermReader: builtin arguments read from memory equal the term-text path', () => {
  const inst = PolicyInstance.createSync(compile(policy, ['rt/value', 'rt/as_set', 'rt/keyed', 'rt/floats']), {
    hostBuiltins: hostBuiltinImpls,
  })
  inst.setData({})
  // The real instance's memory and runtime: each host call's arguments are read both ways.
  const { memory, exports } = inst as unknown as {
    memory: WebAssembly.Memory
    exports: { opa_value_dump(v: number): number }
  }
  const text = (addr: number) => readCString(memory, exports.opa_value_dump(addr))
  const reader = new TermReader(memory, text)
  let compared = 0
  let refused = 0
  const call = inst.callBuiltin.bind(inst)
  inst.callBuiltin = (id, args) => {
    for (const a of args) {
      const viaText = parseTermText(text(a))
      let direct: Value
      try {
        direct = reader.read(a)
      } catch (err) {
        if (!(err instanceof NotDirect)) throw err
        refused++
        continue
      }
      sameValue(direct, viaText)
      compared++
    }
    return call(id, args)
  }

  it('edge numbers, strings beyond U+FFFF, empty collections, sets, non-string keys, floats', () => {
    const nums = `[${NUMBERS.filter((n) => !/e4|e-4|E/.test(n)).join(',')}, 7, -3, 1e300]`
    for (const v of [`[${NUMBERS.join(',')}]`, `[${STRINGS.join(',')}]`, '[]', '{}', '[[], {}, [[]]]', nums])
      for (const ep of ['rt/value', 'rt/as_set', 'rt/keyed', 'rt/floats'])
        inst.evaluateText(`{"v": ${v}, "nums": ${nums}}`, ep)
    expect(compared).toBeGreaterThan(20)
  })

  it('random values', () => {
    const rand = seededRandom(18)
    const before = compared
    for (let i = 0; i < 600; i++) {
      const v = randomText(rand, 4)
      for (const ep of ['rt/value', 'rt/as_set', 'rt/keyed']) inst.evaluateText(`{"v": ${v}, "nums": []}`, ep)
    }
    expect(compared - before).toBeGreaterThan(1000)
  })

  it('refuses only what it cannot read exactly: a lone surrogate (invalid UTF-8) takes the text path', () => {
    const before = refused
    inst.evaluateText('{"v": ["ok", "\\ud800"], "nums": []}', 'rt/value')
    expect(refused).toBe(before + 1)
  })

  it('a builtin sees the same arguments through the engine', () => {
    const seen: Value[][] = []
    const spy = PolicyInstance.createSync(compile(policy, ['rt/value']), {
      hostBuiltins: new Map(hostBuiltinImpls).set('yaml.marshal', (args: Value[]) => {
        seen.push(args)
        return ''
      }),
    })
    spy.setData({})
    spy.evaluateText('{"v": {"a": [1e400, 1.0, 9007199254740993, "😀"]}}', 'rt/value')
    expect(seen).toHaveLength(1)
    sameValue(seen[0]![0]!, parseTermText('{"a": [1e400, 1, 9007199254740993, "😀"]}'))
  })
})
