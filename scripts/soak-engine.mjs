#!/usr/bin/env node
// Soak test of @cordon/engine: N decisions in one engine instance, memory
// before and after (process RSS and heap, and the policy's Wasm linear
// memory), throughput and decide() latency percentiles. Uses the built
// packages: run `pnpm build` first.
//
// Usage: node --expose-gc scripts/soak-engine.mjs [--n 10000000] [--json FILE] [--log]
//   --log  also writes every decision to a (discarding) callback sink with masking
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

export const soakPolicy = `package ai_access
import rego.v1

default allow := false
allow if {
  input.user.role in data.roles
  not input.model in data.suspended_models
  count(input.prompt) < 4096
}
decision := {"allow": allow, "code": code, "reasons": reasons}
code := "ok" if allow
code := "denied" if not allow
reasons := [r | some r in ["role", "model"]; not allow]
`

export const soakData = { roles: ['admin', 'analyst'], suspended_models: ['m-old'] }

/**
 * Runs `n` decisions against `engine` with varied inputs; returns figures.
 * `engine` is an Engine of @cordon/engine (source or dist).
 */
export async function runSoak(engine, n, { onProgress } = {}) {
  const gc = globalThis.gc ?? (() => {})
  const mem = () => {
    gc()
    const m = process.memoryUsage()
    return {
      rssMiB: mb(m.rss),
      heapUsedMiB: mb(m.heapUsed),
      externalMiB: mb(m.external),
      arrayBuffersMiB: mb(m.arrayBuffers),
      wasmMiB: mb(engine.memoryBytes),
    }
  }
  const inputs = Array.from({ length: 64 }, (_, i) => ({
    user: { id: `u-${i}`, role: ['admin', 'analyst', 'guest'][i % 3] },
    model: i % 7 === 0 ? 'm-old' : 'm-new',
    prompt: 'x'.repeat(i * 8),
  }))
  // warm up, then measure
  for (let i = 0; i < Math.min(n, 10_000); i++)
    await engine.decide(inputs[i % 64], { entrypoint: 'ai_access/decision' })
  const before = mem()
  const samples = new Float64Array(Math.min(n, 200_000))
  const every = Math.max(1, Math.floor(n / samples.length))
  let sampled = 0
  let allowed = 0
  let failures = 0
  const start = performance.now()
  for (let i = 0; i < n; i++) {
    const t0 = i % every === 0 ? performance.now() : 0
    const d = await engine.decide(inputs[i % 64], { entrypoint: 'ai_access/decision' })
    if (t0 && sampled < samples.length) samples[sampled++] = performance.now() - t0
    if (d.allow) allowed++
    if (d.code !== 'ok' && d.code !== 'denied') failures++
    if (onProgress && i > 0 && i % 1_000_000 === 0) onProgress(i, mem())
  }
  const seconds = (performance.now() - start) / 1000
  const after = mem()
  const sorted = samples.subarray(0, sampled).sort()
  const pct = (p) =>
    sorted.length
      ? Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 1000).toFixed(1))
      : 0
  return {
    decisions: n,
    allowed,
    failures,
    seconds: Number(seconds.toFixed(2)),
    decisionsPerSecond: Math.round(n / seconds),
    p50us: pct(50),
    p99us: pct(99),
    before,
    after,
  }
}

const mb = (b) => Number((b / 1024 / 1024).toFixed(1))

async function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '10000000' },
      json: { type: 'string' },
      log: { type: 'boolean', default: false },
    },
  })
  const { createEngine, callbackSink } = await import('../packages/engine/dist/index.js')
  const { buildWasm, writeBundle } = await import('../packages/wasm/dist/index.js')
  const built = buildWasm([{ file: 'policy.rego', text: soakPolicy }], { entrypoints: ['ai_access/decision'] })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  const bundle = await writeBundle({
    wasm: built.wasm,
    data: soakData,
    entrypoints: ['ai_access/decision'],
    revision: 'soak',
  })
  const engine = await createEngine({
    bundle,
    limits: { maxMemoryPages: 256 },
    ...(values.log ? { decisionLog: { sinks: [callbackSink(() => {})], mask: ['/user/id'] } } : {}),
  })
  const n = Number(values.n)
  process.stderr.write(
    `soak: ${n} decisions${globalThis.gc ? '' : ' (run with --expose-gc for steadier memory figures)'}\n`,
  )
  const result = await runSoak(engine, n, {
    onProgress: (i, m) => process.stderr.write(`  ${i}: ${JSON.stringify(m)}\n`),
  })
  console.log(JSON.stringify(result, null, 2))
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2))
  if (result.failures > 0) process.exitCode = 1
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
