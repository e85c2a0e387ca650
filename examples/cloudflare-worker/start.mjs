// `start`, after `cordon build --format wasm` wrote .cordon/policy.wasm:
// bundle the Worker with esbuild, and serve it with workerd through
// miniflare on 127.0.0.1:$PORT, next to the stand-in upstream Worker.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { Miniflare } from 'miniflare'
import { bundleWorker } from '../_dev/esbuild.mjs'

const out = resolve('.cordon')
const wasmPath = `${out}/policy.wasm`
rmSync(`${out}/gateway`, { recursive: true, force: true })
await bundleWorker(resolve('worker.ts'), `${out}/gateway`)
await bundleWorker(resolve('upstream-worker.ts'), `${out}/upstream`)
/** Every file of a bundled Worker as a module (the entry first, as workerd wants). */
const modules = (dir) =>
  ['worker.js', ...readdirSync(dir).filter((f) => f !== 'worker.js')].map((f) => ({
    type: 'ESModule',
    path: f,
    contents: readFileSync(`${dir}/${f}`, 'utf8'),
  }))

const port = Number(process.env.PORT ?? 8787)
const mf = new Miniflare({
  host: '127.0.0.1',
  port,
  // No Cloudflare edge locally: request.cf says "unknown" and the client's CF-IPCountry stands in for the edge's.
  cf: { country: 'XX' },
  workers: [
    {
      name: 'gateway',
      modules: [
        ...modules(`${out}/gateway`),
        { type: 'CompiledWasm', path: 'policy.wasm', contents: readFileSync(wasmPath) },
      ],
      compatibilityDate: '2026-04-01',
      bindings: {
        POLICY_DATA: { 'ai-access': JSON.parse(readFileSync('../../policies/ai-access/data.json', 'utf8')) },
        PUBLIC_JWK: JSON.parse(readFileSync('dev-keys/public.jwk.json', 'utf8')),
      },
      serviceBindings: { UPSTREAM: 'upstream' },
    },
    {
      name: 'upstream',
      modules: modules(`${out}/upstream`),
      compatibilityDate: '2026-04-01',
    },
  ],
})
const url = await mf.ready
console.log(`cloudflare-worker gateway (workerd) listening on ${url.href.replace(/\/$/, '')}`)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => mf.dispose().then(() => process.exit(0)))
