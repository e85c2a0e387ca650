/**
 * Node/Express `req` → a Web `Request` with the same path, headers and body,
 * so the shared context code sees exactly what the fetch adapter sees. The
 * path is the one Express routes on (`req.originalUrl`); the Host header only
 * names the origin, and one that is not a host name refuses the request.
 */
import type { IncomingMessage } from 'node:http'
import { concatBytes, ContextError, defaultMaxBodyBytes } from '@cordon/fetch'

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

// A DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port.
const validHost = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?::\d{1,5})?$/

/**
 * Builds the `Request`. A body a parser already produced (`express.json()`,
 * `express.text()`, `express.raw()`, `express.urlencoded()`) is re-encoded;
 * an unread body is read once, counted as it streams (past `maxBodyBytes`
 * the read stops with `body_too_large`), and left behind on `req.body` (JSON
 * parsed, else the bytes) and `req.rawBody`, marked parsed so later body
 * parsers skip it instead of waiting on a drained stream. Throws a
 * ContextError for a Host or path it cannot map faithfully.
 */
export async function toRequest(req: ExpressLikeRequest, options: { maxBodyBytes?: number } = {}): Promise<Request> {
  const method = (req.method ?? 'GET').toUpperCase()
  const url = requestUrl(req)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  if (noBody.has(method)) return new Request(url, { method, headers })
  const body = await bodyBytes(req, headers, options.maxBodyBytes ?? defaultMaxBodyBytes)
  headers.delete('content-length')
  headers.delete('transfer-encoding')
  headers.delete('content-encoding')
  return new Request(url, { method, headers, body: body as Uint8Array<ArrayBuffer> | undefined })
}

/** The URL of the path Express routes on; a Host that is not a host, or a path the URL parser would rewrite, is a ContextError. */
function requestUrl(req: ExpressLikeRequest): string {
  const host = req.headers.host ?? 'localhost'
  if (!validHost.test(host)) throw new ContextError('host', 'the Host header is not a host name')
  const target = req.originalUrl ?? req.url ?? '/'
  let path = target
  if (!target.startsWith('/')) {
    // The absolute form (`POST http://a/v1/… HTTP/1.1`): Express routes on its path.
    try {
      const u = new URL(target)
      path = u.pathname + u.search
    } catch {
      throw new ContextError('path', 'the request target is not a path')
    }
  }
  const scheme = req.protocol === 'https' ? 'https' : 'http'
  let url: URL
  try {
    url = new URL(`${scheme}://${host}${path}`)
  } catch {
    throw new ContextError('host', 'the Host header and path do not form a URL')
  }
  // The URL parser resolves dot segments and backslashes that Express does not: refuse what would not decide on the routed path.
  if (url.pathname !== path.split(/[?#]/, 1)[0])
    throw new ContextError('path', 'the request path does not map to a URL unchanged')
  return url.href
}

async function bodyBytes(req: ExpressLikeRequest, headers: Headers, max: number): Promise<Uint8Array | undefined> {
  if (req.rawBody) return req.rawBody
  const parsed = req.body
  if (parsed !== undefined && (req._body || !req.readable || req.readableEnded)) return encodeParsed(parsed, headers)
  if (!hasBody(req)) return undefined
  const bytes = await readStream(req, max)
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

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

const isJson = (h: Headers) => /[/+]json\b/i.test(h.get('content-type') ?? '')

function parseOrKeep(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return bytes
  }
}

/**
 * Reads the body up to `max` bytes. Past it the stream is paused, not
 * destroyed, so the 413 can still be written on the socket; Node discards
 * the rest once the response is sent, and `Connection: close` ends it.
 */
function readStream(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0)
  const tooLarge = () => new ContextError('body', `the body is larger than ${max} bytes`, 'body_too_large')
  if (declared > max) return Promise.reject(tooLarge())
  // A parser that failed (bad JSON) consumed the stream already: nothing more will come.
  if (req.readableEnded || req.destroyed) return Promise.resolve(new Uint8Array(0))
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    const done = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted)
      if (err) reject(err)
      else resolve(concatBytes(chunks, size))
    }
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
      size += bytes.byteLength
      if (size > max) {
        req.pause()
        chunks.length = 0
        done(tooLarge())
        return
      }
      chunks.push(bytes)
    }
    const onEnd = () => done()
    const onError = (err: Error) => done(new ContextError('body', `the body could not be read: ${err.message}`))
    const onAborted = () => done(new ContextError('body', 'the client aborted the body'))
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted)
  })
}
