/**
 * `urlquery.*` and `uri.*` builtins, following Go's `net/url` (escaping,
 * `ParseQuery`, `Parse`) byte for byte, with its error messages.
 */
import { RegoObject, RegoSet, type Value } from '../value/index.js'
import { builtinError, typeError, type BuiltinImpl } from './types.js'
import { goQuote, operandError, strArg, termText, utf8Bytes, utf8String } from './text-util.js'

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment'

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)

/** Go's `shouldEscape` for one byte. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false
  const ch = String.fromCharCode(c)
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false
  if ('-_.~'.includes(ch)) return false
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?'
      case 'pathSegment':
        return '/;,?'.includes(ch)
      case 'userPassword':
        return '@/?:'.includes(ch)
      case 'queryComponent':
        return true
      case 'fragment':
        return false
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false
  return true
}

/** Go's `escape(s, mode)`. */
function urlEscape(s: string, mode: Mode): string {
  let out = ''
  for (const b of utf8Bytes(s)) {
    if (shouldEscape(b, mode)) {
      if (b === 0x20 && mode === 'queryComponent') out += '+'
      else out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
    } else out += String.fromCharCode(b)
  }
  return out
}

const isHex = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
const unhex = (c: number) => (c <= 0x39 ? c - 0x30 : c <= 0x46 ? c - 0x37 : c - 0x57)
const bytesText = (b: Uint8Array) => utf8String(b)

/** Go's `unescape(s, mode)`; throws with Go's messages. */
function urlUnescape(s: string, mode: Mode): string {
  const src = utf8Bytes(s)
  const out: number[] = []
  for (let i = 0; i < src.length;) {
    const c = src[i]!
    if (c === 0x25) {
      if (i + 2 >= src.length || !isHex(src[i + 1]) || !isHex(src[i + 2])) {
        throw new Error(`invalid URL escape ${goQuote(bytesText(src.slice(i, i + 3)))}`)
      }
      if (mode === 'host' && unhex(src[i + 1]!) < 8 && bytesText(src.slice(i, i + 3)) !== '%25') {
        throw new Error(`invalid URL escape ${goQuote(bytesText(src.slice(i, i + 3)))}`)
      }
      out.push(unhex(src[i + 1]!) * 16 + unhex(src[i + 2]!))
      i += 3
    } else if (c === 0x2b) {
      out.push(mode === 'queryComponent' ? 0x20 : 0x2b)
      i++
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new Error(`invalid character ${goQuote(String.fromCharCode(c))} in host name`)
      }
      out.push(c)
      i++
    }
  }
  return utf8String(Uint8Array.from(out))
}

/** A code-point (UTF-8 byte) order comparison, as Go sorts strings. */
const byteOrder = (a: string, b: string): number => {
  const x = Array.from(a, (c) => c.codePointAt(0)!)
  const y = Array.from(b, (c) => c.codePointAt(0)!)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

/** Go's `url.ParseQuery`: the values by key in order of appearance, and the first error. */
function parseQuery(query: string): { values: Map<string, string[]>; err?: string } {
  const values = new Map<string, string[]>()
  let err: string | undefined
  for (const part of query.split('&')) {
    if (part.includes(';')) {
      err ??= 'invalid semicolon separator in query'
      continue
    }
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq < 0 ? part : part.slice(0, eq)
    const rawValue = eq < 0 ? '' : part.slice(eq + 1)
    let key: string
    let value: string
    try {
      key = urlUnescape(rawKey, 'queryComponent')
      value = urlUnescape(rawValue, 'queryComponent')
    } catch (e) {
      err ??= (e as Error).message
      continue
    }
    const list = values.get(key)
    if (list) list.push(value)
    else values.set(key, [value])
  }
  return { values, err }
}

// --- url.Parse ---------------------------------------------------------------

interface ParsedURL {
  scheme: string
  opaque: string
  host: string
  path: string
  rawPath: string
  rawQuery: string
  fragment: string
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw]
      continue
    }
    if (c === 0x3a) {
      if (i === 0) throw new Error('missing protocol scheme')
      return [raw.slice(0, i), raw.slice(i + 1)]
    }
    return ['', raw]
  }
  return ['', raw]
}

const validOptionalPort = (port: string): boolean => port === '' || (port[0] === ':' && /^[0-9]*$/.test(port.slice(1)))

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']')
    if (i < 0) throw new Error("missing ']' in host")
    const colonPort = host.slice(i + 1)
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuote(colonPort)} after host`)
  } else {
    const i = host.lastIndexOf(':')
    if (i >= 0) {
      const colonPort = host.slice(i)
      if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuote(colonPort)} after host`)
    }
  }
  return urlUnescape(host, 'host')
}

const userinfoOk = (s: string) => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s)

function parseURLNoFragment(raw: string): ParsedURL {
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new Error('net/url: invalid control character in URL')
  const u: ParsedURL = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' }
  if (raw === '*') {
    u.path = '*'
    return u
  }
  const [scheme, rest0] = getScheme(raw)
  let rest = rest0
  u.scheme = scheme.toLowerCase()
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1)
  else {
    const q = rest.indexOf('?')
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1)
      rest = rest.slice(0, q)
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest
      return u
    }
    const segment = rest.split('/')[0]!
    if (segment.includes(':')) throw new Error('first path segment in URL cannot contain colon')
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2)
    rest = ''
    const i = authority.indexOf('/')
    if (i >= 0) {
      rest = authority.slice(i)
      authority = authority.slice(0, i)
    }
    const at = authority.lastIndexOf('@')
    u.host = parseHost(at < 0 ? authority : authority.slice(at + 1))
    if (at >= 0) {
      const userinfo = authority.slice(0, at)
      if (!userinfoOk(userinfo)) throw new Error('net/url: invalid userinfo')
      const colon = userinfo.indexOf(':')
      urlUnescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'userPassword')
      if (colon >= 0) urlUnescape(userinfo.slice(colon + 1), 'userPassword')
    }
  }
  const path = urlUnescape(rest, 'path')
  u.path = path
  u.rawPath = urlEscape(path, 'path') === rest ? '' : rest
  return u
}

/** Go's `url.Parse`; throws with its message (`parse "x": ...`). */
function parseURL(raw: string): ParsedURL {
  const hash = raw.indexOf('#')
  const u = hash < 0 ? raw : raw.slice(0, hash)
  let parsed: ParsedURL
  try {
    parsed = parseURLNoFragment(u)
  } catch (e) {
    throw new Error(`parse ${goQuote(u)}: ${(e as Error).message}`, { cause: e })
  }
  if (hash >= 0) {
    try {
      parsed.fragment = urlUnescape(raw.slice(hash + 1), 'fragment')
    } catch (e) {
      throw new Error(`parse ${goQuote(raw)}: ${(e as Error).message}`, { cause: e })
    }
  }
  return parsed
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort
  let port = ''
  const colon = host.lastIndexOf(':')
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1)
    host = host.slice(0, colon)
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  return [host, port]
}

const ENCODE_OBJECT = 'urlquery.encode_object'

export const urlqueryImpls: Record<string, BuiltinImpl> = {
  'urlquery.encode': (args) => urlEscape(strArg('urlquery.encode', args, 0), 'queryComponent'),
  'urlquery.decode': (args) => {
    const s = strArg('urlquery.decode', args, 0)
    try {
      return urlUnescape(s, 'queryComponent')
    } catch (e) {
      throw builtinError('urlquery.decode', (e as Error).message)
    }
  },
  [ENCODE_OBJECT]: (args) => {
    const obj = args[0] ?? null
    if (!(obj instanceof RegoObject)) throw typeError(ENCODE_OBJECT, 1, 'object', obj)
    const byKey = new Map<string, string[]>()
    for (const [k, v] of obj.entries()) {
      const key = typeof k === 'string' ? k : termText(k)
      let list: Value[]
      if (typeof v === 'string') list = [v]
      else if (Array.isArray(v)) list = v
      else if (v instanceof RegoSet) list = v.values()
      else throw operandError(ENCODE_OBJECT, 1, 'values must be string, array[string], or set[string]')
      if (list.some((x) => typeof x !== 'string')) {
        throw operandError(ENCODE_OBJECT, 1, 'values must be string, array[string], or set[string]')
      }
      byKey.set(key, list as string[])
    }
    const parts: string[] = []
    for (const key of [...byKey.keys()].sort(byteOrder)) {
      const k = urlEscape(key, 'queryComponent')
      for (const v of byKey.get(key)!) parts.push(`${k}=${urlEscape(v, 'queryComponent')}`)
    }
    return parts.join('&')
  },
  'urlquery.decode_object': (args) => {
    const s = strArg('urlquery.decode_object', args, 0)
    const { values, err } = parseQuery(s)
    if (err !== undefined) throw builtinError('urlquery.decode_object', err)
    return new RegoObject([...values].map(([k, vs]) => [k, vs] as [Value, Value]))
  },
  'uri.parse': (args) => {
    const s = strArg('uri.parse', args, 0)
    let u: ParsedURL
    try {
      u = parseURL(s)
    } catch (e) {
      throw builtinError('uri.parse', (e as Error).message)
    }
    const out = new RegoObject()
    const [hostname, port] = splitHostPort(u.host)
    if (u.scheme !== '') out.set('scheme', u.scheme)
    if (hostname !== '') out.set('hostname', hostname)
    if (port !== '') out.set('port', port)
    if (u.path !== '') {
      out.set('path', u.path)
      out.set('raw_path', u.rawPath || u.path)
    }
    if (u.rawQuery !== '') out.set('raw_query', u.rawQuery)
    if (u.fragment !== '') out.set('fragment', u.fragment)
    return out
  },
  'uri.is_valid': (args) => {
    const s = args[0]
    if (typeof s !== 'string' || s === '') return false
    try {
      parseURL(s)
      return true
    } catch {
      return false
    }
  },
}
