#!/usr/bin/env node
// What `explain` (@cordon/cli/explain, ADR 0012) costs on the reference
// policy against the plain path: buildWasm + instantiate + evaluate, then
// explain() (a compile of the instrumented policy + evaluate), alternating,
// 7 runs each, medians; and the size of the trace. After `pnpm build`.
//
// Usage: node scripts/bench/explain.mjs
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
const root = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..') + '/').href
const { explain } = await import(root + 'packages/cli/dist/explain.js')
const { buildWasm } = await import(root + 'packages/wasm/dist/index.js')
const { PolicyInstance } = await import(root + 'packages/engine/dist/index.js')
const { hostBuiltinImpls } = await import(root + 'packages/builtins/dist/index.js')
const file = 'policies/ai-access/policy.rego'
const text = readFileSync(new URL(file, root), 'utf8')
const data = { 'ai-access': JSON.parse(readFileSync(new URL('policies/ai-access/data.json', root), 'utf8')) }
const input = {
  user: { id: 'u2', nationality: 'DE', verified: true, tier: 'pro' },
  request: { country: 'DE', region: 'DE-BE', time: '2026-11-27T12:00:00Z' },
  model: { id: 'frontier-1', provider: 'acme' },
  capability: 'chat',
}
const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const plain = [],
  ex = []
let out
for (let i = 0; i < 7; i++) {
  let t = performance.now()
  const b = buildWasm([{ file, text }], { entrypoints: ['ai_access/decision'] })
  const inst = await PolicyInstance.create(b.wasm, { hostBuiltins: hostBuiltinImpls })
  inst.setData(data)
  inst.evaluate(input, 'ai_access/decision')
  plain.push(performance.now() - t)
  t = performance.now()
  out = await explain({ sources: [{ file, text }], entrypoint: 'data.ai_access.decision', input, data })
  ex.push(performance.now() - t)
}
console.log(
  `plain build+evaluate median ${med(plain).toFixed(0)} ms; explain median ${med(ex).toFixed(0)} ms (7 runs each, alternating)`,
)
console.log(
  `trace: ${out.trace.bodies.length} bodies, ${out.trace.events.length} events, JSON ${JSON.stringify(out.trace).length} bytes, truncated ${out.trace.truncated}`,
)
