/**
 * AWS Signature Version 4 for the bundle poller's requests to S3 and
 * S3-compatible stores (MinIO, R2, Ceph…), written with WebCrypto so it runs
 * on every runtime the engine runs on (no AWS SDK). The steps and names
 * follow AWS's "Create a signed AWS API request" (canonical request → string
 * to sign → signing key → signature).
 */
import { hex, sha256Hex } from './hex.js'

/** Credentials and scope of a SigV4-signed request (OPA: `services[_].credentials.s3_signing`). */
export interface AwsSigningCredentials {
  accessKeyId: string
  secretAccessKey: string
  /** Temporary credentials (STS, an instance role): sent as `x-amz-security-token`. */
  sessionToken?: string
  /** e.g. `us-east-1`; S3-compatible stores usually accept `us-east-1`. */
  region: string
  /** Default `s3`. */
  service?: string
}

/** A request to sign: the headers given are signed too (with `host` and the `x-amz-*` ones added here). */
export interface RequestToSign {
  method: string
  url: string
  headers?: Record<string, string>
  /** The payload (default empty). */
  body?: Uint8Array
}

const encoder = new TextEncoder()

/**
 * The headers to send with the request: the given ones (lower-cased) plus
 * `x-amz-date`, `x-amz-content-sha256` (S3), `x-amz-security-token` (with a
 * session token) and `authorization`. `host` is signed but not returned
 * (fetch sets it from the URL).
 */
export async function signAwsRequest(
  request: RequestToSign,
  credentials: AwsSigningCredentials,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  const service = credentials.service ?? 's3'
  const url = new URL(request.url)
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const payloadHash = await sha256Hex(request.body ?? new Uint8Array())
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value
  headers['x-amz-date'] = amzDate
  if (service === 's3') headers['x-amz-content-sha256'] = payloadHash
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken
  const signed: Record<string, string> = { ...headers, host: url.host }
  const names = Object.keys(signed).sort()
  const signedHeaders = names.join(';')
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname, service),
    canonicalQuery(url.searchParams),
    names.map((n) => `${n}:${signed[n]!.trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = `${day}/${credentials.region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(encoder.encode(canonicalRequest))].join(
    '\n',
  )
  let key: Uint8Array = encoder.encode(`AWS4${credentials.secretAccessKey}`)
  for (const part of [day, credentials.region, service, 'aws4_request']) key = await hmac(key, part)
  const signature = hex(await hmac(key, stringToSign))
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return headers
}

/** RFC 3986 encoding as SigV4 wants it: every byte but `A-Z a-z 0-9 - _ . ~` as %XX. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Each segment decoded (the URL parser percent-encodes) and encoded again; twice for services other than S3, as AWS says. */
function canonicalPath(pathname: string, service: string): string {
  const once = pathname
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/')
  return service === 's3' ? once || '/' : once.split('/').map(uriEncode).join('/') || '/'
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

async function hmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)))
}
