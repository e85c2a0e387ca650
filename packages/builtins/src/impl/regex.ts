/**
 * Regex builtins with RE2 semantics (Go's `regexp`), on `re2js`: user
 * patterns never go through JavaScript's RegExp, whose syntax differs.
 * Positions are in UTF-16 code units throughout, which re2js uses too.
 */
import { RE2JS } from 're2js'
import { CompiledCache, PATTERN_CACHE_ENTRIES, PATTERN_CACHE_KEY_CHARS } from './compiled-cache.js'
import { globsIntersect } from './regex-globs.js'
import { builtinError, type BuiltinImpl } from './types.js'
import { goQuote, intArg, strArg, utf8Bytes } from './text-util.js'

/** Compiled regexes by pattern (compiled-cache.ts). */
export const regexCache = new CompiledCache<RE2JS>(PATTERN_CACHE_ENTRIES, PATTERN_CACHE_KEY_CHARS)

/** Compiles a pattern with Go's (Perl-flavoured RE2) syntax; a rejected pattern is OPA's builtin error. */
function compileRegex(builtin: string, pattern: string): RE2JS {
  return regexCache.get(pattern, () => {
    try {
      return RE2JS.compile(pattern)
    } catch (e) {
      throw builtinError(builtin, e instanceof Error ? e.message : String(e))
    }
  })
}

/**
 * Results of regex.match and regex.find_n by pattern and text. A policy
 * tests the same values against the same patterns many times in one
 * decision (mtbls-validation: 486 find_n calls with 14 distinct arguments,
 * 1,260 regex.match calls with 516), and the results depend on the
 * arguments alone, so the cache is shared by every evaluation. Bounded like
 * the pattern cache; an error (a bad pattern) is never kept.
 */
const resultCache = new CompiledCache<boolean | string[]>(4 * PATTERN_CACHE_ENTRIES, PATTERN_CACHE_KEY_CHARS)

/** @internal how many regex.match / regex.find_n results have been computed, not found in the cache (tests). */
export const regexResultsMade = (): number => resultCache.made

/** A cache key that no other pattern and text make (the pattern's length first). */
const resultKey = (kind: string, pattern: string, text: string): string => `${kind}${pattern.length}:${pattern}${text}`

/** Go's `regexp.QuoteMeta`. */
function regexQuoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => '\\' + c)
}

const matchImpl =
  (name: string): BuiltinImpl =>
  (args) => {
    const pattern = strArg(name, args, 0)
    const value = strArg(name, args, 1)
    return resultCache.get(resultKey('m', pattern, value), () => compileRegex(name, pattern).matcher(value).find())
  }

/** Go's `FindAllStringIndex(s, n)`: non-overlapping matches, empty ones not right after a match. */
function findAllIndex(re: RE2JS, s: string, n: number): [number, number][] {
  if (n === 0) return []
  return (re.re2().findAllIndex(s, n) as [number, number][] | null) ?? []
}

// Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; a name is the
// longest run of letters, digits and `_`, so `$1x` names the group "1x".
function expand(template: string, s: string, groups: (number | undefined)[], names: Record<string, number>): string {
  let out = ''
  let rest = template
  for (;;) {
    const at = rest.indexOf('$')
    if (at < 0) break
    out += rest.slice(0, at)
    rest = rest.slice(at + 1)
    if (rest.startsWith('$')) {
      out += '$'
      rest = rest.slice(1)
      continue
    }
    const ex = extractName(rest)
    if (!ex) {
      out += '$'
      continue
    }
    rest = ex.rest
    let g = -1
    if (/^[0-9]+$/.test(ex.name) && !(ex.name.length > 1 && ex.name[0] === '0') && ex.name.length <= 8)
      g = Number(ex.name)
    else if (!/^[0-9]+$/.test(ex.name)) g = names[ex.name] ?? -1
    const st = groups[2 * g]
    const en = groups[2 * g + 1]
    if (g >= 0 && st !== undefined && en !== undefined && st >= 0) out += s.slice(st, en)
  }
  return out + rest
}

function extractName(str: string): { name: string; rest: string } | undefined {
  let brace = false
  let s = str
  if (s.startsWith('{')) {
    brace = true
    s = s.slice(1)
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(s)
  if (!m) return undefined
  const name = m[0]
  let rest = s.slice(name.length)
  if (brace) {
    if (!rest.startsWith('}')) return undefined
    rest = rest.slice(1)
  }
  return { name, rest }
}

/** Go's `ReplaceAllString`. */
function regexReplaceAll(re: RE2JS, src: string, repl: string): string {
  const m = re.matcher(src)
  const ngroups = m.groupCount()
  const names = re.namedGroups()
  let out = ''
  let lastMatchEnd = 0
  let searchPos = 0
  while (searchPos <= src.length) {
    if (!m.find(searchPos)) break
    const a0 = m.start(0)
    const a1 = m.end(0)
    out += src.slice(lastMatchEnd, a0)
    if (a1 > lastMatchEnd || a0 === 0) {
      const groups: number[] = []
      for (let g = 0; g <= ngroups; g++) groups.push(m.start(g), m.end(g))
      out += expand(repl, src, groups, names)
    }
    lastMatchEnd = a1
    const cp = src.codePointAt(searchPos)
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1
    if (searchPos + width > a1) searchPos += width
    else if (searchPos + 1 > a1) searchPos++
    else searchPos = a1
  }
  return out + src.slice(lastMatchEnd)
}

/** Go's `Regexp.Split(s, -1)`. */
function regexSplit(re: RE2JS, pattern: string, s: string): string[] {
  if (pattern.length > 0 && s.length === 0) return ['']
  const out: string[] = []
  let beg = 0
  let end = 0
  for (const [a, b] of findAllIndex(re, s, -1)) {
    end = a
    if (b !== 0) out.push(s.slice(beg, end))
    beg = b
  }
  if (end !== s.length) out.push(s.slice(beg))
  return out
}

function delimiterIndices(s: string, open: string, close: string): number[] {
  let level = 0
  let idx = 0
  const idxs: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] === open) {
      if (++level === 1) idx = i
    } else if (s[i] === close) {
      if (--level === 0) idxs.push(idx, i + 1)
      else if (level < 0) throw new Error(`unbalanced braces in ${goQuote(s)}`)
    }
  }
  if (level !== 0) throw new Error(`unbalanced braces in ${goQuote(s)}`)
  return idxs
}

/** The regex of `regex.template_match`: literal text quoted, delimited parts as regex groups, anchored. */
function compileTemplate(name: string, tpl: string, open: string, close: string): RE2JS {
  let idxs: number[]
  try {
    idxs = delimiterIndices(tpl, open, close)
  } catch (e) {
    throw builtinError(name, (e as Error).message)
  }
  let pattern = '^'
  let end = 0
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i])
    end = idxs[i + 1]!
    const patt = tpl.slice(idxs[i]! + 1, end - 1)
    pattern += `${regexQuoteMeta(raw)}(${patt})`
    compileRegex(name, `^${patt}$`)
  }
  pattern += regexQuoteMeta(tpl.slice(end)) + '$'
  return compileRegex(name, pattern)
}

const NAME_TEMPLATE = 'regex.template_match'

export const regexImpls: Record<string, BuiltinImpl> = {
  'regex.is_valid': (args) => {
    const p = args[0]
    if (typeof p !== 'string') return false
    try {
      RE2JS.compile(p)
      return true
    } catch {
      return false
    }
  },
  'regex.match': matchImpl('regex.match'),
  re_match: matchImpl('re_match'),
  'regex.split': (args) => {
    const pattern = strArg('regex.split', args, 0)
    const s = strArg('regex.split', args, 1)
    return regexSplit(compileRegex('regex.split', pattern), pattern, s)
  },
  'regex.find_n': (args) => {
    const name = 'regex.find_n'
    const pattern = strArg(name, args, 0)
    const s = strArg(name, args, 1)
    const n = intArg(name, args, 2)
    const found = resultCache.get(resultKey(`f${n},`, pattern, s), () =>
      findAllIndex(compileRegex(name, pattern), s, n).map(([a, b]) => s.slice(a, b)),
    ) as string[]
    // A copy: the caller owns the array it gets.
    return found.slice()
  },
  'regex.find_all_string_submatch_n': (args) => {
    const name = 'regex.find_all_string_submatch_n'
    const pattern = strArg(name, args, 0)
    const s = strArg(name, args, 1)
    const n = intArg(name, args, 2)
    const re = compileRegex(name, pattern)
    if (n === 0) return []
    const all = (re.re2().findAllSubmatch(s, n) as (string | null)[][] | null) ?? []
    return all.map((groups) => groups.map((g) => g ?? ''))
  },
  'regex.replace': (args) => {
    const name = 'regex.replace'
    const base = strArg(name, args, 0)
    const pattern = strArg(name, args, 1)
    const value = strArg(name, args, 2)
    return regexReplaceAll(compileRegex(name, pattern), base, value)
  },
  [NAME_TEMPLATE]: (args) => {
    const pattern = strArg(NAME_TEMPLATE, args, 0)
    const match = strArg(NAME_TEMPLATE, args, 1)
    const start = strArg(NAME_TEMPLATE, args, 2)
    const end = strArg(NAME_TEMPLATE, args, 3)
    const startLen = utf8Bytes(start).length
    if (startLen !== 1)
      throw builtinError(NAME_TEMPLATE, `start delimiter has to be exactly one character long but is ${startLen} long`)
    // OPA reports the start delimiter's length here too.
    if (utf8Bytes(end).length !== 1)
      throw builtinError(NAME_TEMPLATE, `end delimiter has to be exactly one character long but is ${startLen} long`)
    return compileTemplate(NAME_TEMPLATE, pattern, start, end).matcher(match).find()
  },
  'regex.globs_match': (args) => {
    const name = 'regex.globs_match'
    const a = strArg(name, args, 0)
    const b = strArg(name, args, 1)
    try {
      return globsIntersect(a, b)
    } catch (e) {
      throw builtinError(name, (e as Error).message)
    }
  },
}
