#!/usr/bin/env node
// Decision time of this checkout against another built checkout of Cordon
// (an older commit, say), side by side in one process: each engine decides
// the reference policy (ai_access/decision, default data) compiled by its own
// compiler, on the same seeded requests, in interleaved rounds. Decisions
// must agree, or it exits 1.
//
// Usage: node scripts/bench-compare.mjs OTHER_CHECKOUT [--rounds N]
//   e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && pnpm install --offline && pnpm build)
//        node scripts/bench-compare.mjs /tmp/old
// Both checkouts need `pnpm build`; run pinned (taskset -c 1) where possible.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { dataDocument, ENTRYPOINT, randomRequests, regoSources, root } from './bench/world.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '60' } },
})
if (positionals.length !== 1) {
  console.error('usage: node scripts/bench-compare.mjs OTHER_CHECKOUT [--rounds N]')
  process.exit(2)
}

async function engineOf(checkout) {
  const dist = (pkg) => pathToFileURL(path.join(checkout, 'packages', pkg, 'dist/index.js')).href
  const { buildWasm, writeBundle } = await import(dist('wasm'))
  const { createEngine } = await import(dist('engine'))
  const built = buildWasm(regoSources(path.join(checkout, 'policies')), { entrypoints: [ENTRYPOINT] })
  if (!built.wasm) throw new Error(`${checkout}: the reference policy does not compile`)
  const data = dataDocument(JSON.parse(readFileSync(path.join(checkout, 'policies/ai-access/data.json'), 'utf8')))
  return createEngine({ bundle: await writeBundle({ wasm: built.wasm, data, entrypoints: [ENTRYPOINT] }) })
}

const engines = [
  ['other', await engineOf(path.resolve(positionals[0]))],
  ['this', await engineOf(root)],
]
const requests = randomRequests(1024, 2)
const opts = { entrypoint: ENTRYPOINT }
const verdict = (d) => JSON.stringify([d.allow, d.code, d.reasons, d.result])
for (const input of requests) {
  if (verdict(engines[0][1].decideSync(input, opts)) !== verdict(engines[1][1].decideSync(input, opts))) {
    console.error(`the checkouts decide differently for ${JSON.stringify(input)}`)
    process.exit(1)
  }
}
for (const [, e] of engines) for (let i = 0; i < 20_000; i++) e.decideSync(requests[i & 1023], opts)
const times = engines.map(() => [])
for (let r = 0; r < Number(values.rounds); r++) {
  engines.forEach(([, e], k) => {
    const t0 = performance.now()
    for (const input of requests) e.decideSync(input, opts)
    times[k].push(((performance.now() - t0) * 1000) / requests.length)
  })
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const [other, self] = times.map(median)
console.log(
  `other ${other.toFixed(2)} µs, this ${self.toFixed(2)} µs per decision (median of ${values.rounds} interleaved rounds); this / other ${(self / other).toFixed(3)}`,
)
