/**
 * A Vercel edge function in the `edge-runtime` sandbox: a script with a
 * `fetch` listener; the compiled module and the config are globals the host
 * binds, as Vercel binds an imported `.wasm`.
 */
import { makeFetchApp } from './fetch-app.js'

declare const POLICY_WASM: WebAssembly.Module
declare const POLICY_DATA: string
declare const PUBLIC_JWK: string

interface FetchEvent extends Event {
  request: Request
  respondWith(response: Promise<Response>): void
}

const app = makeFetchApp({ wasm: POLICY_WASM, data: JSON.parse(POLICY_DATA), publicJwk: JSON.parse(PUBLIC_JWK) })
addEventListener('fetch', (event) => (event as FetchEvent).respondWith(app((event as FetchEvent).request)))
