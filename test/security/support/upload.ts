/**
 * A hostile chunked upload over node:net: sends chunks of one reused buffer
 * until the server answers (or `total` bytes are sent), so the client holds
 * no more than a chunk whatever the size.
 */
import { connect } from 'node:net'
import { parseResponse, type RawResponse } from './raw-http.js'

export interface UploadResult extends RawResponse {
  /** Body bytes written before the response's status line arrived. */
  sentBeforeResponse: number
}

export function chunkedUpload(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  total: number,
  chunkSize = 64 * 1024,
): Promise<UploadResult> {
  const { hostname, port } = new URL(baseUrl)
  const chunk = Buffer.concat([
    Buffer.from(`${chunkSize.toString(16)}\r\n`),
    Buffer.alloc(chunkSize, 0x20),
    Buffer.from('\r\n'),
  ])
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let data = ''
    let sent = 0
    let sentBeforeResponse = -1
    let settled = false
    const timer = setTimeout(() => done(new Error(`no response after ${sent} bytes`)), 60_000)
    const done = (err?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      if (err && sentBeforeResponse < 0) return reject(err)
      resolve({ ...parseResponse(data), sentBeforeResponse })
    }
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => {
      if (sentBeforeResponse < 0) sentBeforeResponse = sent
      data += d
      const r = parseResponse(data)
      if (
        r.headers['content-length'] !== undefined &&
        Buffer.byteLength(r.body, 'latin1') >= Number(r.headers['content-length'])
      )
        done()
    })
    socket.on('end', () => done())
    socket.on('close', () => done())
    // The server may close while we write: that is the point.
    socket.on('error', (err) => done(err))
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${hostname}`,
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
    ]
    for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`)
    socket.write(`${head.join('\r\n')}\r\n\r\n`)
    // Yields to the event loop every MiB, so an early response is read as soon as it arrives.
    const pump = () => {
      let burst = 0
      while (!settled && sentBeforeResponse < 0 && sent < total) {
        sent += chunkSize
        burst += chunkSize
        if (!socket.write(chunk)) return void socket.once('drain', pump)
        if (burst >= 1024 * 1024) return void setImmediate(pump)
      }
      if (!settled && sentBeforeResponse < 0 && sent >= total) socket.write('0\r\n\r\n')
    }
    pump()
  })
}
