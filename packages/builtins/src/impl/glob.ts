/**
 * `glob.match` and `glob.quote_meta` with the semantics of the Go library OPA
 * uses (gobwas/glob): `*` (no delimiter), `**` (anything), `?`, `[abc]`,
 * `[a-z]`, `[!...]`, `{a,b}` alternatives, `\` escapes. The pattern is parsed
 * as that library does (same errors), then matched through an RE2 program.
 */
import { RE2JS } from 're2js'
import { CompiledCache, PATTERN_CACHE_ENTRIES, PATTERN_CACHE_KEY_CHARS } from './compiled-cache.js'
import { typeName, type Value } from '../value/index.js'
import { builtinError, type BuiltinImpl } from './types.js'
import { oneOfError, operandError, strArg } from './text-util.js'

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'any' }
  | { kind: 'super' }
  | { kind: 'single' }
  | { kind: 'list'; chars: string; not: boolean }
  | { kind: 'range'; lo: number; hi: number; not: boolean }
  | { kind: 'anyOf'; patterns: Node[][] }

type Tok =
  | { t: 'text'; raw: string }
  | {
      t:
        | 'any'
        | 'super'
        | 'single'
        | 'rangeOpen'
        | 'rangeClose'
        | 'not'
        | 'between'
        | 'termsOpen'
        | 'termsClose'
        | 'sep'
        | 'eof'
    }
  | { t: 'lo' | 'hi'; raw: string }

class GlobError extends Error {}

/** The lexer of gobwas/glob v0.2: tokens for the whole pattern, or the error it stops at. */
function lex(pattern: string): Tok[] {
  const cs = Array.from(pattern)
  let pos = 0
  let level = 0
  const toks: Tok[] = []
  const text = (breakers: string) => {
    let data = ''
    let escaped = false
    while (pos < cs.length) {
      const c = cs[pos]!
      if (!escaped) {
        if (c === '\\') {
          escaped = true
          pos++
          continue
        }
        if (breakers.includes(c)) break
      }
      escaped = false
      data += c
      pos++
    }
    if (data.length > 0) toks.push({ t: 'text', raw: data })
  }
  for (;;) {
    if (pos >= cs.length) {
      toks.push({ t: 'eof' })
      return toks
    }
    const c = cs[pos++]!
    if (c === '{') {
      level++
      toks.push({ t: 'termsOpen' })
    } else if (c === ',' && level > 0) toks.push({ t: 'sep' })
    else if (c === '}' && level > 0) {
      toks.push({ t: 'termsClose' })
      level--
    } else if (c === '[') {
      toks.push({ t: 'rangeOpen' })
      let wantHi = false
      let wantClose = false
      let seenNot = false
      for (;;) {
        if (pos >= cs.length) throw new GlobError('unexpected end of input')
        const r = cs[pos++]!
        if (wantClose) {
          if (r !== ']') throw new GlobError('expected close range character')
          toks.push({ t: 'rangeClose' })
          break
        }
        if (wantHi) {
          toks.push({ t: 'hi', raw: r })
          wantClose = true
          continue
        }
        if (!seenNot && r === '!') {
          toks.push({ t: 'not' })
          seenNot = true
          continue
        }
        if (cs[pos] === '-') {
          pos++
          toks.push({ t: 'lo', raw: r }, { t: 'between' })
          wantHi = true
          continue
        }
        pos--
        text(']')
        wantClose = true
      }
    } else if (c === '?') toks.push({ t: 'single' })
    else if (c === '*') {
      if (cs[pos] === '*') {
        pos++
        toks.push({ t: 'super' })
      } else toks.push({ t: 'any' })
    } else {
      pos--
      text(level > 0 ? '?*[{},' : '?*[{')
    }
  }
}

/** The parser of gobwas/glob v0.2 (an unclosed `{` is accepted, as there). */
function parse(pattern: string): Node[] {
  const toks = lex(pattern)
  const root: Node[] = []
  // Stack of open alternatives: the list each alternative appends to.
  const stack: { anyOf: { kind: 'anyOf'; patterns: Node[][] }; outer: Node[] }[] = []
  let cur = root
  let i = 0
  for (;;) {
    const tok = toks[i++]!
    switch (tok.t) {
      case 'eof':
        return root
      case 'text':
        cur.push({ kind: 'text', text: tok.raw })
        break
      case 'any':
      case 'super':
      case 'single':
        cur.push({ kind: tok.t })
        break
      case 'termsOpen': {
        const anyOf = { kind: 'anyOf' as const, patterns: [[]] as Node[][] }
        cur.push(anyOf)
        stack.push({ anyOf, outer: cur })
        cur = anyOf.patterns[0]!
        break
      }
      case 'sep': {
        const top = stack[stack.length - 1]!
        const p: Node[] = []
        top.anyOf.patterns.push(p)
        cur = p
        break
      }
      case 'termsClose':
        cur = stack.pop()!.outer
        break
      case 'rangeOpen': {
        let not = false
        let lo = 0
        let hi = 0
        let chars = ''
        for (;;) {
          const r = toks[i++]!
          if (r.t === 'eof') throw new GlobError('unexpected end')
          if (r.t === 'not') not = true
          else if (r.t === 'lo') lo = r.raw.codePointAt(0)!
          else if (r.t === 'hi') {
            hi = r.raw.codePointAt(0)!
            if (hi < lo)
              throw new GlobError(`hi character '${r.raw}' should be greater than lo '${String.fromCodePoint(lo)}'`)
          } else if (r.t === 'text') chars = r.raw
          else if (r.t === 'rangeClose') {
            const isRange = lo !== 0 && hi !== 0
            if ((chars !== '') === isRange) throw new GlobError('could not parse range')
            cur.push(isRange ? { kind: 'range', lo, hi, not } : { kind: 'list', chars, not })
            break
          }
        }
        break
      }
      default:
        throw new GlobError(`unexpected token: ${tok.t}`)
    }
  }
}

const reEscape = (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => '\\' + c)
const classEscape = (s: string) => s.replace(/[\\\][^-]/g, (c) => '\\' + c)
const cp = (n: number) => classEscape(String.fromCodePoint(n))

function toRegex(nodes: Node[], seps: string): string {
  const notSep = seps === '' ? '.' : `[^${classEscape(seps)}]`
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text':
          return reEscape(n.text)
        case 'any':
          return `${notSep}*`
        case 'super':
          return '.*'
        case 'single':
          return notSep
        case 'list':
          return `[${n.not ? '^' : ''}${classEscape(n.chars)}]`
        case 'range':
          return `[${n.not ? '^' : ''}${cp(n.lo)}-${cp(n.hi)}]`
        case 'anyOf':
          return `(?:${n.patterns.map((p) => toRegex(p, seps)).join('|')})`
      }
    })
    .join('')
}

/** Compiled globs by pattern and delimiters (compiled-cache.ts). */
export const globCache = new CompiledCache<RE2JS>(PATTERN_CACHE_ENTRIES, PATTERN_CACHE_KEY_CHARS)

/** Compiles a glob with its delimiters; a malformed glob throws an Error with gobwas/glob's message. */
function compileGlob(pattern: string, delimiters: string[]): RE2JS {
  const id = `${pattern}\u0000${delimiters.join('')}`
  return globCache.get(id, () => RE2JS.compile(`(?s)\\A(?:${toRegex(parse(pattern), delimiters.join(''))})\\z`))
}

/** gobwas/glob's `QuoteMeta`: a backslash before each of `*?\[]{}`. */
function globQuoteMeta(s: string): string {
  return s.replace(/[*?\\[\]{}]/g, (c) => '\\' + c)
}

function delimitersOf(v: Value): string[] {
  const name = 'glob.match'
  if (v === null) return []
  if (!Array.isArray(v)) throw oneOfError(name, 2, ['array', 'null'], v)
  const out: string[] = []
  for (const d of v) {
    if (typeof d !== 'string')
      throw operandError(name, 2, `must be array of strings but got array containing ${typeName(d)}`)
    const rs = Array.from(d)
    if (rs.length !== 1) throw operandError(name, 2, 'must be array of runes but got array containing string')
    out.push(rs[0]!)
  }
  return out.length === 0 ? ['.'] : out
}

export const globImpls: Record<string, BuiltinImpl> = {
  'glob.match': (args) => {
    const pattern = strArg('glob.match', args, 0)
    const delimiters = delimitersOf(args[1] ?? null)
    const match = strArg('glob.match', args, 2)
    try {
      return compileGlob(pattern, delimiters).matcher(match).find()
    } catch (e) {
      if (e instanceof GlobError) throw builtinError('glob.match', e.message)
      throw e
    }
  },
  'glob.quote_meta': (args) => globQuoteMeta(strArg('glob.quote_meta', args, 0)),
}
