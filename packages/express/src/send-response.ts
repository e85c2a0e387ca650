import type { ServerResponse } from 'node:http'

/** Writes a Web `Response` to a Node response. */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(name, value))
  res.end(new Uint8Array(await response.arrayBuffer()))
}
