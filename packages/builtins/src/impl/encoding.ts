/**
 * base64 / base64url / hex builtins, byte-exact with Go's `encoding/base64`
 * and `encoding/hex` (strings are UTF-8 bytes, as in Go), and the same errors.
 */
import { builtinError, type BuiltinImpl } from './types.js'
import { strArg, utf8Bytes, utf8String } from './text-util.js'

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function b64encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '')
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '')
  }
  return out
}

class CorruptInput extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
  }
}

/** Go's padded `Encoding.DecodeString`: newlines are skipped, anything else out of place is an error at its byte offset. */
function b64decode(src: Uint8Array, alphabet: string): Uint8Array {
  const map = new Int16Array(256).fill(-1)
  for (let i = 0; i < 64; i++) map[alphabet.charCodeAt(i)] = i
  const out: number[] = []
  const EQ = 0x3d
  const nl = (c: number | undefined) => c === 0x0a || c === 0x0d
  let si = 0
  for (;;) {
    const dbuf = [0, 0, 0, 0]
    let dlen = 4
    let j = 0
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out)
        throw new CorruptInput(si - j)
      }
      const c = src[si++]!
      if (nl(c)) continue
      const v = map[c]!
      if (v >= 0) {
        dbuf[j++] = v
        continue
      }
      if (c !== EQ) throw new CorruptInput(si - 1)
      // Padding: only after 2 or 3 symbols, `==` after 2.
      if (j === 0 || j === 1) throw new CorruptInput(si - 1)
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++
        if (si === src.length) throw new CorruptInput(src.length)
        if (src[si] !== EQ) throw new CorruptInput(si - 1)
        si++
      }
      while (si < src.length && nl(src[si])) si++
      if (si < src.length) throw new CorruptInput(si)
      dlen = j
      break
    }
    const n = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!
    if (dlen >= 2) out.push((n >> 16) & 255)
    if (dlen >= 3) out.push((n >> 8) & 255)
    if (dlen === 4) out.push(n & 255)
    if (dlen < 4) return Uint8Array.from(out)
  }
}

const HEX = '0123456789abcdef'

function hexEncode(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!
  return out
}

const hexVal = (b: number): number =>
  b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1

// Go's `%#U` of a byte: `U+0067 'g'`, the quoted character only when printable.
function invalidByte(b: number): string {
  const ch = String.fromCodePoint(b)
  const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)
  return `encoding/hex: invalid byte: U+${b.toString(16).toUpperCase().padStart(4, '0')}${printable ? ` '${ch}'` : ''}`
}

/** Go's `hex.DecodeString`, with its errors. */
function hexDecode(src: Uint8Array): Uint8Array {
  const out: number[] = []
  let j = 1
  for (; j < src.length; j += 2) {
    const a = hexVal(src[j - 1]!)
    const b = hexVal(src[j]!)
    if (a < 0) throw new Error(invalidByte(src[j - 1]!))
    if (b < 0) throw new Error(invalidByte(src[j]!))
    out.push((a << 4) | b)
  }
  if (src.length % 2 === 1) {
    if (hexVal(src[j - 1]!) < 0) throw new Error(invalidByte(src[j - 1]!))
    throw new Error('encoding/hex: odd length hex string')
  }
  return Uint8Array.from(out)
}

function decodeWith(name: string, f: () => Uint8Array): string {
  try {
    return utf8String(f())
  } catch (e) {
    throw builtinError(name, (e as Error).message)
  }
}

export const encodingImpls: Record<string, BuiltinImpl> = {
  'base64.encode': (args) => b64encode(utf8Bytes(strArg('base64.encode', args, 0)), STD, true),
  'base64.decode': (args) => {
    const s = strArg('base64.decode', args, 0)
    return decodeWith('base64.decode', () => b64decode(utf8Bytes(s), STD))
  },
  'base64.is_valid': (args) => {
    const s = args[0]
    if (typeof s !== 'string') return false
    try {
      b64decode(utf8Bytes(s), STD)
      return true
    } catch {
      return false
    }
  },
  'base64url.encode': (args) => b64encode(utf8Bytes(strArg('base64url.encode', args, 0)), URL, true),
  'base64url.encode_no_pad': (args) => b64encode(utf8Bytes(strArg('base64url.encode_no_pad', args, 0)), URL, false),
  'base64url.decode': (args) => {
    const name = 'base64url.decode'
    let s = strArg(name, args, 0)
    // Unpadded input is padded first (RFC 7515 appendix C), as OPA does.
    if (!s.endsWith('=')) {
      const len = utf8Bytes(s).length % 4
      if (len === 2) s += '=='
      else if (len === 3) s += '='
      else if (len === 1) throw builtinError(name, `illegal base64url string: ${s}`)
    }
    return decodeWith(name, () => b64decode(utf8Bytes(s), URL))
  },
  'hex.encode': (args) => hexEncode(utf8Bytes(strArg('hex.encode', args, 0))),
  'hex.decode': (args) => {
    const s = strArg('hex.decode', args, 0)
    return decodeWith('hex.decode', () => hexDecode(utf8Bytes(s)))
  },
}
