/** providers.aws.sign_req: AWS Signature Version 4 for a request object (OPA's providers.go). */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { RegoObject, RegoSet, toTermText, type Value } from '../value/index.js'
import { goJsonMarshal, hex, isNumber, utf8 } from './crypto-util.js'
import { httpRequestKeys } from './http-request-keys.js'
import { BuiltinError, type BuiltinImpl, typeError } from './types.js'

const NAME = 'providers.aws.sign_req'
const REQUIRED_CONFIG = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service']
const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id'])

/** builtins.NewOperandErr: a type error naming the operand. */
const operandError = (pos: number, msg: string) => new BuiltinError('eval_type_error', `${NAME}: operand ${pos} ${msg}`)

/** A set of values as OPA prints it in messages: `{"a", "b"}`. */
const setText = (items: Value[]): string => `{${new RegoSet(items).values().map(toTermText).join(', ')}}`

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : '')

const mac = (key: Uint8Array, msg: string): Uint8Array => hmac(sha256, key, utf8(msg))

/** Go's url.URL Host, EscapedPath and RawQuery for the parts SigV4 uses. */
function splitUrl(u: string): { host: string; path: string; query: string } {
  let rest = u.replace(/#.*$/, '')
  let query = ''
  const q = rest.indexOf('?')
  if (q >= 0) {
    query = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(rest)
  if (scheme) rest = rest.slice(scheme[0].length)
  let host = ''
  if (rest.startsWith('//')) {
    rest = rest.slice(2)
    const slash = rest.indexOf('/')
    host = slash >= 0 ? rest.slice(0, slash) : rest
    rest = slash >= 0 ? rest.slice(slash) : ''
    const at = host.lastIndexOf('@')
    if (at >= 0) host = host.slice(at + 1)
  }
  // Keep valid escapes as written; escape what Go's EscapedPath would.
  const path = rest.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) =>
    [...utf8(c)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
  )
  return { host, path, query }
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

export const awsImpls: Readonly<Record<string, BuiltinImpl>> = {
  [NAME]: (args) => {
    const [reqV, cfgV, tsV] = args as [Value, Value, Value]
    if (!(reqV instanceof RegoObject)) throw typeError(NAME, 1, 'object', reqV)
    if (!(cfgV instanceof RegoObject)) throw typeError(NAME, 1, 'object', cfgV)
    const missing = REQUIRED_CONFIG.filter((k) => !cfgV.has(k))
    if (missing.length > 0) throw operandError(2, `missing required AWS config parameters(s): ${setText(missing)}`)
    const invalid = REQUIRED_CONFIG.filter((k) => typeof cfgV.get(k) !== 'string')
    if (invalid.length > 0)
      throw operandError(2, `invalid values for required AWS config parameters(s): ${setText(invalid)}`)
    const service = str(cfgV.get('aws_service'))
    const accessKey = str(cfgV.get('aws_access_key'))
    const secretKey = str(cfgV.get('aws_secret_access_key'))
    const region = str(cfgV.get('aws_region'))
    const sessionToken = str(cfgV.get('aws_session_token'))

    if (!isNumber(tsV)) throw typeError(NAME, 1, 'number', tsV)
    // Int64() of the number: integers only. Negative times are refused too: OPA's
    // check fails on exponent literals such as -1e9, which this value model cannot tell apart.
    if ((typeof tsV === 'number' && !Number.isInteger(tsV)) || tsV < 0 || BigInt(tsV) > 9223372036854775807n) {
      throw operandError(3, 'could not convert time_ns value into a unix timestamp')
    }
    const ms = Number(BigInt(tsV) / 1_000_000n)

    const unknownKeys = reqV.keys().filter((k) => typeof k !== 'string' || !httpRequestKeys.has(k))
    if (unknownKeys.length > 0) throw operandError(1, `invalid request parameters(s): ${setText(unknownKeys)}`)
    const missingReq = ['method', 'url'].filter((k) => !reqV.has(k))
    if (missingReq.length > 0) throw operandError(1, `missing required request parameters(s): ${setText(missingReq)}`)
    let headers = new RegoObject()
    const headersV = reqV.get('headers')
    if (headersV !== undefined) {
      if (!(headersV instanceof RegoObject)) throw typeError(NAME, 0, 'object', headersV)
      headers = headersV
    }
    const invalidReq = ['method', 'url'].filter((k) => typeof reqV.get(k) !== 'string')
    if (invalidReq.length > 0)
      throw operandError(1, `invalid values for required request parameters(s): ${setText(invalidReq)}`)
    const url = splitUrl(reqV.get('url') as string)
    const method = reqV.get('method') as string

    const rawBody = reqV.get('raw_body')
    const body = reqV.get('body')
    const bodyBytes =
      rawBody !== undefined ? utf8(str(rawBody)) : body !== undefined ? utf8(goJsonMarshal(body)) : new Uint8Array()

    let disablePayloadSigning = false
    const dps = cfgV.get('disable_payload_signing')
    if (dps !== undefined) {
      if (typeof dps !== 'boolean') throw operandError(2, "invalid value for 'disable_payload_signing' in AWS config")
      disablePayloadSigning = dps
    }

    const contentSha = disablePayloadSigning ? 'UNSIGNED-PAYLOAD' : hex(sha256(bodyBytes))
    const d = new Date(ms)
    const dateNow = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`
    const isoNow = `${dateNow}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`

    const awsHeaders = new Map<string, string>([
      ['host', url.host],
      ['x-amz-date', isoNow],
    ])
    if (service === 's3' || service === 'glacier') awsHeaders.set('x-amz-content-sha256', contentSha)
    if (sessionToken !== '') awsHeaders.set('x-amz-security-token', sessionToken)

    // Request headers as a Go map: keys and values are strings (others become "").
    const reqHeaders = new Map<string, string>()
    for (const [k, v] of headers.entries()) reqHeaders.set(str(k), str(v))

    const toSign = new Map<string, string>(awsHeaders)
    for (const [k, v] of reqHeaders) {
      const lk = k.toLowerCase()
      if (!IGNORED_HEADERS.has(lk)) toSign.set(lk, v)
    }
    const ordered = [...toSign.keys()].sort()
    let canonical = `${method}\n${url.path}\n${url.query}\n`
    for (const k of ordered) canonical += `${k}:${toSign.get(k)}\n`
    canonical += '\n'
    const signedHeaders = ordered.join(';')
    canonical += `${signedHeaders}\n${contentSha}`

    const scope = `${dateNow}/${region}/${service}/aws4_request`
    const strToSign = `AWS4-HMAC-SHA256\n${isoNow}\n${scope}\n${hex(sha256(utf8(canonical)))}`
    let key = mac(utf8('AWS4' + secretKey), dateNow)
    key = mac(key, region)
    key = mac(key, service)
    key = mac(key, 'aws4_request')
    const signature = hex(mac(key, strToSign))
    const auth = `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`

    const outHeaders = new RegoObject()
    for (const [k, v] of reqHeaders) outHeaders.set(k, v)
    outHeaders.set('Authorization', auth)
    for (const [k, v] of awsHeaders) outHeaders.set(k, v)
    const out = new RegoObject(reqV.entries())
    out.set('headers', outHeaders)
    return out
  },
}
