/**
 * io.jwt.encode_sign and io.jwt.encode_sign_raw: compact JWS from a header,
 * a payload and a JWK (OPA's commonBuiltinJWTEncodeSign, which reads the
 * header with jwx's lenient fastjson-based parser).
 */
import type { Value } from '../value/index.js'
import { base64UrlNoPad, goJsonMarshal, memo, stringArg, utf8 } from './crypto-util.js'
import { tokenAlgorithms } from './jwk.js'
import { jwsSign, parseJwks } from './keys.js'
import { BuiltinError, builtinError, type BuiltinImpl } from './types.js'

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

const WS = /^[ \t\n\r]*|[ \t\n\r]*$/g

/** What valyala/fastjson makes of a header text: a value, or its error. */
function fastjsonParse(text: string): { value: unknown } | { error: string } {
  const t = text.replace(WS, '')
  if (t === '') return { error: 'cannot parse empty string' }
  try {
    return { value: JSON.parse(text) }
  } catch {
    // fastjson reads any run of number characters (or inf/nan) as a number, lazily.
    if (/^[+-]?(inf|nan)$/i.test(t) || /^[0-9.eE+-]+$/.test(t)) return { value: Number.NaN }
    return { error: `cannot parse ${JSON.stringify(t.slice(0, 32))}` }
  }
}

function headerString(h: { value: unknown } | { error: string }, key: string): string {
  if ('error' in h) throw new Error(`cannot parse JSON: ${h.error}`)
  const v = h.value
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const x = (v as Record<string, unknown>)[key]
    if (typeof x === 'string') return x
  }
  throw new Error(`jwsbb: header "${key}" not found`)
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  const keys = parseJwks(jwkText)
  if (keys.length === 0) throw new Error('no keys found in JWK set')
  const headers = fastjsonParse(headerText)
  let alg: string
  try {
    alg = headerString(headers, 'alg')
  } catch (e) {
    throw new Error(`missing or invalid 'alg' header: ${message(e)}`, { cause: e })
  }
  if (!tokenAlgorithms.has(alg)) throw new Error(`unknown JWS algorithm: ${alg}`)
  let typ: string | undefined
  try {
    typ = headerString(headers, 'typ')
  } catch {
    typ = undefined
  }
  if ((typ === undefined || typ === 'JWT') && !isJson(payloadText))
    throw new Error('type is JWT but payload is not JSON')
  const input = `${base64UrlNoPad(utf8(headerText))}.${base64UrlNoPad(utf8(payloadText))}`
  const sig = jwsSign(keys[0]!.key, alg, utf8(input))
  return `${input}.${base64UrlNoPad(sig)}`
}

function run(name: string, f: () => string): string {
  try {
    return f()
  } catch (e) {
    if (e instanceof BuiltinError) throw e
    throw builtinError(name, message(e))
  }
}

export const jwtSignImpls: Readonly<Record<string, BuiltinImpl>> = {
  'io.jwt.encode_sign': (args: Value[], ctx) =>
    memo(ctx.cache, 'io.jwt.encode_sign', args, () =>
      run('io.jwt.encode_sign', () =>
        encodeSign(goJsonMarshal(args[0]!), goJsonMarshal(args[1]!), goJsonMarshal(args[2]!)),
      ),
    ),
  'io.jwt.encode_sign_raw': (args: Value[], ctx) => {
    const name = 'io.jwt.encode_sign_raw'
    const key = stringArg(name, args, 2)
    const header = stringArg(name, args, 0)
    const payload = stringArg(name, args, 1)
    return memo(ctx.cache, name, args, () => run(name, () => encodeSign(header, payload, key)))
  },
}
