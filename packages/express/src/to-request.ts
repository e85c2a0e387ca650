/**
 * Node/Express `req` → a Web `Request` with the same URL, headers and body,
 * so the shared context code sees exactly what the fetch adapter sees.
 */
import type { IncomingMessage } from 'node:http'

/** The parts of an Express 4/5 request the mapping reads. */
export interface ExpressLikeRequest extends IncomingMessage {
  body?: unknown
  protocol?: string
  originalUrl?: string
  rawBody?: Uint8Array
  /** body-parser's "already parsed" flag (Express 4's parsers honour it). */
  _body?: boolean
}

const noBody = new Set(['GET', 'HEAD'])

/**
 * Builds the `Request`. A body a parser already produced (`express.json()`,
 * `express.text()`, `express.raw()`, `express.urlencoded()`) is re-encoded;
 * an unread body is read once and left behind on `req.body` (JSON parsed,
 * else the bytes) and `req.rawBody`, marked parsed so later body parsers
 * skip it instead of waiting on a drained stream.
 */
export async function toRequest(req: ExpressLikeRequest): Promise<Request> {
  const method = (req.method ?? 'GET').toUpperCase()
  const host = req.headers.host ?? 'localhost'
  const url = `${req.protocol ?? 'http'}://${host}${req.originalUrl ?? req.url ?? '/'}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  if (noBody.has(method)) return new Request(url, { method, headers })
  const body = await bodyBytes(req, headers)
  headers.delete('content-length')
  headers.delete('transfer-encoding')
  headers.delete('content-encoding')
  return new Request(url, { method, headers, body: body as Uint8Array<ArrayBuffer> | undefined })
}

async function bodyBytes(req: ExpressLikeRequest, headers: Headers): Promise<Uint8Array | undefined> {
  if (req.rawBody) return req.rawBody
  const parsed = req.body
  if (parsed !== undefined && (req._body || !req.readable || req.readableEnded)) return encodeParsed(parsed, headers)
  if (!hasBody(req)) return undefined
  const bytes = await readStream(req)
  req.rawBody = bytes
  req.body = isJson(headers) ? parseOrKeep(bytes) : bytes
  req._body = true
  return bytes
}

function encodeParsed(parsed: unknown, headers: Headers): Uint8Array | undefined {
  if (parsed instanceof Uint8Array) return parsed
  if (typeof parsed === 'string') return new TextEncoder().encode(parsed)
  if (parsed === null || typeof parsed !== 'object') return undefined
  // Fields from any parser (JSON, urlencoded, multer's multipart) travel as JSON.
  headers.set('content-type', 'application/json')
  return new TextEncoder().encode(JSON.stringify(parsed))
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

const isJson = (h: Headers) => /[/+]json\b/i.test(h.get('content-type') ?? '')

function parseOrKeep(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return bytes
  }
}

async function readStream(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array))
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
