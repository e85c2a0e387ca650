#!/usr/bin/env node
// What enumerating a collection in Rego's value order costs (issue 15, ADR
// 0010): an array comprehension over the keys of a data object of N keys,
// which must come out sorted, against an existential scan of the same object
// (`some k, _ in obj; k == input.k`), which needs no order. Each is timed in
// this checkout and, given OTHER_CHECKOUT (a built checkout from before
// ordered iteration, say), in that one too, side by side in one process.
//
// Usage: node scripts/bench/ordered-scan.mjs [OTHER_CHECKOUT] [--rounds N]
//   e.g. git worktree add /tmp/old f2217b4 && (cd /tmp/old && pnpm install --offline && pnpm build)
//        node scripts/bench/ordered-scan.mjs /tmp/old
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { root } from './world.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '30' } },
})

const POLICY = `package scan
ordered := [k | some k, _ in data.obj; input.go]
found if {
  some k, _ in data.obj
  k == input.k
}
`
const SIZES = [10, 100, 1000]
const CASES = [
  ['array comprehension (ordered)', 'scan/ordered'],
  ['existential scan (unordered)', 'scan/found'],
]

async function instancesOf(checkout) {
  const dist = (pkg) => pathToFileURL(path.join(checkout, 'packages', pkg, 'dist/index.js')).href
  const { buildWasm } = await import(dist('wasm'))
  const { PolicyInstance } = await import(dist('engine'))
  const built = buildWasm([{ file: 'scan.rego', text: POLICY }], { entrypoints: CASES.map(([, e]) => e) })
  if (!built.wasm) throw new Error(`${checkout}: ${built.diagnostics.map((d) => d.message).join('; ')}`)
  return SIZES.map((n) => {
    const keys = Array.from({ length: n }, (_, i) => `key-${String((i * 7919) % n).padStart(5, '0')}`)
    const instance = PolicyInstance.createSync(built.wasm)
    instance.setData({ obj: Object.fromEntries(keys.map((k, i) => [k, i])) })
    return { n, instance }
  })
}

const checkouts = [['this', root], ...(positionals[0] ? [['other', path.resolve(positionals[0])]] : [])]
const loaded = await Promise.all(checkouts.map(async ([name, dir]) => ({ name, sizes: await instancesOf(dir) })))
const inputs = { 'scan/ordered': { go: true }, 'scan/found': { k: 'absent' } }
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]

console.log(`per evaluation, µs (median of ${values.rounds} interleaved rounds)`)
console.log(['case', 'keys', ...loaded.map((l) => l.name)].join('\t'))
for (const [label, entrypoint] of CASES) {
  for (let s = 0; s < SIZES.length; s++) {
    const runs = loaded.map((l) => l.sizes[s].instance)
    const reps = Math.max(20, Math.floor(20_000 / SIZES[s]))
    for (const inst of runs) for (let i = 0; i < reps; i++) inst.evaluate(inputs[entrypoint], entrypoint)
    const times = runs.map(() => [])
    for (let r = 0; r < Number(values.rounds); r++) {
      runs.forEach((inst, k) => {
        const t0 = performance.now()
        for (let i = 0; i < reps; i++) inst.evaluate(inputs[entrypoint], entrypoint)
        times[k].push(((performance.now() - t0) * 1000) / reps)
      })
    }
    console.log([label, SIZES[s], ...times.map((t) => median(t).toFixed(1))].join('\t'))
  }
}
