/**
 * The shared cases against the fetch adapter in Vercel's edge runtime (the
 * `edge-runtime` package: a sandboxed VM with edge globals only). As Vercel
 * does for an imported `.wasm`, the host binds the compiled module; the
 * function never compiles Wasm from bytes.
 */
import { runInContext } from 'node:vm'
import { EdgeRuntime, runServer } from 'edge-runtime'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { cases, makeKeys, runCase, type Keys } from './cases.js'
import { bundleApp } from './support/bundle.js'
import { buildReferencePolicy } from './support/policy.js'

let keys: Keys
let server: Awaited<ReturnType<typeof runServer>>

beforeAll(async () => {
  keys = await makeKeys()
  const { wasm, data } = buildReferencePolicy()
  const initialCode = await bundleApp('edge-runtime-entry.ts', 'iife')
  const runtime = new EdgeRuntime({
    initialCode,
    extend(context) {
      // Compiled with the sandbox's own WebAssembly, so the module belongs to its realm.
      const SandboxWasm = runInContext('WebAssembly', context) as typeof WebAssembly
      return Object.assign(context, {
        POLICY_WASM: new SandboxWasm.Module(wasm as Uint8Array<ArrayBuffer>),
        POLICY_DATA: JSON.stringify(data),
        PUBLIC_JWK: JSON.stringify(keys.publicJwk),
      })
    },
  })
  server = await runServer({ runtime, host: '127.0.0.1', port: 0 })
}, 120_000)

afterAll(async () => {
  await server?.close()
})

describe("fetch adapter in Vercel's edge-runtime", () => {
  for (const c of cases) it(c.note, () => runCase(server.url, c, keys))
})
