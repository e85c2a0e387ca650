#!/usr/bin/env node
// A decision's cost must not depend on when the garbage collector last ran
// (issue 18): a regex- and glob-heavy policy decides a batch of requests
// right after a forced full collection and again without one; the ratio of
// the two batches' times should be near 1 (caches on the decision path hold
// their entries strongly). Re-executes itself with --expose-gc.
//
//   node scripts/bench/after-gc.mjs [--batch 2000] [--rounds 7]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { cordonCli, root, rng } from './world.mjs'

if (typeof globalThis.gc !== 'function') {
  const res = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(res.status ?? 1)
}

const { values } = parseArgs({
  options: { batch: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '7' } },
})
const batch = Number(values.batch)

const policy = `package gc

# 24 patterns and 8 globs, each compiled once and matched decision after decision.
patterns := [sprintf("^registry%d\\\\.example\\\\.com/(team-[a-z]+)/[a-z0-9-]+(:v[0-9]+(\\\\.[0-9]+)*)?$", [i]) | some i in numbers.range(0, 23)]

globs := [sprintf("team-%d.*.svc", [i]) | some i in numbers.range(0, 7)]

deny contains msg if {
  some c in input.containers
  some p in patterns
  regex.match(p, c.image)
  not startswith(c.name, "ok-")
  msg := sprintf("%s: %s", [c.name, c.image])
}

deny contains msg if {
  some h in input.hosts
  some g in globs
  glob.match(g, ["."], h)
  msg := h
}

allow if count(deny) == 0
`

const dir = mkdtempSync(path.join(tmpdir(), 'after-gc-'))
writeFileSync(path.join(dir, 'p.rego'), policy)
const wasmPath = path.join(dir, 'policy.wasm')
cordonCli(['build', dir, '-e', 'gc/allow', '--format', 'wasm', '-o', wasmPath], 'ignore')
const wasm = readFileSync(wasmPath)
rmSync(dir, { recursive: true, force: true })

const { createEngine } = await import(pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href)
const engine = await createEngine({ wasm, defaultEntrypoint: 'gc/allow' })
const r = rng(18)
const inputs = Array.from({ length: 64 }, () => ({
  containers: Array.from({ length: 3 }, (_, i) => ({
    name: `${r() < 0.5 ? 'ok' : 'c'}-${i}`,
    image: `registry${Math.floor(r() * 30)}.example.com/team-${'abc'[i]}/img-${Math.floor(r() * 9)}:v1.${i}`,
  })),
  hosts: [`team-${Math.floor(r() * 10)}.api.svc`],
}))

async function runBatch() {
  const t = process.hrtime.bigint()
  for (let i = 0; i < batch; i++) await engine.decide(inputs[i % inputs.length])
  return Number(process.hrtime.bigint() - t) / 1e6
}

await runBatch()
const plain = []
const afterGc = []
for (let round = 0; round < Number(values.rounds); round++) {
  plain.push(await runBatch())
  globalThis.gc()
  afterGc.push(await runBatch())
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p = median(plain)
const g = median(afterGc)
console.log(
  `regex/glob-heavy policy, batch of ${batch} decisions (median of ${values.rounds}): ` +
    `${p.toFixed(1)} ms without gc, ${g.toFixed(1)} ms right after gc() (${(g / p).toFixed(2)}x)`,
)
