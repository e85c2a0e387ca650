/** Shared pieces of the OCI tests: bundles with a revision and a counting fetch (real requests, counted). */
import { makeBundle } from '../engine/support/bundles.js'

const policy = (n: number) => `package app
decision := {"allow": true, "version": ${n}, "data_version": data.app.version}
`

/** A bundle whose decision and data both name version `n`, revision `v<n>`. */
export function versionBundle(n: number): Promise<Uint8Array> {
  return makeBundle(policy(n), ['app/decision'], { app: { version: n } }, `v${n}`)
}

/** The global fetch, with each request's method and path recorded. */
export function countingFetch(): { fetch: typeof fetch; requests: { method: string; path: string }[] } {
  const requests: { method: string; path: string }[] = []
  const counted: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    requests.push({ method: init?.method ?? 'GET', path: url.pathname })
    return fetch(input, init)
  }
  return { fetch: counted, requests }
}
