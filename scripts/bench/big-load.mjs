#!/usr/bin/env node
// Loading a large policy with its data (issue 18): Cordon's engine
// (`createEngine` of the bundle, and of the module with its parsed data) vs
// @open-policy-agent/opa-wasm (`loadPolicy` + `setData`) on the same module
// bytes and data. Each load runs in a fresh process (V8 shares a compiled
// module between compilations of the same bytes in one process), the two
// hosts alternating; medians of --runs, in ms of CPU time.
//
//   node scripts/bench/big-load.mjs [--rules 1000] [--data-mb 2] [--runs 5] [--bundle FILE] [--keep FILE]
//                                   [--engine-root DIR]
//
// Without --bundle it generates a policy of --rules rules (about 650 KB of
// module at the default) and a data.json of about --data-mb MB, and builds
// them with the stock CLI (--target opa-wasm-sdk, so the SDK runs the same
// bytes; --keep FILE keeps that bundle). cordon-phases times the steps of a
// load one by one. Cordon's load ends with a smoke evaluation of the default
// entrypoint, where V8 compiles the functions it reaches: compare it with the
// SDK's loadAndFirst (load, then a first evaluation). --engine-root DIR times
// another checkout's build (e.g. the commit before a change).
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { cordonCli, root } from './world.mjs'

const self = fileURLToPath(import.meta.url)
const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    'data-mb': { type: 'string', default: '2' },
    runs: { type: 'string', default: '5' },
    bundle: { type: 'string' },
    keep: { type: 'string' },
    // Another checkout's built packages to time instead of this one's (e.g. /tmp/base, before a change).
    'engine-root': { type: 'string' },
    child: { type: 'string' },
  },
})
const engineRoot = values['engine-root'] ?? root
const engineUrl = pathToFileURL(path.join(engineRoot, 'packages/engine/dist/index.js')).href
// CPU time of the process (all its threads) since a mark: steadier than wall
// time on a shared machine, and it counts V8's background compilation too.
const now = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}
const ms = (t) => (now() - t) / 1000

/** A policy of `n` deny rules over input and data, and data of about `mb` MB. */
function generate(dir, n, mb) {
  mkdirSync(path.join(dir, 'big'), { recursive: true })
  const rules = ['package big\n']
  for (let i = 0; i < n; i++) {
    rules.push(
      `deny contains msg if {\n  input.kind == "Kind${i % 97}"\n  some c in input.containers\n  c.image == data.big.images[${i % 500}].name\n  not data.big.allowed[c.name]\n  msg := sprintf("rule ${i}: %s uses %s", [c.name, c.image])\n}\n`,
    )
  }
  writeFileSync(path.join(dir, 'big/policy.rego'), rules.join('\n'))
  const images = []
  const allowed = {}
  for (let i = 0; images.length * 120 < mb * 5e5; i++)
    images.push({ name: `registry.example.com/team${i % 40}/image-${i}:v${i % 7}`, tags: ['a', 'b', String(i)] })
  for (let i = 0; Object.keys(allowed).length * 24 < mb * 5e5; i++) allowed[`container-name-${i}`] = i % 3 === 0
  writeFileSync(path.join(dir, 'big/data.json'), JSON.stringify({ images, allowed }))
  const out = path.join(dir, 'bundle.tar.gz')
  cordonCli(['build', dir, '-e', 'big/deny', '--target', 'opa-wasm-sdk', '-o', out])
  return out
}

/** policy.wasm and data.json out of a bundle.tar.gz (a tar reader of the few lines a bench needs). */
function untar(gz) {
  const tar = gunzipSync(gz)
  const files = {}
  for (let at = 0; at + 512 <= tar.length;) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '')
    if (!name) break
    const size = parseInt(
      tar
        .toString('utf8', at + 124, at + 136)
        .replace(/\0.*$/s, '')
        .trim(),
      8,
    )
    files[name.replace(/^\/?/, '/')] = tar.subarray(at + 512, at + 512 + size)
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

async function child(what, bundlePath) {
  const gz = readFileSync(bundlePath)
  const files = untar(gz)
  const wasm = files['/policy.wasm']
  const dataText = files['/data.json'].toString('utf8')
  const entrypoint = JSON.parse(files['/.manifest'].toString('utf8')).wasm?.[0]?.entrypoint ?? 0
  const out = {}
  const t0 = now()
  if (what === 'cordon-bundle') {
    const { createEngine } = await import(engineUrl)
    const t = now()
    await createEngine({ bundle: new Uint8Array(gz) })
    out.load = ms(t)
  } else if (what === 'cordon-wasm') {
    const { createEngine } = await import(engineUrl)
    const t = now()
    await createEngine({ wasm, data: JSON.parse(dataText) })
    out.load = ms(t)
  } else if (what === 'cordon-phases') {
    // Where Cordon's time goes, phase by phase, as LivePolicy.prepare runs them.
    const { readBundle, PolicyInstance } = await import(engineUrl)
    let t = now()
    const bundle = await readBundle(new Uint8Array(gz))
    out.readBundle = ms(t)
    t = now()
    const module = await WebAssembly.compile(bundle.wasm)
    out.compile = ms(t)
    t = now()
    const { lightHostBuiltinImpls } = await import(
      pathToFileURL(path.join(engineRoot, 'packages/builtins/dist/core.js')).href
    )
    const inst = await PolicyInstance.create(module, { hostBuiltins: lightHostBuiltinImpls })
    out.instantiate = ms(t)
    t = now()
    inst.setData(bundle.data)
    out.setData = ms(t)
    // The engine's smoke evaluation before a policy goes live: V8 compiles the functions it reaches.
    t = now()
    inst.evaluate({}, entrypoint)
    out.firstEval = ms(t)
  } else if (what === 'sdk') {
    const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm')
    const t = now()
    const policy = await loadPolicy(wasm)
    out.loadPolicy = ms(t)
    const t2 = now()
    policy.setData(JSON.parse(dataText))
    out.setData = ms(t2)
    out.load = ms(t)
    // Cordon's load ends with a smoke evaluation; this is the SDK's first one.
    const t3 = now()
    policy.evaluate({}, entrypoint)
    out.firstEval = ms(t3)
    out.loadAndFirst = ms(t)
  }
  out.total = ms(t0)
  process.stdout.write(JSON.stringify(out))
}

if (values.child) {
  await child(values.child, values.bundle)
} else {
  const tmp = mkdtempSync(path.join(tmpdir(), 'big-load-'))
  const bundlePath = values.bundle ?? generate(tmp, Number(values.rules), Number(values['data-mb']))
  if (values.keep) writeFileSync(values.keep, readFileSync(bundlePath))
  const files = untar(readFileSync(bundlePath))
  console.log(
    `module ${files['/policy.wasm'].length} bytes, data.json ${files['/data.json'].length} bytes, node ${process.version}`,
  )
  const kinds = ['cordon-bundle', 'sdk', 'cordon-wasm', 'cordon-phases']
  const results = Object.fromEntries(kinds.map((k) => [k, []]))
  for (let r = 0; r < Number(values.runs); r++) {
    for (const kind of kinds) {
      const args = [self, '--child', kind, '--bundle', bundlePath, '--engine-root', engineRoot]
      const res = spawnSync(process.execPath, args, { encoding: 'utf8' })
      if (res.status !== 0) throw new Error(`${kind}: ${res.stderr}`)
      results[kind].push(JSON.parse(res.stdout))
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  for (const kind of kinds) {
    const keys = Object.keys(results[kind][0]).filter(Boolean)
    console.log(
      `${kind.padEnd(14)} ${keys.map((k) => `${k} ${median(results[kind].map((x) => x[k])).toFixed(1)} ms`).join('  ')}`,
    )
  }
  if (!values.bundle) rmSync(tmp, { recursive: true, force: true })
}
