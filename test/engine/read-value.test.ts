// PolicyInstance.evaluateJson reads a Cordon module's result straight out of
// linear memory (ValueReader); it must give exactly what JSON.parse of the
// runtime's JSON dump gives, for every shape, including the ones it hands
// back to the dump (non-string keys, several solutions, set elements whose
// order JS values cannot tell).
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it, vi } from 'vitest'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const policy = `package rv

value := input.v

as_set := {x | some x in input.v}

keyed := {x: true | some x in input.v}

solutions contains x if some x in input.v
`

function randomJson(rand: () => number, depth: number): unknown {
  const pick = rand()
  if (depth <= 0 || pick < 0.35) {
    switch (Math.floor(rand() * 9)) {
      case 0:
        return null
      case 1:
        return rand() < 0.5
      case 2:
        return Math.floor(rand() * 2000) - 1000
      case 3:
        return (rand() - 0.5) * 1e6
      case 4:
        return Math.floor(rand() * 2 ** 62) * (rand() < 0.5 ? -1 : 1)
      case 5:
        return ['', 'a', 'ümlaut', '日本', '😀 emoji', 'x'.repeat(100), 'quote "q" \\ \n'][Math.floor(rand() * 7)]
      case 6:
        return 1e300 * (rand() < 0.5 ? 1 : -1)
      default:
        return `s${Math.floor(rand() * 50)}`
    }
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(rand() * 5) }, () => randomJson(rand, depth - 1))
  const o: Record<string, unknown> = {}
  const keys = ['a', 'b', 'Z', '10', '2', 'é', '\uffff', '😀', 'key with space', 'k'.repeat(70)]
  for (let i = Math.floor(rand() * 6); i > 0; i--)
    o[keys[Math.floor(rand() * keys.length)]!] = randomJson(rand, depth - 1)
  return o
}

describe('ValueReader: results read from memory equal the JSON dump', () => {
  const inst = PolicyInstance.createSync(compile(policy, ['rv/value', 'rv/as_set', 'rv/keyed', 'rv/solutions']), {
    hostBuiltins: hostBuiltinImpls,
  })
  inst.setData({})

  const same = (input: string, entrypoint: string) => {
    const viaText = JSON.parse(inst.evaluateText(input, entrypoint))
    const direct = inst.evaluateJson(input, entrypoint)
    expect(direct, `${entrypoint} ${input}`).toEqual(viaText)
    // Key order too: it is what JSON.stringify of a decision shows.
    expect(JSON.stringify(direct), `${entrypoint} ${input}`).toBe(JSON.stringify(viaText))
  }

  it('random JSON values, sets, non-string keys', () => {
    const rand = seededRandom(42)
    for (let i = 0; i < 1500; i++) {
      const input = JSON.stringify({ v: randomJson(rand, 4) })
      for (const ep of ['rv/value', 'rv/as_set', 'rv/keyed']) same(input, ep)
    }
  })

  it('a key named __proto__ is an own property, as JSON.parse makes it', () => {
    same('{"v": {"__proto__": {"polluted": true}, "a": 1}}', 'rv/value')
    const [row] = inst.evaluateJson('{"v": {"__proto__": 1}}', 'rv/value') as [{ result: Record<string, unknown> }]
    expect(Object.getPrototypeOf(row.result)).toBe(Object.prototype)
    expect(Object.keys(row.result)).toEqual(['__proto__'])
  })

  it('numbers beyond 2^53 and exact decimals, as JSON.parse rounds them', () => {
    for (const n of [
      '9007199254740993',
      '-9223372036854775808',
      '12345678901234567890123',
      '0.1',
      '1e400',
      '-0',
      '1.0',
      '2.5e-8',
    ])
      same(`{"v": ${n}}`, 'rv/value')
  })

  it('undefined, one solution and several solutions', () => {
    same('{}', 'rv/value')
    same('{"v": [1]}', 'rv/solutions')
    same('{"v": [3, 1, 2]}', 'rv/solutions')
    expect(inst.evaluateJson(undefined, 'rv/value')).toEqual([])
  })

  it('values the memory grows for between evaluations', () => {
    const big = JSON.stringify({ v: Array.from({ length: 20000 }, (_, i) => ({ [`k${i}`]: 'x'.repeat(i % 50) })) })
    same(big, 'rv/value')
    same('{"v": {"after": "growth"}}', 'rv/value')
  })

  it('strings of the data document are read anew after every data change', () => {
    // Reads data by an input key: not a rule of data alone (no data cache), so patches apply in place.
    const withData = PolicyInstance.createSync(compile('package d\n\nmsg := data.docs[input.key]\n', ['d/msg']), {
      hostBuiltins: hostBuiltinImpls,
    })
    const msg = () => withData.evaluateJson('{"key": "msg"}', 'd/msg')
    withData.setData({ docs: { msg: 'first' } })
    expect(msg()).toEqual([{ result: 'first' }])
    // setData starts the heap over: the new string sits where the old one was.
    withData.setData({ docs: { msg: 'other' } })
    expect(msg()).toEqual([{ result: 'other' }])
    expect(withData.patchData(['docs', 'msg'], 'patch')).toBe(true)
    expect(msg()).toEqual([{ result: 'patch' }])
    expect(withData.patchData(['docs', 'msg'], 'again')).toBe(true)
    expect(msg()).toEqual([{ result: 'again' }])
  })

  it('long heap strings that differ in one byte, at the same address, are each read as they are', () => {
    // Such strings are found again by their bytes (RecentStrings): the same
    // address and length with other bytes must never give the last text.
    const texts = ['a message of the day, number 1', 'a message of the day, number 2', 'b message of the day, number 1']
    for (let round = 0; round < 3; round++)
      for (const t of [...texts, 'ümlaut message of the day, n 1', 'x'.repeat(300)]) {
        expect(inst.evaluate({ v: t }, 'rv/value')).toEqual([{ result: t }])
        expect(inst.evaluate({ v: [t, t] }, 'rv/value')).toEqual([{ result: [t, t] }])
      }
  })

  it('objects of data keys, random subsets read again and again (their key order is remembered)', () => {
    const withData = PolicyInstance.createSync(
      compile('package d\n\nobj := {k: v | some k, v in data.vals; input.pick[k]}\n', ['d/obj']),
      { hostBuiltins: hostBuiltinImpls },
    )
    const keys = ['b', 'a', 'c', 'é', 'Z', '10', '2', 'key with space', 'k'.repeat(40), '😀', 'x1', 'x2', 'x3']
    withData.setData({ vals: Object.fromEntries(keys.map((k, i) => [k, i])) })
    const rand = seededRandom(7)
    for (let i = 0; i < 400; i++) {
      const pick = Object.fromEntries(keys.filter(() => rand() < 0.5).map((k) => [k, true]))
      const input = JSON.stringify({ pick })
      const viaText = JSON.stringify(JSON.parse(withData.evaluateText(input, 'd/obj')))
      expect(JSON.stringify(withData.evaluateJson(input, 'd/obj')), input).toBe(viaText)
      expect(JSON.stringify(withData.evaluate({ pick }, 'd/obj')), input).toBe(viaText)
    }
  })

  it('the key order remembered for objects of data keys is forgotten after every data change', () => {
    // Objects whose keys are data strings are read in an order remembered by
    // the keys' addresses; new data puts other keys at the same addresses.
    const withData = PolicyInstance.createSync(compile('package d\n\nobj := data.objs[input.key]\n', ['d/obj']), {
      hostBuiltins: hostBuiltinImpls,
    })
    const obj = () => JSON.stringify(withData.evaluateJson('{"key": "o"}', 'd/obj'))
    withData.setData({ objs: { o: { kb: 1, ka: 2, kc: 3 } } })
    expect(obj()).toBe('[{"result":{"ka":2,"kb":1,"kc":3}}]')
    // Read again: the remembered order.
    expect(obj()).toBe('[{"result":{"ka":2,"kb":1,"kc":3}}]')
    withData.setData({ objs: { o: { zb: 1, za: 2, zc: 3 } } })
    expect(obj()).toBe('[{"result":{"za":2,"zb":1,"zc":3}}]')
    expect(obj()).toBe('[{"result":{"za":2,"zb":1,"zc":3}}]')
    expect(withData.patchData(['objs', 'o'], { yb: 1, ya: 2, yc: 3 })).toBe(true)
    expect(obj()).toBe('[{"result":{"ya":2,"yb":1,"yc":3}}]')
    expect(obj()).toBe('[{"result":{"ya":2,"yb":1,"yc":3}}]')
  })
})

describe('ValueReader: sets are read from memory in the runtime order', () => {
  const inst = PolicyInstance.createSync(
    compile(
      `package rs

as_set := {x | some x in input.v}

nested := {s | some a in input.v; s := {x | some x in a}}

grants contains g if some g in input.v
`,
      ['rs/as_set', 'rs/nested', 'rs/grants'],
    ),
    { hostBuiltins: hostBuiltinImpls },
  )
  inst.setData({})
  // The text path: the runtime's JSON dump. Spied on to tell which path a read took.
  const dump = vi.spyOn(inst as unknown as { dump: (addr: number) => string }, 'dump')
  const read = (v: unknown, entrypoint: string) => {
    const input = JSON.stringify({ v })
    const viaText = JSON.parse(inst.evaluateText(input, entrypoint))
    dump.mockClear()
    const direct = inst.evaluateJson(input, entrypoint)
    expect(JSON.stringify(direct), `${entrypoint} ${input}`).toBe(JSON.stringify(viaText))
    return dump.mock.calls.length === 0 ? 'memory' : 'text'
  }

  it('sets of scalars, objects, arrays, mixed types and nested sets, without the dump', () => {
    expect(read(['b', 'a', 'c', 'ab', ''], 'rs/as_set')).toBe('memory')
    expect(read([3, -1, 2.5, 1e300, -0.5], 'rs/as_set')).toBe('memory')
    expect(read([{ action: 'read', type: 'dog' }, { action: 'adopt', type: 'cat' }, { type: 'a' }], 'rs/grants')).toBe(
      'memory',
    )
    expect(read([[2, 1], [1], [1, 2, 3], []], 'rs/as_set')).toBe('memory')
    expect(read(['s', 1, null, true, false, [1], { a: 1 }, { b: 0 }, 'ümlaut', '日本'], 'rs/as_set')).toBe('memory')
    expect(read([[3, 1], [2], [], [1, 2]], 'rs/nested')).toBe('memory')
    expect(read({ a: 1, b: 2 }, 'rs/as_set')).toBe('memory')
    expect(read([], 'rs/as_set')).toBe('memory')
  })

  it('orders JS values cannot tell go through the dump', () => {
    // UTF-8 puts U+FFFF before U+1F600; UTF-16 code units put the emoji (a surrogate) first.
    expect(read(['\uffff', '😀', 'a'], 'rs/as_set')).toBe('text')
    // Distinct integers that are the same JS number.
    const big = JSON.stringify({ v: [0] }).replace('0', '9007199254740993, 9007199254740992')
    const viaText = JSON.parse(inst.evaluateText(big, 'rs/as_set'))
    dump.mockClear()
    expect(JSON.stringify(inst.evaluateJson(big, 'rs/as_set'))).toBe(JSON.stringify(viaText))
    expect(dump).toHaveBeenCalled()
  })
})
