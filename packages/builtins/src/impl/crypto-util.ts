/**
 * Byte-level helpers shared by the security builtins: UTF-8, hex, Go-compatible
 * base64 (same error offsets as Go's encoding/base64), Go's PEM decoder, a
 * small DER reader, Go-style JSON marshalling of Rego values, and argument checks.
 */
import {
  DecimalNumber,
  keyOf,
  normalizeInteger,
  parseTermText,
  RegoObject,
  RegoSet,
  type Value,
} from '../value/index.js'
import { typeError } from './types.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export const utf8 = (s: string): Uint8Array => encoder.encode(s)
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b)

/** Bytes as a Go string would hold them: each byte one char is not possible, so invalid UTF-8 is replaced. */
export function hex(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += x.toString(16).padStart(2, '0')
  return s
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!
  return d === 0
}

export function startsWith(b: Uint8Array, prefix: string): boolean {
  if (b.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix.charCodeAt(i)) return false
  return true
}

// ---------------------------------------------------------------------------
// Big integers

export function bytesToBigInt(b: Uint8Array): bigint {
  let n = 0n
  for (const x of b) n = (n << 8n) | BigInt(x)
  return n
}

export function bigIntToBytes(n: bigint, length?: number): Uint8Array {
  let h = n.toString(16)
  if (h.length % 2) h = '0' + h
  if (n === 0n) h = ''
  const raw = new Uint8Array(h.length / 2)
  for (let i = 0; i < raw.length; i++) raw[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16)
  if (length === undefined || raw.length === length) return raw
  if (raw.length > length) throw new Error('integer too large')
  const out = new Uint8Array(length)
  out.set(raw, length - raw.length)
  return out
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n
  let result = 1n
  let b = base % mod
  let e = exp
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod
    e >>= 1n
    b = (b * b) % mod
  }
  return result
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  return ((oldS % m) + m) % m
}

// ---------------------------------------------------------------------------
// Base64, with Go's semantics

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1)
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i
  return m
}
const STD_MAP = decodeMap(STD)
const URL_MAP = decodeMap(URL)

/** Go's base64.CorruptInputError. */
class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
  }
}

/**
 * Go's base64 decoder (Encoding.DecodeString): skips CR and LF, reports the
 * offset of the first bad byte exactly as Go does.
 */
export function goBase64Decode(input: string | Uint8Array, opts: { url?: boolean; padded?: boolean } = {}): Uint8Array {
  const src = typeof input === 'string' ? utf8(input) : input
  const map = opts.url ? URL_MAP : STD_MAP
  const padded = opts.padded ?? true
  const out: number[] = []
  let si = 0
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0]
    let dlen = 4
    let trailing: Base64Error | undefined
    let j = 0
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out)
        if (j === 1 || padded) throw new Base64Error(si - j)
        dlen = j
        break
      }
      const c = src[si]!
      si++
      const v = map[c]!
      if (v >= 0) {
        dbuf[j] = v
        continue
      }
      if (c === 10 || c === 13) {
        j--
        continue
      }
      if (!padded || c !== 61) throw new Base64Error(si - 1)
      // padding
      if (j === 0 || j === 1) throw new Base64Error(si - 1)
      if (j === 2) {
        while (si < src.length && (src[si] === 10 || src[si] === 13)) si++
        if (si === src.length) throw new Base64Error(src.length)
        if (src[si] !== 61) throw new Base64Error(si - 1)
        si++
      }
      while (si < src.length && (src[si] === 10 || src[si] === 13)) si++
      if (si < src.length) trailing = new Base64Error(si)
      dlen = j
      break
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!
    const b = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff]
    if (dlen >= 2) out.push(b[0]!)
    if (dlen >= 3) out.push(b[1]!)
    if (dlen >= 4) out.push(b[2]!)
    if (trailing) throw trailing
    if (dlen < 4) return Uint8Array.from(out)
  }
  return Uint8Array.from(out)
}

/**
 * OPA's base64url.decode: adds missing padding (RFC 7515 appendix C), then
 * decodes with Go's padded URL alphabet.
 */
export function opaBase64UrlDecode(s: string): Uint8Array {
  let t = s
  if (!t.endsWith('=')) {
    switch (utf8(t).length % 4) {
      case 0:
        break
      case 2:
        t += '=='
        break
      case 3:
        t += '='
        break
      default:
        throw new Error(`illegal base64url string: ${s}`)
    }
  }
  return goBase64Decode(t, { url: true })
}

export function base64Encode(b: Uint8Array, opts: { url?: boolean; pad?: boolean } = {}): string {
  const alphabet = opts.url ? URL : STD
  const pad = opts.pad ?? !opts.url
  let s = ''
  let i = 0
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!
    s += alphabet[(v >> 18) & 63]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + alphabet[v & 63]!
  }
  const rest = b.length - i
  if (rest === 1) {
    const v = b[i]! << 16
    s += alphabet[(v >> 18) & 63]! + alphabet[(v >> 12) & 63]! + (pad ? '==' : '')
  } else if (rest === 2) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8)
    s += alphabet[(v >> 18) & 63]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + (pad ? '=' : '')
  }
  return s
}

export const base64UrlNoPad = (b: Uint8Array): string => base64Encode(b, { url: true, pad: false })

// ---------------------------------------------------------------------------
// PEM, with Go's encoding/pem semantics

export interface PemBlock {
  type: string
  headers: Record<string, string>
  bytes: Uint8Array
}

function getLine(s: string): [string, string] {
  const i = s.indexOf('\n')
  let line: string
  let rest: string
  if (i < 0) {
    line = s
    rest = ''
  } else {
    line = s.slice(0, i)
    rest = s.slice(i + 1)
  }
  return [line.replace(/[ \t\r]+$/, ''), rest]
}

/** Go's pem.Decode: the first block and the rest, or undefined and the whole input. */
export function pemDecode(data: string): [PemBlock | undefined, string] {
  let rest = data
  for (;;) {
    if (rest.startsWith('-----BEGIN ')) rest = rest.slice(11)
    else {
      const i = rest.indexOf('\n-----BEGIN ')
      if (i < 0) return [undefined, data]
      rest = rest.slice(i + 12)
    }
    let typeLine: string
    ;[typeLine, rest] = getLine(rest)
    if (!typeLine.endsWith('-----')) continue
    typeLine = typeLine.slice(0, -5)
    const headers: Record<string, string> = {}
    let sawHeader = false
    let eof = false
    for (;;) {
      if (rest.length === 0) {
        eof = true
        break
      }
      const [line, next] = getLine(rest)
      const c = line.indexOf(':')
      if (c < 0) break
      headers[line.slice(0, c).trim()] = line.slice(c + 1).trim()
      sawHeader = true
      rest = next
    }
    if (eof) return [undefined, data]
    let endIndex: number
    let endTrailerIndex: number
    if (!sawHeader && rest.startsWith('-----END ')) {
      endIndex = 0
      endTrailerIndex = 9
    } else {
      endIndex = rest.indexOf('\n-----END ')
      endTrailerIndex = endIndex + 10
    }
    if (endIndex < 0) continue
    let endTrailer = rest.slice(endTrailerIndex)
    const trailerLen = typeLine.length + 5
    if (endTrailer.length < trailerLen) continue
    const restOfEndLine = endTrailer.slice(trailerLen)
    endTrailer = endTrailer.slice(0, trailerLen)
    if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith('-----')) continue
    if (getLine(restOfEndLine)[0].length !== 0) continue
    const b64 = rest.slice(0, endIndex).replace(/[ \t]/g, '')
    let bytes: Uint8Array
    try {
      bytes = goBase64Decode(b64)
    } catch {
      continue
    }
    const after = rest.slice(endIndex + 10 - 1)
    return [{ type: typeLine, headers, bytes }, getLine(after)[1]]
  }
}

// ---------------------------------------------------------------------------
// DER

export interface Der {
  /** tag byte (class, constructed bit and number) */
  tag: number
  /** content bytes */
  value: Uint8Array
  /** the whole TLV */
  raw: Uint8Array
}

export class DerError extends Error {}

/** Reads one TLV at offset; returns it and the offset after it. */
export function readDer(buf: Uint8Array, offset = 0): [Der, number] {
  if (offset + 2 > buf.length) throw new DerError('asn1: syntax error: data truncated')
  const tag = buf[offset]!
  if ((tag & 0x1f) === 0x1f) throw new DerError('asn1: structure error: high-tag-number form not supported')
  let len = buf[offset + 1]!
  let p = offset + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new DerError('asn1: structure error: length too large')
    len = 0
    for (let i = 0; i < n; i++) {
      if (p >= buf.length) throw new DerError('asn1: syntax error: data truncated')
      len = len * 256 + buf[p++]!
    }
  }
  if (p + len > buf.length) throw new DerError('asn1: syntax error: data truncated')
  return [{ tag, value: buf.subarray(p, p + len), raw: buf.subarray(offset, p + len) }, p + len]
}

/** Parses exactly one TLV filling the buffer. */
export function parseDer(buf: Uint8Array): Der {
  const [d, end] = readDer(buf, 0)
  if (end !== buf.length) throw new DerError('asn1: syntax error: trailing data')
  return d
}

/** The children of a constructed value. */
export function derChildren(d: Der): Der[] {
  const out: Der[] = []
  let p = 0
  while (p < d.value.length) {
    const [c, next] = readDer(d.value, p)
    out.push(c)
    p = next
  }
  return out
}

export function derExpect(d: Der | undefined, tag: number, what: string): Der {
  if (!d || d.tag !== tag) throw new DerError(`asn1: structure error: tags don't match (${what})`)
  return d
}

export function derInt(d: Der | undefined): bigint {
  const v = derExpect(d, 0x02, 'integer').value
  if (v.length === 0) throw new DerError('asn1: structure error: empty integer')
  let n = bytesToBigInt(v)
  if (v[0]! & 0x80) n -= 1n << BigInt(8 * v.length)
  return n
}

export function derOid(d: Der | undefined): number[] {
  const v = derExpect(d, 0x06, 'object identifier').value
  const out: number[] = []
  let acc = 0
  for (let i = 0; i < v.length; i++) {
    acc = acc * 128 + (v[i]! & 0x7f)
    if (!(v[i]! & 0x80)) {
      if (out.length === 0) {
        const first = acc < 80 ? Math.floor(acc / 40) : 2
        out.push(first, acc - 40 * first)
      } else out.push(acc)
      acc = 0
    }
  }
  return out
}

export const oidString = (oid: number[]): string => oid.join('.')

function encodeDerLength(n: number): Uint8Array {
  if (n < 128) return Uint8Array.of(n)
  const bytes: number[] = []
  while (n > 0) {
    bytes.unshift(n & 0xff)
    n = Math.floor(n / 256)
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes])
}

export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), encodeDerLength(content.length), content)
}

export function derEncodeInt(n: bigint): Uint8Array {
  let b = bigIntToBytes(n)
  if (b.length === 0 || b[0]! & 0x80) b = concatBytes(Uint8Array.of(0), b)
  return derTlv(0x02, b)
}

// ---------------------------------------------------------------------------
// JSON

/** Go's json.Marshal string escaping (HTML-safe). */
function goJsonString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (c < 0x20) {
      if (ch === '\n') out += '\\n'
      else if (ch === '\r') out += '\\r'
      else if (ch === '\t') out += '\\t'
      else out += '\\u' + c.toString(16).padStart(4, '0')
    } else if (ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0')
    } else out += ch
  }
  return out + '"'
}

function goNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString()
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  return String(n)
}

/** A Rego value as Go's json.Marshal(ast.JSON(v)) writes it: sorted keys, sets as arrays. */
export function goJsonMarshal(v: Value): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number' || typeof v === 'bigint') return goNumber(v)
  if (typeof v === 'string') return goJsonString(v)
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`
  if (v instanceof RegoSet) return `[${v.values().map(goJsonMarshal).join(',')}]`
  if (v instanceof DecimalNumber) return v.text
  const entries = v.entries().map(([k, x]) => [typeof k === 'string' ? k : goJsonMarshal(k), x] as const)
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return `{${entries.map(([k, x]) => `${goJsonString(k)}:${goJsonMarshal(x)}`).join(',')}}`
}

/**
 * Parses JSON text into a Rego value, keeping big integers exact (as OPA's
 * json.unmarshal does). Duplicate keys: the last wins. Throws SyntaxError.
 */
export function parseJsonValue(text: string): Value {
  JSON.parse(text) // validates strict JSON
  return parseTermText(text)
}

/** Plain JSON data to a Rego value. */
export function jsonToValue(data: unknown): Value {
  if (data === null || data === undefined) return null
  if (typeof data === 'number') return data
  if (typeof data === 'bigint') return normalizeInteger(data)
  if (typeof data === 'string' || typeof data === 'boolean') return data
  if (Array.isArray(data)) return data.map(jsonToValue)
  if (data instanceof Uint8Array) return base64Encode(data)
  return new RegoObject(Object.entries(data as object).map(([k, x]) => [k, jsonToValue(x)]))
}

// ---------------------------------------------------------------------------
// Arguments

export function stringArg(name: string, args: Value[], i: number): string {
  const v = args[i]!
  if (typeof v !== 'string') throw typeError(name, i + 1, 'string', v)
  return v
}

export function objectArg(name: string, args: Value[], i: number): RegoObject {
  const v = args[i]!
  if (!(v instanceof RegoObject)) throw typeError(name, i + 1, 'object', v)
  return v
}

export function isNumber(v: Value | undefined): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint'
}

/** Memoises a nondeterministic builtin per arguments within one evaluation. */
export function memo(
  cache: Map<string, Value>,
  name: string,
  args: Value[],
  f: () => Value | undefined,
): Value | undefined {
  const key = `${name}(${args.map(keyOf).join(',')})`
  if (cache.has(key)) return cache.get(key)
  const v = f()
  if (v !== undefined) cache.set(key, v)
  return v
}
