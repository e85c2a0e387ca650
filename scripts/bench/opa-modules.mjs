// Against OPA's compiler (issue 18): public policies whose OPA-built module
// (`opa build -t wasm`) and Rego sources are both public. Each policy is
// compiled with Cordon's stock compiler (buildWasm), both modules must give
// the same result set on every input (a disagreement is reported, not timed),
// then Cordon's module in Cordon's engine (`createEngine({ wasm, data })`,
// `engine.evaluate`) is timed against OPA's module in @open-policy-agent/opa-wasm
// (`loadPolicy`, `setData`, `evaluate`; Cordon's host builtins fill in those
// the SDK lacks), interleaved in one process.
//
//   node scripts/bench/opa-modules.mjs DIR [--rounds N] [--only a,b] [--json FILE]
//
// DIR holds one folder per policy (brought in outside the repository):
//   policy.wasm   OPA's module (the one in its bundle.tar.gz)
//   src/          the Rego sources it was built from (*.rego, any depth)
//   data.json     the data document (optional; the same one is given to both)
//   inputs/*.json the inputs (real ones from the policy's tests/examples)
//   origin.json   { repo, commit } where it came from (for the table)
//   manifest.json optional: { entrypoints: [...], regoVersion: 'v0' | 'v1' }
// Entrypoints default to those of OPA's module; the Rego version to v1, then
// v0 when the sources do not parse as v1 (most of these predate OPA 1.0).
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const require = createRequire(import.meta.url)
const dist = (pkg) => new URL(`../../packages/${pkg}/dist/index.js`, import.meta.url).href

const args = process.argv.slice(2)
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))
if (!dir) {
  console.error('usage: node scripts/bench/opa-modules.mjs DIR [--rounds N] [--only a,b] [--json FILE]')
  process.exit(2)
}
const ROUNDS = Number(flag('--rounds', '15'))
const only = flag('--only')?.split(',')
/** Batch length target: long enough for the timer, short enough for many interleaved rounds. */
const BATCH_MS = 4

const { buildWasm } = await import(dist('wasm'))
const { createEngine } = await import(dist('engine'))
const { loadPolicy } = require('@open-policy-agent/opa-wasm')
// The SDK implements few host builtins (sprintf, regex, yaml…) and uses its own
// first; Cordon's fill in the rest (json.match_schema, time.*) so that OPA's
// module can run the policies that call them.
const { opaWasmCustomBuiltins } = await import(dist('builtins'))
const sdkBuiltins = opaWasmCustomBuiltins()

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function regoFiles(root) {
  const out = []
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name.endsWith('.rego') && !name.endsWith('_test.rego'))
        out.push({ file: path.relative(root, p), text: readFileSync(p, 'utf8') })
    }
  }
  walk(root)
  return out
}

/** JSON with object keys sorted: the two SDKs need not list keys in the same order. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** Compiles with v1 first, then v0 when v1 does not parse; throws with the diagnostics. */
function compile(files, entrypoints, regoVersion) {
  const versions = regoVersion ? [regoVersion] : ['v1', 'v0']
  let last
  for (const v of versions) {
    const t0 = performance.now()
    const built = buildWasm(files, { entrypoints, regoVersion: v })
    if (built.wasm) return { ...built, regoVersion: v, compileMs: performance.now() - t0 }
    last = built.diagnostics
  }
  throw new Error(last.map((d) => `${d.location?.file}:${d.location?.row}:${d.location?.col}: ${d.message}`).join('\n'))
}

async function loadOpa(bytes, data) {
  const t0 = performance.now()
  const policy = await loadPolicy(bytes, undefined, sdkBuiltins)
  if (data !== undefined) policy.setData(data)
  return { policy, ms: performance.now() - t0 }
}

async function loadCordon(bytes, data) {
  const t0 = performance.now()
  const engine = await createEngine({ wasm: bytes, data: data ?? {} })
  return { engine, ms: performance.now() - t0 }
}

/** How many calls of `f` take about BATCH_MS. */
function batchSize(f) {
  let n = 1
  for (;;) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) f()
    const ms = performance.now() - t0
    if (ms >= BATCH_MS || n >= 1 << 20) return Math.max(1, Math.round((n * BATCH_MS) / Math.max(ms, 1e-3)))
    n *= 2
  }
}

/** Per-decision µs of each side, batch by batch, the sides alternating first place every round. */
function timeInterleaved(sides) {
  // Warm both up until V8 has optimised them: 5,000 calls or 200 ms each.
  for (const s of sides) {
    const t0 = performance.now()
    for (let i = 0; i < 5000 && performance.now() - t0 < 200; i++) s.f()
  }
  const n = Math.min(...sides.map((s) => batchSize(s.f)))
  const samples = sides.map(() => [])
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [1, 0] : [0, 1]
    for (const k of order) {
      const f = sides[k].f
      const t0 = performance.now()
      for (let i = 0; i < n; i++) f()
      samples[k].push(((performance.now() - t0) * 1000) / n)
    }
  }
  return { batch: n, p50: samples.map(median) }
}

const policies = readdirSync(dir)
  .filter((name) => existsSync(path.join(dir, name, 'policy.wasm')) && (!only || only.includes(name)))
  .sort()

const policyRows = []
const decisionRows = []
for (const name of policies) {
  const pdir = path.join(dir, name)
  const manifest = existsSync(path.join(pdir, 'manifest.json')) ? readJson(path.join(pdir, 'manifest.json')) : {}
  const origin = existsSync(path.join(pdir, 'origin.json')) ? readJson(path.join(pdir, 'origin.json')) : {}
  const opaBytes = readFileSync(path.join(pdir, 'policy.wasm'))
  const dataFile = path.join(pdir, 'data.json')
  const dataText = existsSync(dataFile) ? readFileSync(dataFile, 'utf8') : undefined
  const data = dataText === undefined ? undefined : JSON.parse(dataText)
  const probe = await loadOpa(opaBytes, data)
  const entrypoints = manifest.entrypoints ?? Object.keys(probe.policy.entrypoints)
  let built
  try {
    built = compile(regoFiles(path.join(pdir, 'src')), entrypoints, manifest.regoVersion)
  } catch (err) {
    console.log(`${name}: Cordon does not compile it:\n${err.message}`)
    policyRows.push({ name, origin, error: 'does not compile' })
    continue
  }
  // Load time: bytes → a module ready to decide (compile + instantiate + data), median of 5, interleaved.
  const loads = { cordon: [], opa: [] }
  let engine
  for (let i = 0; i < 5; i++) {
    const c = await loadCordon(built.wasm, data)
    const o = await loadOpa(opaBytes, data)
    loads.cordon.push(c.ms)
    loads.opa.push(o.ms)
    if (engine) engine.close?.()
    engine = c.engine
  }
  const opa = probe.policy
  policyRows.push({
    name,
    origin,
    regoVersion: built.regoVersion,
    entrypoints,
    compileMs: built.compileMs,
    dataBytes: dataText === undefined ? 0 : Buffer.byteLength(dataText),
    cordonBytes: built.wasm.byteLength,
    opaBytes: opaBytes.byteLength,
    cordonLoadMs: median(loads.cordon),
    opaLoadMs: median(loads.opa),
  })
  const inputDir = path.join(pdir, 'inputs')
  const inputs = existsSync(inputDir)
    ? readdirSync(inputDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : []
  for (const file of inputs) {
    const inputText = readFileSync(path.join(inputDir, file), 'utf8')
    const input = JSON.parse(inputText)
    for (const ep of entrypoints) {
      const row = {
        policy: name,
        input: file.replace(/\.json$/, ''),
        inputBytes: Buffer.byteLength(inputText),
        entrypoint: ep,
      }
      decisionRows.push(row)
      let mine, theirs
      try {
        mine = engine.evaluate(input, ep)
      } catch (err) {
        mine = { error: err.message }
      }
      try {
        theirs = opa.evaluate(input, ep)
      } catch (err) {
        theirs = { error: err.message }
      }
      if (canonical(mine) !== canonical(theirs)) {
        row.disagree = { cordon: canonical(mine).slice(0, 300), opa: canonical(theirs).slice(0, 300) }
        console.log(
          `${name} ${ep} ${file}: results differ\n  cordon ${row.disagree.cordon}\n  opa    ${row.disagree.opa}`,
        )
        continue
      }
      row.result = canonical(mine).slice(0, 60)
      const t = timeInterleaved([{ f: () => engine.evaluate(input, ep) }, { f: () => opa.evaluate(input, ep) }])
      row.batch = t.batch
      row.cordonUs = t.p50[0]
      row.opaUs = t.p50[1]
      row.ratio = row.cordonUs / row.opaUs
      console.log(
        `${name} ${ep} ${file}: cordon ${fmtUs(row.cordonUs)}, opa ${fmtUs(row.opaUs)}, ${row.ratio.toFixed(2)}×`,
      )
    }
  }
  engine.close?.()
}

function fmtUs(us) {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us >= 100 ? 0 : us >= 10 ? 1 : 2)} µs`
}
const kb = (b) => `${(b / 1024).toFixed(b >= 10240 ? 0 : 1)} KB`

console.log(`\nDecisions: p50 per decision over ${ROUNDS} interleaved rounds (Node ${process.version})\n`)
console.log('| policy | entrypoint | input | Cordon | OPA | ratio |')
console.log('| --- | --- | --- | ---: | ---: | ---: |')
for (const r of decisionRows) {
  const cells = r.disagree ? ['results differ', '', ''] : [fmtUs(r.cordonUs), fmtUs(r.opaUs), `${r.ratio.toFixed(2)}×`]
  console.log(`| ${r.policy} | ${r.entrypoint} | ${r.input} (${kb(r.inputBytes)}) | ${cells.join(' | ')} |`)
}
console.log('\nModules: size, and load (bytes → ready to decide: compile + instantiate + data), median of 5\n')
console.log('| policy | source | data | Cordon module | OPA module | size | Cordon load | OPA load |')
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const p of policyRows) {
  const src = p.origin.repo ? `${p.origin.repo}@${p.origin.commit.slice(0, 7)}` : ''
  if (p.error) {
    console.log(`| ${p.name} | ${src} | ${p.error} | | | | | |`)
    continue
  }
  console.log(
    `| ${p.name} | ${src} | ${kb(p.dataBytes)} | ${kb(p.cordonBytes)} | ${kb(p.opaBytes)} | ${((100 * p.cordonBytes) / p.opaBytes).toFixed(0)}% | ${p.cordonLoadMs.toFixed(1)} ms | ${p.opaLoadMs.toFixed(1)} ms |`,
  )
}
const timed = decisionRows.filter((r) => r.ratio !== undefined)
const disagree = decisionRows.filter((r) => r.disagree)
if (timed.length)
  console.log(
    `\n${timed.length} decisions timed: ratio ${Math.min(...timed.map((r) => r.ratio)).toFixed(2)}–${Math.max(...timed.map((r) => r.ratio)).toFixed(2)}× (median ${median(timed.map((r) => r.ratio)).toFixed(2)}×); ${disagree.length} disagreements`,
  )
if (flag('--json'))
  writeFileSync(flag('--json'), JSON.stringify({ policies: policyRows, decisions: decisionRows }, null, 2))
if (disagree.length) process.exitCode = 1
