/**
 * HTTP/1.1 by hand over node:net, for what fetch will not send: a hostile
 * Host header, a request target with `#`, a chunked body of any size.
 */
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Parses the first response on a socket's bytes (Content-Length or close-delimited bodies). */
export function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  const head = text.slice(0, end === -1 ? text.length : end).split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of head.slice(1)) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  let body = end === -1 ? '' : text.slice(end + 4)
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body)
  else if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']))
  return { status, headers, body }
}

function unchunk(text: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const eol = text.indexOf('\r\n', at)
    if (eol === -1) return out
    const size = parseInt(text.slice(at, eol), 16)
    if (!(size > 0)) return out
    out += text.slice(eol + 2, eol + 2 + size)
    at = eol + 2 + size + 2
  }
}

/** Sends raw request bytes and resolves with the response once the server has sent it all. */
export function rawRequest(baseUrl: string, request: string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let data = ''
    const timer = setTimeout(
      () => socket.destroy(new Error(`no complete response in ${timeoutMs} ms: ${JSON.stringify(data.slice(0, 200))}`)),
      timeoutMs,
    )
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(parseResponse(data))
    }
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      data += chunk
      const r = parseResponse(data)
      const complete =
        r.status > 0 &&
        data.includes('\r\n\r\n') &&
        (r.headers['content-length'] === undefined
          ? data.endsWith('0\r\n\r\n')
          : Buffer.byteLength(r.body, 'latin1') >= Number(r.headers['content-length']))
      if (complete) finish()
    })
    socket.on('end', finish)
    socket.on('error', (err) => {
      clearTimeout(timer)
      if (data) resolve(parseResponse(data))
      else reject(err)
    })
    socket.write(request)
  })
}

/** A POST with a JSON body, given Host and headers verbatim. */
export function rawPost(
  target: string,
  host: string | undefined,
  headers: Record<string, string>,
  body: string,
): string {
  const lines = [
    `POST ${target} HTTP/1.1`,
    ...(host === undefined ? [] : [`Host: ${host}`]),
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ]
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}
