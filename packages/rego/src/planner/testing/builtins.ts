/**
 * The few builtins the test interpreter implements: enough for the
 * core-language conformance cases. A builtin returns undefined when it fails
 * (non-strict mode); the conformance filter skips cases calling any other.
 */
import { compare, equal, normNum, RObject, RSet, show, type Value } from './values.js'

type Impl = (...args: Value[]) => Value | undefined

const isNum = (v: Value): v is number | bigint => typeof v === 'number' || typeof v === 'bigint'
const isInt = (v: number | bigint) => typeof v === 'bigint' || Number.isInteger(v)

function arith(op: (a: bigint, b: bigint) => bigint | undefined, f: (a: number, b: number) => number): Impl {
  return (a, b) => {
    if (!isNum(a!) || !isNum(b!)) return undefined
    if (
      isInt(a) &&
      isInt(b) &&
      (typeof a === 'bigint' || typeof b === 'bigint' || !Number.isSafeInteger(f(Number(a), Number(b))))
    ) {
      const r = op(BigInt(a), BigInt(b))
      return r === undefined ? undefined : normNum(r)
    }
    const r = f(Number(a), Number(b))
    return Number.isFinite(r) ? r : undefined
  }
}

const cmp =
  (test: (c: number) => boolean): Impl =>
  (a, b) =>
    test(compare(a!, b!))

function member(x: Value, coll: Value): boolean {
  if (Array.isArray(coll)) return coll.some((v) => equal(v, x))
  if (coll instanceof RSet) return coll.has(x)
  if (coll instanceof RObject) return coll.entries().some(([, v]) => equal(v, x))
  return false
}

function format(v: Value): string {
  return typeof v === 'string' ? v : show(v)
}

export const builtins: Record<string, Impl> = {
  // Output is the host's business; tests that read it pass their own `internal.print`.
  'internal.print': () => true,
  plus: arith(
    (a, b) => a + b,
    (a, b) => a + b,
  ),
  minus: (a, b) => {
    if (a instanceof RSet && b instanceof RSet) return new RSet(a.values().filter((v) => !b.has(v)))
    return arith(
      (x, y) => x - y,
      (x, y) => x - y,
    )(a!, b!)
  },
  mul: arith(
    (a, b) => a * b,
    (a, b) => a * b,
  ),
  div: (a, b) => {
    if (!isNum(a!) || !isNum(b!) || Number(b) === 0) return undefined
    if (isInt(a) && isInt(b) && BigInt(a) % BigInt(b) === 0n) return normNum(BigInt(a) / BigInt(b))
    return Number(a) / Number(b)
  },
  rem: (a, b) => {
    if (!isNum(a!) || !isNum(b!) || !isInt(a) || !isInt(b) || Number(b) === 0) return undefined
    return normNum(BigInt(a) % BigInt(b))
  },
  abs: (a) => (isNum(a!) ? (typeof a === 'bigint' ? (a < 0n ? -a : a) : Math.abs(a)) : undefined),
  equal: (a, b) => equal(a!, b!),
  neq: (a, b) => !equal(a!, b!),
  lt: cmp((c) => c < 0),
  lte: cmp((c) => c <= 0),
  gt: cmp((c) => c > 0),
  gte: cmp((c) => c >= 0),
  count: (a) => {
    if (typeof a === 'string') return [...a].length
    if (Array.isArray(a)) return a.length
    if (a instanceof RObject || a instanceof RSet) return a.size
    return undefined
  },
  'internal.member_2': (x, coll) => member(x!, coll!),
  'internal.member_3': (k, v, coll) => {
    if (Array.isArray(coll))
      return isNum(k!) && isInt(k) && Number(k) >= 0 && Number(k) < coll.length && equal(coll[Number(k)]!, v!)
    if (coll instanceof RObject) {
      const x = coll.get(k!)
      return x !== undefined && equal(x, v!)
    }
    if (coll instanceof RSet) return equal(k!, v!) && coll.has(v!)
    return false
  },
  or: (a, b) => (a instanceof RSet && b instanceof RSet ? new RSet([...a.values(), ...b.values()]) : undefined),
  and: (a, b) => (a instanceof RSet && b instanceof RSet ? new RSet(a.values().filter((v) => b.has(v))) : undefined),
  concat: (sep, xs) => {
    if (typeof sep !== 'string') return undefined
    const items = Array.isArray(xs) ? xs : xs instanceof RSet ? xs.values().sort(compare) : undefined
    if (!items || items.some((x) => typeof x !== 'string')) return undefined
    return items.join(sep)
  },
  sprintf: (fmt, args) => {
    if (typeof fmt !== 'string' || !Array.isArray(args)) return undefined
    let i = 0
    return fmt.replace(
      /%([-+ 0]*)(\d*)(?:\.(\d+))?([vdsxXfe%])/g,
      (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
        if (verb === '%') return '%'
        const a = args[i++] ?? null
        let out: string
        if (verb === 'd')
          out = typeof a === 'number' || typeof a === 'bigint' ? BigInt(Math.trunc(Number(a))).toString() : format(a)
        else if (verb === 'x' || verb === 'X') {
          out =
            typeof a === 'number' || typeof a === 'bigint'
              ? BigInt(a).toString(16)
              : [...String(a)].map((ch) => ch.charCodeAt(0).toString(16)).join('')
          if (verb === 'X') out = out.toUpperCase()
        } else if (verb === 'f') out = Number(a).toFixed(prec === undefined ? 6 : Number(prec))
        else if (verb === 'e') out = Number(a).toExponential(prec === undefined ? 6 : Number(prec))
        else out = typeof a === 'number' && !Number.isFinite(a) ? String(a) : format(a)
        const w = Number(width || 0)
        if (out.length < w) out = flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') ? '0' : ' ')
        return out
      },
    )
  },
  'internal.template_string': (parts) => {
    if (!Array.isArray(parts)) return undefined
    let out = ''
    for (const p of parts) {
      if (typeof p === 'string') out += p
      else if (p instanceof RSet) {
        if (p.size > 1) throw new Error('template-strings must not produce multiple outputs')
        out += p.size === 0 ? '<undefined>' : format(p.values()[0]!)
      } else return undefined
    }
    return out
  },
  // A few more, so the core-language cases that use them exercise the planner too.
  split: (x, sep) => (typeof x === 'string' && typeof sep === 'string' ? x.split(sep) : undefined),
  trim: (x, cut) => (typeof x === 'string' && typeof cut === 'string' ? trimChars(x, cut) : undefined),
  startswith: (x, p) => (typeof x === 'string' && typeof p === 'string' ? x.startsWith(p) : undefined),
  endswith: (x, p) => (typeof x === 'string' && typeof p === 'string' ? x.endsWith(p) : undefined),
  contains: (x, p) => (typeof x === 'string' && typeof p === 'string' ? x.includes(p) : undefined),
  floor: (x) => (isNum(x!) ? normNum(typeof x === 'bigint' ? x : Math.floor(x)) : undefined),
  ceil: (x) => (isNum(x!) ? normNum(typeof x === 'bigint' ? x : Math.ceil(x)) : undefined),
  round: (x) => (isNum(x!) ? normNum(typeof x === 'bigint' ? x : Math.sign(x) * Math.round(Math.abs(x))) : undefined),
  to_number: (x) => {
    if (x === null) return 0
    if (typeof x === 'boolean') return x ? 1 : 0
    if (isNum(x!)) return x
    if (typeof x !== 'string' || !/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x)) return undefined
    return /^-?\d+$/.test(x) ? normNum(BigInt(x)) : Number(x)
  },
  is_array: (x) => Array.isArray(x),
  is_string: (x) => typeof x === 'string',
  is_number: (x) => isNum(x!),
  is_boolean: (x) => typeof x === 'boolean',
  is_null: (x) => x === null,
  is_object: (x) => x instanceof RObject,
  is_set: (x) => x instanceof RSet,
  'array.reverse': (x) => (Array.isArray(x) ? [...x].reverse() : undefined),
  'array.concat': (a, b) => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : undefined),
  'object.union': (a, b) => (a instanceof RObject && b instanceof RObject ? union(a, b) : undefined),
  'object.union_n': (xs) =>
    Array.isArray(xs) && xs.every((x) => x instanceof RObject)
      ? (xs as RObject[]).reduce(union, new RObject())
      : undefined,
  'numbers.range': (a, b) => {
    if (!isNum(a!) || !isNum(b!) || !isInt(a) || !isInt(b)) return undefined
    const out: Value[] = []
    const [x, y] = [Number(a), Number(b)]
    for (let i = x; x <= y ? i <= y : i >= y; i += x <= y ? 1 : -1) out.push(i)
    return out
  },
  // Nondeterministic builtins give one value per evaluation; one per test process is enough here.
  'time.now_ns': () => NOW,
  'test.sleep': () => null,
  // A relation: all [path, value] pairs, the planner scans them.
  walk: (x) => {
    const out: Value[] = []
    const visit = (path: Value[], v: Value) => {
      out.push([path, v])
      const kids: [Value, Value][] = Array.isArray(v)
        ? v.map((e, i) => [i, e])
        : v instanceof RObject
          ? v.entries()
          : v instanceof RSet
            ? v.values().map((e) => [e, e])
            : []
      for (const [k, e] of kids) visit([...path, k], e)
    }
    visit([], x!)
    return out
  },
}

const NOW = normNum(BigInt(Date.now()) * 1000000n)

function trimChars(x: string, cut: string): string {
  const chars = new Set(cut)
  let a = 0
  let b = x.length
  while (a < b && chars.has(x[a]!)) a++
  while (b > a && chars.has(x[b - 1]!)) b--
  return x.slice(a, b)
}

function union(a: RObject, b: RObject): RObject {
  const out = new RObject()
  for (const [k, v] of a.entries()) out.set(k, v)
  for (const [k, v] of b.entries()) {
    const cur = out.get(k)
    out.set(k, cur instanceof RObject && v instanceof RObject ? union(cur, v) : v)
  }
  return out
}
