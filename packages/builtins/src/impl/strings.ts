/**
 * String builtins with Go's semantics: indexes and lengths count code points
 * (Go's runes), trimming and case mapping work per code point.
 */
import { RegoSet, type Value } from '../value/index.js'
import { elementError, intOperand, obj, oneOfError, operandError, str } from './core-util.js'
import { builtinError, type BuiltinImpl } from './types.js'

/** Go's unicode.IsSpace. */
const GO_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

function trimLeftBy(s: string, drop: (c: string) => boolean): string {
  const cs = Array.from(s)
  let i = 0
  while (i < cs.length && drop(cs[i]!)) i++
  return cs.slice(i).join('')
}

function trimRightBy(s: string, drop: (c: string) => boolean): string {
  const cs = Array.from(s)
  let j = cs.length
  while (j > 0 && drop(cs[j - 1]!)) j--
  return cs.slice(0, j).join('')
}

const inCutset = (cutset: string) => {
  const chars = new Set(Array.from(cutset))
  return (c: string) => chars.has(c)
}
const isGoSpace = (c: string) => GO_SPACE.has(c.codePointAt(0)!)

/** Go's per-rune (simple) case mapping: a code point whose mapping is not one code point stays as it is. */
function mapCase(s: string, f: (c: string) => string): string {
  let out = ''
  for (const c of s) {
    const m = f(c)
    out += Array.from(m).length === 1 ? m : c
  }
  return out
}
const goLower = (s: string) => mapCase(s, (c) => (c === '\u0130' ? 'i' : c.toLowerCase()))
const goUpper = (s: string) => mapCase(s, (c) => c.toUpperCase())

/** Go's strings.Split: an empty separator splits after each code point. */
function goSplit(s: string, sep: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep)
}

/**
 * Go's strings.NewReplacer(old1, new1, ...).Replace: left to right without
 * overlaps; at each position the first pair in argument order that matches
 * wins. An empty old string matches once per position (then the other pairs
 * get their chance there), so it inserts between all code points.
 */
function goReplace(s: string, pairs: [string, string][]): string {
  let out = ''
  let i = 0
  let prevEmpty = false
  while (i <= s.length) {
    const hit = pairs.find(([o]) => (o !== '' || !prevEmpty) && s.startsWith(o, i))
    if (hit) {
      out += hit[1]
      i += hit[0].length
      prevEmpty = hit[0] === ''
      continue
    }
    prevEmpty = false
    if (i < s.length) {
      const step = s.codePointAt(i)! > 0xffff ? 2 : 1
      out += s.slice(i, i + step)
      i += step
    } else i++
  }
  return out
}

function indexOfRunes(base: string, search: string): number[] {
  const b = Array.from(base)
  const q = Array.from(search)
  const out: number[] = []
  for (let i = 0; i + q.length <= b.length; i++) {
    let ok = true
    for (let j = 0; j < q.length; j++)
      if (b[i + j] !== q[j]) {
        ok = false
        break
      }
    if (ok) out.push(i)
  }
  return out
}

function indexof([a, b]: Value[]): Value {
  const base = str('indexof', a!, 1)
  const search = str('indexof', b!, 2)
  if (search === '') throw builtinError('indexof', 'empty search character')
  return indexOfRunes(base, search)[0] ?? -1
}

function indexofN([a, b]: Value[]): Value {
  const base = str('indexof_n', a!, 1)
  const search = str('indexof_n', b!, 2)
  if (search === '') throw builtinError('indexof_n', 'empty search character')
  return indexOfRunes(base, search)
}

function substring([a, s, l]: Value[]): Value {
  const base = str('substring', a!, 1)
  const start = intOperand('substring', s!, 2)
  const length = intOperand('substring', l!, 3)
  if (start < 0) throw builtinError('substring', 'negative offset')
  const cs = Array.from(base)
  if (start >= cs.length) return ''
  if (length < 0) return cs.slice(start).join('')
  return cs.slice(start, Math.min(cs.length, start + length)).join('')
}

function concat([a, b]: Value[]): Value {
  const sep = str('concat', a!, 1)
  let xs: Value[]
  if (Array.isArray(b)) xs = b
  else if (b instanceof RegoSet) xs = b.values()
  else throw oneOfError('concat', 2, ['set', 'array'], b!)
  for (const x of xs) if (typeof x !== 'string') throw elementError('concat', 2, b, x, 'string')
  return (xs as string[]).join(sep)
}

/** Go's strings.Count: non-overlapping occurrences; an empty needle counts rune boundaries. */
function countSubstr(s: string, sub: string): number {
  if (sub === '') return Array.from(s).length + 1
  let n = 0
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++
  return n
}

function replaceN([p, s]: Value[]): Value {
  const patterns = obj('strings.replace_n', p!, 1)
  const text = str('strings.replace_n', s!, 2)
  const pairs: [string, string][] = []
  for (const [k, v] of patterns.entries()) {
    if (typeof k !== 'string') throw operandError('strings.replace_n', 1, 'non-string key found in pattern object')
    if (typeof v !== 'string') throw operandError('strings.replace_n', 1, 'non-string value found in pattern object')
    pairs.push([k, v])
  }
  return goReplace(text, pairs)
}

/** A string, or an array or set of strings (any_prefix_match and any_suffix_match). */
function stringList(name: string, v: Value, operand: number): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) || v instanceof RegoSet) {
    const xs = Array.isArray(v) ? v : v.values()
    for (const x of xs) if (typeof x !== 'string') throw elementError(name, operand, v, x, 'string')
    return xs as string[]
  }
  throw oneOfError(name, operand, ['string', 'set', 'array'], v)
}

function anyMatch(name: string, test: (s: string, p: string) => boolean): BuiltinImpl {
  return ([a, b]) => {
    const strs = stringList(name, a!, 1)
    const ps = stringList(name, b!, 2)
    return strs.some((s) => ps.some((p) => test(s, p)))
  }
}

function two(name: string, f: (a: string, b: string) => Value): BuiltinImpl {
  return ([a, b]) => f(str(name, a!, 1), str(name, b!, 2))
}

function one(name: string, f: (a: string) => Value): BuiltinImpl {
  return ([a]) => f(str(name, a!, 1))
}

export const stringsImpls: Record<string, BuiltinImpl> = {
  concat,
  contains: two('contains', (s, sub) => s.includes(sub)),
  startswith: two('startswith', (s, p) => s.startsWith(p)),
  endswith: two('endswith', (s, p) => s.endsWith(p)),
  indexof,
  indexof_n: indexofN,
  lower: one('lower', goLower),
  upper: one('upper', goUpper),
  replace: ([a, b, c]) => {
    const s = str('replace', a!, 1)
    const old = str('replace', b!, 2)
    const n = str('replace', c!, 3)
    return goReplace(s, [[old, n]])
  },
  split: two('split', (s, sep) => (s.includes(sep) ? goSplit(s, sep) : [s])),
  substring,
  trim: two('trim', (s, cut) => trimRightBy(trimLeftBy(s, inCutset(cut)), inCutset(cut))),
  trim_left: two('trim_left', (s, cut) => trimLeftBy(s, inCutset(cut))),
  trim_right: two('trim_right', (s, cut) => trimRightBy(s, inCutset(cut))),
  trim_prefix: two('trim_prefix', (s, p) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trim_suffix: two('trim_suffix', (s, p) => (p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  trim_space: one('trim_space', (s) => trimRightBy(trimLeftBy(s, isGoSpace), isGoSpace)),
  'strings.any_prefix_match': anyMatch('strings.any_prefix_match', (s, p) => s.startsWith(p)),
  'strings.any_suffix_match': anyMatch('strings.any_suffix_match', (s, p) => s.endsWith(p)),
  'strings.count': two('strings.count', countSubstr),
  'strings.replace_n': replaceN,
  'strings.reverse': one('strings.reverse', (s) => Array.from(s).reverse().join('')),
  'strings.split_n': ([a, b, c]) => {
    const s = str('strings.split_n', a!, 1)
    const sep = str('strings.split_n', b!, 2)
    const n = intOperand('strings.split_n', c!, 3)
    // The first n parts for n > 0, the last -n parts for n < 0.
    const parts = s.includes(sep) ? goSplit(s, sep) : [s]
    if (n === 0) return []
    return n > 0 ? parts.slice(0, n) : parts.slice(Math.max(parts.length + n, 0))
  },
}
