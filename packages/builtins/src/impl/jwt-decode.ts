/**
 * io.jwt.decode, and the token helpers the other io.jwt builtins share
 * (OPA's decodeJWT, decodeHeader, extractJSONObject, parseTokenHeader).
 */
import { RegoObject, type Value } from '../value/index.js'
import { fromUtf8, hex, opaBase64UrlDecode, parseJsonValue } from './crypto-util.js'
import { BuiltinError, builtinError, type BuiltinImpl, typeError } from './types.js'

export interface Token {
  header: string
  payload: string
  signature: string
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** OPA's decodeJWT: the three sections of a compact JWS. */
export function splitToken(name: string, v: Value): Token {
  if (typeof v !== 'string') throw typeError(name, 1, 'string', v)
  if (!v.includes('.')) throw builtinError(name, 'encoded JWT had no period separators')
  const parts = v.split('.')
  if (parts.length !== 3) throw builtinError(name, `encoded JWT must have 3 sections, found ${parts.length}`)
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! }
}

/** base64url.decode as a Go string (bytes read as UTF-8). */
export function b64text(s: string): string {
  return fromUtf8(opaBase64UrlDecode(s))
}

/** OPA's extractJSONObject. */
export function jsonObject(text: string): RegoObject {
  let v: Value
  try {
    v = parseJsonValue(text)
  } catch (e) {
    throw new Error(`invalid JSON: ${message(e)}`, { cause: e })
  }
  if (!(v instanceof RegoObject)) throw new Error('decoded JSON type was not an Object')
  return v
}

/** OPA's decodeHeader + validateJWTHeader. */
export function decodeHeader(name: string, token: Token): RegoObject {
  let text: string
  try {
    text = b64text(token.header)
  } catch (e) {
    throw builtinError(name, `JWT header had invalid encoding: ${message(e)}`)
  }
  let header: RegoObject
  try {
    header = jsonObject(text)
  } catch (e) {
    throw builtinError(name, `bad JWT header: ${message(e)}`)
  }
  if (header.get('enc') !== undefined) throw builtinError(name, 'JWT is a JWE object, which is not supported')
  return header
}

/** The signature bytes; errors are reported without a prefix (as in OPA). */
export function decodeSignature(name: string, token: Token): Uint8Array {
  try {
    return opaBase64UrlDecode(token.signature)
  } catch (e) {
    throw builtinError(name, message(e))
  }
}

export interface TokenHeader {
  alg: string
  kid: string
  typ: string
  cty: string
  crit: Set<string>
  unknown: string[]
}

/** OPA's parseTokenHeader. */
export function parseTokenHeader(name: string, header: RegoObject): TokenHeader {
  const h: TokenHeader = { alg: '', kid: '', typ: '', cty: '', crit: new Set(), unknown: [] }
  for (const [k, v] of header.entries()) {
    const key = String(k)
    switch (key) {
      case 'alg':
      case 'kid':
      case 'typ':
      case 'cty':
        if (typeof v !== 'string') throw builtinError(name, `${key}: must be a string`)
        h[key] = v
        break
      case 'crit':
        if (!Array.isArray(v)) throw builtinError(name, 'crit: must be a list')
        for (const item of v) if (typeof item === 'string') h.crit.add(item)
        if (h.crit.size === 0) throw builtinError(name, 'crit: must be a nonempty list')
        break
      default:
        h.unknown.push(key)
    }
  }
  return h
}

/** RFC 7515: alg must be present and no unrecognised critical parameter. */
export function headerValid(h: TokenHeader): boolean {
  if (h.alg === '') return false
  return !h.unknown.some((u) => h.crit.has(u))
}

function decode(name: string, input: Value): Value {
  const token = splitToken(name, input)
  const header = decodeHeader(name, token)
  let payloadText: string
  try {
    payloadText = b64text(token.payload)
  } catch (e) {
    throw builtinError(name, `JWT payload had invalid encoding: ${message(e)}`)
  }
  const cty = header.get('cty')
  if (cty === 'JWT') {
    // A nested token: its text may be quoted.
    return decode(name, payloadText.replace(/^["']+/, '').replace(/["']+$/, ''))
  }
  let payload: RegoObject
  try {
    payload = jsonObject(payloadText)
  } catch (e) {
    throw builtinError(name, message(e))
  }
  let sig: Uint8Array
  try {
    sig = opaBase64UrlDecode(token.signature)
  } catch (e) {
    throw builtinError(name, `JWT signature had invalid encoding: ${message(e)}`)
  }
  return [header, payload, hex(sig)]
}

export const jwtDecodeImpls: Readonly<Record<string, BuiltinImpl>> = {
  'io.jwt.decode': (args) => {
    try {
      return decode('io.jwt.decode', args[0]!)
    } catch (e) {
      if (e instanceof BuiltinError) throw e
      throw builtinError('io.jwt.decode', message(e))
    }
  },
}
