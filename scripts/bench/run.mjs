#!/usr/bin/env node
// `pnpm bench`: the reference AI-access policy (ai_access/decision, default
// data) in Cordon's engine, the same module through @open-policy-agent/opa-wasm,
// casbin, Cedar and a hand-written JS function. All engines must first agree
// with the JS floor on seeded random requests (else exit 1); then latency,
// throughput, cold start (fresh processes), memory growth, compile times,
// module size, cost vs rule-set size and host-builtin cost are measured.
// Runs pinned to one core (taskset, re-exec) with --expose-gc.
//
// Usage: node scripts/bench/run.mjs [--json FILE] [--quick] [--engines a,b]
//   [--agree N] [--seed N] [--time-ms MS] [--mem-decisions N] [--no-conformance]
//   [--no-policy-sets] [--suite DIR [--suite-path P]... [--suite-entrypoint E]...
//   [--suite-args='ARGS']] [--sets-only]
// Policy sets (policy-sets.mjs): generated sets of 100, 1,000 and 10,000 rules
// (10,000 compile-only; --quick: 100 only), and each --suite DIR, a real
// checkout: `cordon build` of PATHs below it (--suite-path, default the whole
// DIR) with its `deny` rules as entrypoints (or --suite-entrypoint), then
// `cordon test` of the same PATHs; --suite-args are passed to both, e.g.
// --suite-args='--builtins scripts/peer-suites/trivy-builtins.mjs' (with '=': the
// value starts with a dash). --sets-only runs just
// this section.
// Needs the built packages (`pnpm build`).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { canonical, dataDocument, ENTRYPOINT, loadConfig, randomRequests, regoSources, root } from './world.mjs'
import { ENGINE_NAMES, render, renderPolicySets, targets } from './report.mjs'
import { policySets } from './policy-sets.mjs'

const self = fileURLToPath(import.meta.url)
const adapterFile = {
  cordon: 'cordon.mjs',
  'cordon-opa-wasm-sdk': 'opa-wasm-sdk.mjs',
  casbin: 'casbin.mjs',
  cedar: 'cedar.mjs',
  'plain-js': 'plain-js.mjs',
}
const loadAdapter = (name) => import(pathToFileURL(path.join(path.dirname(self), adapterFile[name])).href)

const nowUs = () => Number(process.hrtime.bigint()) / 1000
const median = (xs) => quantile(xs, 0.5)
function quantile(xs, q) {
  const s = Float64Array.from(xs).sort()
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN
}

// ─── Artifacts ───────────────────────────────────────────────────────────────

/** Compiles the reference policy and writes policy.wasm, data.json and bundle.tar.gz to a temp folder. */
export async function buildArtifacts(dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-'))) {
  const { compile, bundle } = await loadAdapter('cordon')
  const cfg = loadConfig()
  const data = dataDocument(cfg)
  const built = await compile(regoSources())
  const bundleBytes = await bundle(built.wasm, data)
  const artifacts = {
    dir,
    wasm: path.join(dir, 'policy.wasm'),
    data: path.join(dir, 'data.json'),
    bundle: path.join(dir, 'bundle.tar.gz'),
  }
  writeFileSync(artifacts.wasm, built.wasm)
  writeFileSync(artifacts.data, JSON.stringify(data))
  writeFileSync(artifacts.bundle, bundleBytes)
  return { artifacts, cfg, data, wasm: built.wasm, hostBuiltins: built.hostBuiltins ?? [], bundleBytes }
}

export async function createAdapters(names, ctx) {
  const out = {}
  for (const name of names) out[name] = await (await loadAdapter(name)).create(ctx)
  return out
}

// ─── Agreement ───────────────────────────────────────────────────────────────

/**
 * Compares every adapter's `check` with the floor's on `requests`: the whole
 * decision for engines that produce it (`full`), else `allow` and `code`.
 * Returns the disagreements (at most `limit` kept, all counted).
 */
export function agreementCheck(adapters, floor, requests, limit = 20) {
  const disagreements = []
  const counts = Object.fromEntries(Object.keys(adapters).map((n) => [n, 0]))
  for (const input of requests) {
    const want = floor.check(input)
    for (const [name, a] of Object.entries(adapters)) {
      if (a === floor) continue
      let got
      try {
        got = a.check(input)
      } catch (err) {
        got = { error: String(err?.message ?? err) }
      }
      const same = a.full ? canonical(got) === canonical(want) : got.allow === want.allow && got.code === want.code
      if (!same) {
        counts[name]++
        if (disagreements.length < limit)
          disagreements.push({ engine: name, input, want: a.full ? want : { allow: want.allow, code: want.code }, got })
      }
    }
  }
  return { requests: requests.length, counts, disagreements, total: Object.values(counts).reduce((a, b) => a + b, 0) }
}

// ─── Timing ──────────────────────────────────────────────────────────────────

/**
 * Latency of `fn` over `inputs` (cycled): warm-up, then batches sized so one
 * batch takes ~10 µs or more (1 decision for slow engines), until `timeMs` or
 * `maxBatches`. p50/p99 per decision over batches.
 */
export function measure(
  fn,
  inputs,
  { timeMs = 2000, warmupMs = 300, minWarmup = 2000, maxBatches = 50_000, minBatches = 200 } = {},
) {
  let k = 0
  const next = () => inputs[k++ % inputs.length]
  let sink = 0
  const w0 = nowUs()
  let warm = 0
  while (warm < minWarmup || nowUs() - w0 < warmupMs * 1000) {
    if (fn(next())) sink++
    warm++
  }
  const est = (nowUs() - w0) / warm
  const batch = Math.max(1, Math.floor(10 / est))
  const samples = []
  let decisions = 0
  const t0 = nowUs()
  while (samples.length < maxBatches && (samples.length < minBatches || nowUs() - t0 < timeMs * 1000)) {
    const b0 = process.hrtime.bigint()
    for (let i = 0; i < batch; i++) if (fn(next())) sink++
    samples.push(Number(process.hrtime.bigint() - b0) / 1000 / batch)
    decisions += batch
  }
  const elapsedUs = nowUs() - t0
  globalThis.__benchSink = sink
  return {
    p50_us: median(samples),
    p99_us: quantile(samples, 0.99),
    ops_per_s: decisions / (elapsedUs / 1e6),
    batch,
    decisions,
  }
}

/** Growth of heap + external + the engine's wasm memory over `n` decisions (after gc). */
export function memoryGrowth(adapter, inputs, n) {
  const gc = globalThis.gc ?? (() => {})
  const snap = () => {
    gc()
    gc()
    const m = process.memoryUsage()
    return { heap: m.heapUsed, external: m.external, wasm: adapter.wasmBytes?.() ?? 0 }
  }
  for (let i = 0; i < Math.min(n, 10_000); i++) adapter.decide(inputs[i % inputs.length])
  const before = snap()
  for (let i = 0; i < n; i++) adapter.decide(inputs[i % inputs.length])
  const after = snap()
  const d = {
    heap: after.heap - before.heap,
    external: after.external - before.external,
    wasm: after.wasm - before.wasm,
  }
  return { bytes: d.heap + d.external + d.wasm, ...d }
}

/** Cold start: a fresh node process (pinned like this one) loads the engine and makes its first decision. */
export function coldStart(name, artifacts, runs) {
  const ms = []
  for (let i = 0; i < runs; i++) {
    const cmd = pinPrefix()
    const r = spawnSync(
      cmd[0] ?? process.execPath,
      [...cmd.slice(1), ...(cmd.length ? [process.execPath] : []), self, '--cold', name, '--artifacts', artifacts.dir],
      { encoding: 'utf8' },
    )
    if (r.status !== 0) throw new Error(`cold start of ${name} failed: ${r.stderr}`)
    ms.push(JSON.parse(r.stdout.trim().split('\n').pop()).cold_start_ms)
  }
  return median(ms)
}

/** Engines timed side by side in one fresh process (`--pair a,b`), see pairChild. */
function measurePairInChild(names, artifacts, o) {
  const cmd = pinPrefix()
  const args = [
    ...(cmd.length ? [process.execPath] : []),
    self,
    '--pair',
    names.join(','),
    '--artifacts',
    artifacts.dir,
    '--seed',
    String(o.seed),
    '--time-ms',
    String(o.timeMs),
  ]
  const r = spawnSync(cmd[0] ?? process.execPath, [...cmd.slice(1), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0)
    throw new Error(`side-by-side timing failed: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 6).join(' | ')}`)
  return JSON.parse(r.stdout.trim().split('\n').pop())
}

/** Latency and memory growth of one engine, measured in a fresh process (`--measure NAME`). */
function measureInChild(name, artifacts, o, what, nodeFlags = []) {
  const cmd = pinPrefix()
  const args = [
    ...(cmd.length ? [process.execPath] : []),
    '--expose-gc',
    ...nodeFlags,
    self,
    '--measure',
    name,
    '--what',
    what,
    '--artifacts',
    artifacts.dir,
    '--seed',
    String(o.seed),
    '--time-ms',
    String(o.timeMs),
    '--mem-decisions',
    String(o.memDecisions),
  ]
  let last
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = spawnSync(cmd[0] ?? process.execPath, [...cmd.slice(1), ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    })
    if (r.status === 0) return JSON.parse(r.stdout.trim().split('\n').pop())
    last = `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 6).join(' | ')}`
  }
  throw new Error(`measuring ${name} failed twice: ${last}`)
}

async function measureChild(name, dir, o) {
  const artifacts = {
    dir,
    wasm: path.join(dir, 'policy.wasm'),
    data: path.join(dir, 'data.json'),
    bundle: path.join(dir, 'bundle.tar.gz'),
  }
  const data = JSON.parse(readFileSync(artifacts.data, 'utf8'))
  const cfg = data['ai-access']
  const adapter = await (await loadAdapter(name)).create({ artifacts, cfg, data })
  const pool = randomRequests(1024, o.seed + 1, cfg)
  const out =
    o.what === 'memory'
      ? memoryGrowth(adapter, pool, o.memDecisions)
      : measure(adapter.decide, pool, { timeMs: o.timeMs, warmupMs: Math.min(300, o.timeMs) })
  process.stdout.write(JSON.stringify(out) + '\n')
}

/**
 * Several engines timed side by side in one process (`--pair a,b`):
 * interleaved rounds of the same 1,024 requests, so both see the same
 * machine moment by moment; per engine the median of its rounds' mean
 * decision time. Shared, noisy machines move the one-process-per-engine
 * figures between runs; this ratio moves much less.
 */
async function pairChild(names, dir, o) {
  const artifacts = {
    dir,
    wasm: path.join(dir, 'policy.wasm'),
    data: path.join(dir, 'data.json'),
    bundle: path.join(dir, 'bundle.tar.gz'),
  }
  const data = JSON.parse(readFileSync(artifacts.data, 'utf8'))
  const adapters = []
  for (const name of names) adapters.push((await loadAdapter(name)).create({ artifacts, cfg: data['ai-access'], data }))
  const engines = await Promise.all(adapters)
  const pool = randomRequests(1024, o.seed + 1, data['ai-access'])
  for (const a of engines) for (let i = 0; i < 20_000; i++) a.decide(pool[i & 1023])
  const rounds = engines.map(() => [])
  const t0 = nowUs()
  while (rounds[0].length < 30 || (nowUs() - t0 < o.timeMs * 1000 && rounds[0].length < 400)) {
    engines.forEach((a, k) => {
      const r0 = nowUs()
      for (const input of pool) a.decide(input)
      rounds[k].push((nowUs() - r0) / pool.length)
    })
  }
  const p50 = Object.fromEntries(names.map((n, k) => [n, median(rounds[k])]))
  process.stdout.write(JSON.stringify({ p50_us: p50, rounds: rounds[0].length }) + '\n')
}

async function coldChild(name, dir) {
  const artifacts = {
    dir,
    wasm: path.join(dir, 'policy.wasm'),
    data: path.join(dir, 'data.json'),
    bundle: path.join(dir, 'bundle.tar.gz'),
  }
  const data = JSON.parse(readFileSync(artifacts.data, 'utf8'))
  const adapter = await (await loadAdapter(name)).create({ artifacts, cfg: data['ai-access'], data })
  const { sampleRequest } = await import('./world.mjs')
  adapter.decide(sampleRequest)
  // performance.now() counts from the process's start
  process.stdout.write(JSON.stringify({ cold_start_ms: performance.now() }) + '\n')
}

// ─── Secondary measurements ──────────────────────────────────────────────────

const generatedRestrictions = (n) =>
  Array.from({ length: n }, (_, i) => ({
    id: `gen-order-${i}`,
    models: [`gen-model-${i}`],
    allowed_nationalities: ['US'],
    legal_basis: `Generated order ${i}`,
    effective_from: '2026-01-01T00:00:00Z',
  }))

const generatedRules = (n) =>
  `package ai_access\n\n` +
  Array.from(
    { length: n },
    (_, i) =>
      `request_denials contains d if {\n\tinput.model.id == "gen-model-${i}"\n\tnot input.user.nationality in {"US"}\n\td := denial("nationality_restricted", "model gen-model-${i} is restricted by generated rule ${i}", "")\n}\n`,
  ).join('\n')

/** Cost vs rule-set size: N restrictions added to data, or N rules added to the policy. */
export async function scaling(sizes, inputs, opts, log) {
  const { compile } = await loadAdapter('cordon')
  const cordon = await loadAdapter('cordon')
  const sdk = await loadAdapter('cordon-opa-wasm-sdk')
  const cfg = loadConfig()
  const base = await compile(regoSources())
  const out = {
    sizes,
    data: { cordon: { p50_us: {} }, 'cordon-opa-wasm-sdk': { p50_us: {} } },
    rules: { cordon: { p50_us: {} }, 'cordon-opa-wasm-sdk': { p50_us: {} } },
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-scale-'))
  for (const kind of ['data', 'rules']) {
    for (const n of sizes) {
      const c = kind === 'data' ? { ...cfg, restrictions: [...cfg.restrictions, ...generatedRestrictions(n)] } : cfg
      const wasm =
        kind === 'data'
          ? base.wasm
          : (await compile([...regoSources(), { file: 'generated.rego', text: generatedRules(n) }])).wasm
      const data = dataDocument(c)
      const artifacts = {
        dir,
        wasm: path.join(dir, 'policy.wasm'),
        data: path.join(dir, 'data.json'),
        bundle: path.join(dir, 'bundle.tar.gz'),
      }
      writeFileSync(artifacts.wasm, wasm)
      writeFileSync(artifacts.data, JSON.stringify(data))
      writeFileSync(artifacts.bundle, await cordon.bundle(wasm, data))
      for (const [name, mod] of [
        ['cordon', cordon],
        ['cordon-opa-wasm-sdk', sdk],
      ]) {
        const a = await mod.create({ artifacts, cfg: c, data })
        out[kind][name].p50_us[n] = measure(a.decide, inputs, opts).p50_us
        log?.(`  scaling ${kind} ${n} ${name}: ${out[kind][name].p50_us[n].toFixed(2)} µs`)
      }
    }
  }
  rmSync(dir, { recursive: true, force: true })
  const lo = sizes[0]
  const hi = sizes[sizes.length - 1]
  for (const kind of ['data', 'rules'])
    for (const v of Object.values(out[kind])) v.ratio_1000_to_10 = v.p50_us[hi] / v.p50_us[lo]
  return out
}

/**
 * A policy calling a host builtin (sprintf of a float, which its native fast
 * path leaves to the host) vs the same logic with a native one (concat).
 */
export async function hostBuiltinCost(opts) {
  const { compile } = await loadAdapter('cordon')
  const { PolicyInstance } = await import(pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href)
  const { hostBuiltinImpls } = await import(pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href)
  const text = `package hb\n\nnative := [concat("-", [input.a, x]) | some x in input.xs]\n\nhost := [sprintf("%v-%s", [input.f, x]) | some x in input.xs]\n`
  const built = await compile([{ file: 'hb.rego', text }], ['hb/native', 'hb/host'])
  const inst = PolicyInstance.createSync(built.wasm, { hostBuiltins: hostBuiltinImpls })
  inst.setData({})
  const xs = Array.from({ length: 10 }, (_, i) => `x${i}`)
  const input = { a: '1.5', f: 1.5, xs }
  const n = inst.evaluate(input, 'hb/native')
  const h = inst.evaluate(input, 'hb/host')
  if (canonical(n) !== canonical(h)) throw new Error(`host builtin check: ${JSON.stringify(n)} != ${JSON.stringify(h)}`)
  // The same sprintf behind a wrapper: not Cordon's own function, so PolicyInstance does not memoize it.
  const sprintf = hostBuiltinImpls.get('sprintf')
  const unmemoized = PolicyInstance.createSync(built.wasm, {
    hostBuiltins: new Map([...hostBuiltinImpls, ['sprintf', (args, ctx) => sprintf(args, ctx)]]),
  })
  unmemoized.setData({})
  const native = measure(() => inst.evaluate(input, 'hb/native'), [input], opts).p50_us
  const host = measure(() => inst.evaluate(input, 'hb/host'), [input], opts).p50_us
  const hostUncached = measure(() => unmemoized.evaluate(input, 'hb/host'), [input], opts).p50_us
  return {
    calls: xs.length,
    native_builtin: 'concat',
    host_builtin: 'sprintf',
    host_builtins_in_module: built.hostBuiltins,
    native_p50_us: native,
    host_p50_us: host,
    host_call_overhead_us: (host - native) / xs.length,
    host_unmemoized_p50_us: hostUncached,
    host_unmemoized_call_overhead_us: (hostUncached - native) / xs.length,
  }
}

/** Compile times: policies/ (median of rounds) and every case of the conformance corpus once. */
export async function compileTimes({ rounds, conformance }) {
  const { compile } = await loadAdapter('cordon')
  const files = regoSources()
  const ms = []
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now()
    await compile(files)
    ms.push(performance.now() - t0)
  }
  const out = { policies: { files: files.length, ms: median(ms), rounds } }
  const cli = await import(pathToFileURL(path.join(root, 'packages/cli/dist/index.js')).href)
  const casesDir = cli.conformance.conformanceSuites(root).v1.casesDir
  if (conformance && existsSync(casesDir)) {
    const { buildWasm } = await import(pathToFileURL(path.join(root, 'packages/wasm/dist/index.js')).href)
    const { builtinDecls } = await import(pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href)
    // as scripts/bench-check.mjs: one case calls test.sleep, a builtin of OPA's own test harness
    const builtins = new Map([
      ...builtinDecls,
      ['test.sleep', { name: 'test.sleep', decl: { type: 'function', args: [{ type: 'string' }] } }],
    ])
    let cases = 0
    let failed = 0
    let total = 0
    for (const c of cli.conformance.loadCases(casesDir)) {
      const files = c.modules.map((text, i) => ({ file: `test-${i}.rego`, text }))
      const t0 = performance.now()
      const built = buildWasm(files, {
        entrypoints: [],
        queries: [{ name: 'q', query: c.query }],
        experimentalKeywords: c.experimentalKeywords,
        builtins,
        fuel: 5_000_000,
      })
      total += performance.now() - t0
      cases++
      if (!built.wasm) failed++
    }
    out.conformance = { cases, failed, ms: total, ms_per_case: total / cases }
  }
  return out
}

/** Generated sets of 100, 1,000 and 10,000 rules (the last compile-only; --quick: 100), then each --suite. */
const runPolicySets = (o, log) =>
  policySets({ sizes: o.quick ? [100] : [100, 1000, 10_000], testUpTo: 1000, suites: o.suites }, log)

function benchCheck(rounds) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-check-'))
  const file = path.join(dir, 'check.json')
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/bench-check.mjs'), '--rounds', String(rounds), '--json', file],
    { encoding: 'utf8' },
  )
  try {
    if (r.status !== 0) return { error: `bench-check.mjs exited ${r.status}: ${r.stderr.trim().split('\n').pop()}` }
    return JSON.parse(readFileSync(file, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// ─── Pinning ─────────────────────────────────────────────────────────────────

let pinCache
/** `taskset -c CPU` when the OS has it and it works here, else nothing. */
function pinPrefix() {
  if (pinCache !== undefined) return pinCache
  const cpu = String(Math.max(0, availableParallelism() - 1))
  const ok = process.platform === 'linux' && spawnSync('taskset', ['-c', cpu, 'true']).status === 0
  return (pinCache = ok ? ['taskset', '-c', cpu] : [])
}

// ─── Main ────────────────────────────────────────────────────────────────────

export async function runBench(o, log = (s) => process.stdout.write(s + '\n')) {
  const names = o.engines
  log(`building the reference policy (${ENTRYPOINT})…`)
  const built = await buildArtifacts()
  const ctx = { artifacts: built.artifacts, cfg: built.cfg, data: built.data }
  const adapters = await createAdapters(names, ctx)
  const floor = adapters['plain-js'] ?? (await (await loadAdapter('plain-js')).create(ctx))

  const requests = randomRequests(o.agree, o.seed, built.cfg)
  const agreement = agreementCheck(adapters, floor, requests)
  log(
    `agreement with plain-js on ${requests.length} random requests (seed ${o.seed}): ${agreement.total === 0 ? 'all agree' : `${agreement.total} disagreements`}`,
  )
  for (const d of agreement.disagreements)
    log(
      `  DISAGREE ${d.engine}: input ${JSON.stringify(d.input)}\n    want ${JSON.stringify(d.want)}\n    got  ${JSON.stringify(d.got)}`,
    )
  if (agreement.total > 0) return { agreement, ok: false }

  const pool = randomRequests(1024, o.seed + 1, built.cfg)
  // Each engine is timed in a fresh process of its own (pinned like this one,
  // gc exposed): no engine's JIT state or garbage affects another's figures.
  const engines = {}
  const memory = {}
  for (const name of names) {
    const m = measureInChild(name, built.artifacts, o, 'timing')
    engines[name] = {
      p50_us: m.p50_us,
      p99_us: m.p99_us,
      ops_per_s: m.ops_per_s,
      cold_start_ms: NaN,
      mem_growth_bytes: NaN,
      batch: m.batch,
      decisions: m.decisions,
      ...(adapters[name].via ? { via: adapters[name].via } : {}),
    }
    log(`  ${name}: p50 ${m.p50_us.toFixed(3)} µs, p99 ${m.p99_us.toFixed(3)} µs`)
  }
  for (const name of names) {
    // Node 20's V8 aborts (Deoptimizer, "unreachable code") in cedar-wasm's glue after a forced gc unless TurboFan inlining is off.
    const flags = name === 'cedar' ? ['--no-turbo-inlining'] : []
    const m = measureInChild(name, built.artifacts, o, 'memory', flags)
    memory[name] = { ...m, ...(flags.length ? { node_flags: flags.join(' ') } : {}) }
    engines[name].mem_growth_bytes = m.bytes
    log(
      `  ${name}: memory growth over ${o.memDecisions} decisions ${m.bytes} B (heap ${m.heap}, external ${m.external}, wasm ${m.wasm})${flags.length ? ` [node ${flags.join(' ')}]` : ''}`,
    )
  }
  for (const name of names) {
    engines[name].cold_start_ms = coldStart(name, built.artifacts, o.coldRuns)
    log(`  ${name}: cold start ${engines[name].cold_start_ms.toFixed(1)} ms`)
  }
  const c = engines.cordon
  const ratios = Object.fromEntries(names.map((n) => [n, c ? c.p50_us / engines[n].p50_us : NaN]))
  // Engines timed side by side in one process against cordon: ratios the machine's load moves little.
  const sideBySideWith = (other) => {
    if (!names.includes('cordon') || !names.includes(other)) return undefined
    const pair = ['cordon', other]
    const m = measurePairInChild(pair, built.artifacts, o)
    log(
      `  side by side in one process: cordon ${m.p50_us.cordon.toFixed(3)} µs, ${other} ${m.p50_us[other].toFixed(3)} µs (${m.rounds} interleaved rounds)`,
    )
    return { engines: pair, p50_us: m.p50_us, rounds: m.rounds, ratio: m.p50_us.cordon / m.p50_us[other] }
  }
  const sideBySide = sideBySideWith('cordon-opa-wasm-sdk')
  const sideBySidePlain = sideBySideWith('plain-js')

  const scale =
    o.scaling && names.includes('cordon')
      ? await scaling(
          [10, 100, 1000],
          pool,
          { timeMs: o.scaleTimeMs, warmupMs: Math.min(200, o.scaleTimeMs), minWarmup: 200, minBatches: 50 },
          log,
        )
      : undefined
  const host = await hostBuiltinCost({
    timeMs: o.scaleTimeMs,
    warmupMs: Math.min(200, o.scaleTimeMs),
    minWarmup: 200,
    minBatches: 50,
  })
  log('compiling policies/ and the conformance corpus…')
  const compileResult = await compileTimes({ rounds: o.compileRounds, conformance: o.conformance })
  const check = o.conformance ? benchCheck(o.compileRounds) : undefined
  const sets = o.policySets ? runPolicySets(o, log) : undefined

  const result = {
    engines,
    ratios,
    agreement: {
      requests: agreement.requests,
      disagreements: agreement.total,
      compared: Object.fromEntries(
        names.filter((n) => n !== 'plain-js').map((n) => [n, adapters[n].full ? 'whole decision' : 'allow + code']),
      ),
    },
    memory,
    side_by_side: sideBySide,
    side_by_side_plain: sideBySidePlain,
    scaling: scale,
    host_builtin: host,
    compile: compileResult,
    bench_check: check,
    policy_sets: sets,
    module: {
      wasm_bytes: built.wasm.length,
      wasm_gzip_bytes: gzipSync(built.wasm).length,
      bundle_bytes: built.bundleBytes.length,
      host_builtins: built.hostBuiltins,
    },
    settings: {
      seed: o.seed,
      agree_requests: o.agree,
      time_ms: o.timeMs,
      mem_decisions: o.memDecisions,
      cold_runs: o.coldRuns,
      request_pool: pool.length,
      quick: o.quick,
    },
    env: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      pinned: process.env.CORDON_BENCH_PINNED || undefined,
      gc: typeof globalThis.gc === 'function',
    },
  }
  if (names.length === ENGINE_NAMES.length) result.targets = targets(result)
  rmSync(built.artifacts.dir, { recursive: true, force: true })
  return { ok: true, result, agreement }
}

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      engines: { type: 'string', default: ENGINE_NAMES.join(',') },
      agree: { type: 'string' },
      seed: { type: 'string', default: '42' },
      'time-ms': { type: 'string' },
      'mem-decisions': { type: 'string' },
      'cold-runs': { type: 'string' },
      'no-conformance': { type: 'boolean', default: false },
      'no-scaling': { type: 'boolean', default: false },
      'no-policy-sets': { type: 'boolean', default: false },
      'sets-only': { type: 'boolean', default: false },
      suite: { type: 'string', multiple: true, default: [] },
      'suite-path': { type: 'string', multiple: true, default: [] },
      'suite-entrypoint': { type: 'string', multiple: true, default: [] },
      'suite-args': { type: 'string', default: '' },
      cold: { type: 'string' },
      measure: { type: 'string' },
      pair: { type: 'string' },
      what: { type: 'string', default: 'timing' },
      artifacts: { type: 'string' },
    },
  })
  const q = values.quick
  const num = (v, full, quick) => (v === undefined ? (q ? quick : full) : Number(v))
  const engines = values.engines.split(',').filter(Boolean)
  for (const e of engines)
    if (!adapterFile[e]) throw new Error(`unknown engine ${e} (known: ${ENGINE_NAMES.join(', ')})`)
  return {
    json: values.json,
    quick: q,
    engines,
    agree: num(values.agree, 5000, 300),
    seed: Number(values.seed),
    timeMs: num(values['time-ms'], 3000, 30),
    scaleTimeMs: q ? 20 : 1000,
    memDecisions: num(values['mem-decisions'], 1_000_000, 2000),
    coldRuns: num(values['cold-runs'], 5, 1),
    compileRounds: q ? 1 : 5,
    conformance: !values['no-conformance'] && !q,
    scaling: !values['no-scaling'],
    policySets: !values['no-policy-sets'],
    setsOnly: values['sets-only'],
    // Relative --builtins paths in --suite-args are taken from the current folder, as a CLI would.
    suites: values.suite.map((dir) => ({
      dir: path.resolve(dir),
      paths: values['suite-path'],
      entrypoints: values['suite-entrypoint'],
      extra: values['suite-args']
        .split(/\s+/)
        .filter(Boolean)
        .map((a, i, all) => (all[i - 1] === '--builtins' ? path.resolve(a) : a)),
    })),
    cold: values.cold,
    measure: values.measure,
    pair: values.pair,
    what: values.what,
    artifactsDir: values.artifacts,
  }
}

async function main() {
  const argv = process.argv.slice(2)
  const o = options(argv)
  if (o.cold) return coldChild(o.cold, o.artifactsDir)
  if (o.measure) return measureChild(o.measure, o.artifactsDir, o)
  if (o.pair) return pairChild(o.pair.split(','), o.artifactsDir, o)
  // Re-exec once: pinned to one core where the OS allows, with gc exposed for the memory figures.
  if (!process.env.CORDON_BENCH_REEXEC) {
    const pin = pinPrefix()
    const cmd = [...pin, process.execPath, '--expose-gc', self, ...argv]
    const env = {
      ...process.env,
      CORDON_BENCH_REEXEC: '1',
      ...(pin.length ? { CORDON_BENCH_PINNED: pin.join(' ') } : {}),
    }
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env })
    process.exitCode = r.status ?? 1
    return
  }
  if (o.setsOnly) {
    const rows = runPolicySets(o, (s) => process.stdout.write(s + '\n'))
    process.stdout.write('\n' + renderPolicySets(rows) + '\n')
    process.stdout.write(`\ncommand: node scripts/bench/run.mjs ${process.argv.slice(2).join(' ')}\n`)
    if (o.json) writeFileSync(o.json, JSON.stringify({ policy_sets: rows }, null, 2) + '\n')
    return
  }
  const { ok, result } = await runBench(o)
  if (!ok) {
    process.stderr.write('bench: engines disagree with the plain-js floor; not timing\n')
    process.exitCode = 1
    return
  }
  process.stdout.write('\n' + render(result) + '\n')
  process.stdout.write(`\ncommand: node scripts/bench/run.mjs ${process.argv.slice(2).join(' ')}\n`)
  if (o.json) writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  main().catch((err) => {
    process.stderr.write(`bench: ${err?.stack ?? err}\n`)
    process.exitCode = 1
  })
}
