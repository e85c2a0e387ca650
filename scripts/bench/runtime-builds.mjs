#!/usr/bin/env node
// Builds of the runtime library side by side: for each DIR (runtime.wasm and
// runtime.json, from `node packages/wasm/runtime/build.mjs --out DIR`, see its
// --optimize and --no-inline-round), the size of a one-rule module and of the
// reference policy's module linked against it, then the reference decision
// (ai_access/decision, default data) of each in this checkout's engine, in
// one process, in interleaved rounds (each round starts at the next build).
// Per-round CPU time (process.cpuUsage), less swayed than wall time by other
// processes on a shared machine; the median per decision, and its ratio to
// the first DIR's. Decisions must agree, or it exits 1.
//
// Usage: taskset -c 1 node scripts/bench/runtime-builds.mjs DIR... [--rounds N]
// Needs the built packages (`pnpm build`).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { dataDocument, ENTRYPOINT, randomRequests, regoSources, root } from './world.mjs'

const { values, positionals: dirs } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '120' } },
})
if (dirs.length === 0) {
  console.error('usage: node scripts/bench/runtime-builds.mjs DIR... [--rounds N]')
  process.exit(2)
}
const dist = (pkg) => pathToFileURL(path.join(root, 'packages', pkg, 'dist/index.js')).href
const { buildWasm, setRuntimeLibrary, writeBundle } = await import(dist('wasm'))
const { createEngine } = await import(dist('engine'))
const data = dataDocument(JSON.parse(readFileSync(path.join(root, 'policies/ai-access/data.json'), 'utf8')))

function wasmOf(files, entrypoints) {
  const built = buildWasm(files, { entrypoints })
  if (!built.wasm) throw new Error(`does not compile: ${built.diagnostics.map((d) => d.message).join('; ')}`)
  return built.wasm
}

const engines = []
for (const dir of dirs) {
  const read = (f) => readFileSync(path.join(dir, f))
  setRuntimeLibrary(new Uint8Array(read('runtime.wasm')), JSON.parse(read('runtime.json').toString()))
  const one = wasmOf([{ file: 'one.rego', text: 'package t\nallow if input.user == "admin"' }], ['t/allow'])
  const wasm = wasmOf(regoSources(), [ENTRYPOINT])
  console.log(
    `${dir}: runtime ${read('runtime.wasm').length} bytes, one-rule module ${one.length}, reference ${wasm.length}`,
  )
  engines.push(await createEngine({ bundle: await writeBundle({ wasm, data, entrypoints: [ENTRYPOINT] }) }))
}
setRuntimeLibrary(undefined)

const requests = randomRequests(1024, 2)
const opts = { entrypoint: ENTRYPOINT }
const verdict = (d) => JSON.stringify([d.allow, d.code, d.reasons, d.result])
for (const input of requests) {
  const want = verdict(engines[0].decideSync(input, opts))
  if (engines.some((e) => verdict(e.decideSync(input, opts)) !== want)) {
    console.error(`the builds decide differently for ${JSON.stringify(input)}`)
    process.exit(1)
  }
}
for (const e of engines) for (let i = 0; i < 20_000; i++) e.decideSync(requests[i & 1023], opts)
const times = engines.map(() => [])
for (let r = 0; r < Number(values.rounds); r++) {
  for (let j = 0; j < engines.length; j++) {
    const k = (r + j) % engines.length
    const c0 = process.cpuUsage()
    for (const input of requests) engines[k].decideSync(input, opts)
    const c = process.cpuUsage(c0)
    times[k].push((c.user + c.system) / requests.length)
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const m = times.map(median)
for (const [k, dir] of dirs.entries())
  console.log(`${dir}: ${m[k].toFixed(2)} µs CPU per decision, ${(m[k] / m[0]).toFixed(3)} of the first`)
