/**
 * A fetch server for Deno and Bun: reads the compiled policy and the config
 * from the directory given as the first argument, listens on 127.0.0.1 on a
 * free port and prints `listening <port>`.
 */
import { makeFetchApp } from './fetch-app.js'

declare const Deno: {
  args: string[]
  readFile(path: string): Promise<Uint8Array>
  readTextFile(path: string): Promise<string>
  serve(
    options: { hostname: string; port: number; onListen(addr: { port: number }): void },
    handler: (r: Request) => Promise<Response>,
  ): unknown
}
declare const Bun: {
  argv: string[]
  file(path: string): { bytes(): Promise<Uint8Array>; text(): Promise<string> }
  serve(options: { hostname: string; port: number; fetch(r: Request): Promise<Response> }): { port: number }
}

const isDeno = typeof Deno !== 'undefined'
const dir = isDeno ? Deno.args[0]! : Bun.argv[2]!
const read = (name: string) => (isDeno ? Deno.readFile(`${dir}/${name}`) : Bun.file(`${dir}/${name}`).bytes())
const readText = async (name: string) => new TextDecoder().decode(await read(name))

const app = makeFetchApp({
  wasm: await read('policy.wasm'),
  data: JSON.parse(await readText('data.json')),
  publicJwk: JSON.parse(await readText('jwk.json')),
})

if (isDeno) {
  Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening ${port}`) }, app)
} else {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app })
  console.log(`listening ${server.port}`)
}
