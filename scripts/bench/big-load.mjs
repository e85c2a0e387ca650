#!/usr/bin/env node
// Loading a large policy with its data (issue 18): Cordon's engine
// (`createEngine` of the bundle, and of the module with its parsed data) vs
// @open-policy-agent/opa-wasm (`loadPolicy` + `setData`) on the same module
// bytes and data. Each load runs in a fresh process (V8 shares a compiled
// module between compilations of the same bytes in one process), the two
// hosts alternating; medians of --runs.
//
//   node scripts/bench/big-load.mjs [--rules 1000] [--data-mb 2] [--runs 5] [--bundle FILE] [--keep FILE]
//
// Without --bundle it generates a policy of --rules rules (about 650 KB of
// module at the default) and a data.json of about --data-mb MB, and builds
// them with the stock CLI (--target opa-wasm-sdk, so the SDK runs the same
// bytes; --keep FILE keeps that bundle). cordon-phases times the steps of a
// load one by one.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { root } from './world.mjs'

const self = fileURLToPath(import.meta.url)
const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    'data-mb': { type: 'string', default: '2' },
    runs: { type: 'string', default: '5' },
    bundle: { type: 'string' },
    keep: { type: 'string' },
    child: { type: 'string' },
  },
})
const engineUrl = pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6

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
  execFileSync(
    process.execPath,
    [
      path.join(root, 'packages/cli/dist/main.js'),
      'build',
      dir,
      '-e',
      'big/deny',
      '--target',
      'opa-wasm-sdk',
      '-o',
      out,
    ],
    { stdio: 'inherit' },
  )
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
  const out = {}
  const t0 = process.hrtime.bigint()
  if (what === 'cordon-bundle') {
    const { createEngine } = await import(engineUrl)
    const t = process.hrtime.bigint()
    await createEngine({ bundle: new Uint8Array(gz) })
    out.load = ms(t)
  } else if (what === 'cordon-wasm') {
    const { createEngine } = await import(engineUrl)
    const t = process.hrtime.bigint()
    await createEngine({ wasm, data: JSON.parse(dataText) })
    out.load = ms(t)
  } else if (what === 'cordon-phases') {
    // Where Cordon's time goes, phase by phase, as LivePolicy.prepare runs them.
    const { readBundle, PolicyInstance } = await import(engineUrl)
    let t = process.hrtime.bigint()
    const bundle = await readBundle(new Uint8Array(gz))
    out.readBundle = ms(t)
    t = process.hrtime.bigint()
    const module = await WebAssembly.compile(bundle.wasm)
    out.compile = ms(t)
    t = process.hrtime.bigint()
    const { hostBuiltinImpls } = await import(pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href)
    out.importBuiltins = ms(t)
    t = process.hrtime.bigint()
    const inst = await PolicyInstance.create(module, { hostBuiltins: hostBuiltinImpls })
    out.instantiate = ms(t)
    t = process.hrtime.bigint()
    inst.setData(bundle.data)
    out.setData = ms(t)
  } else if (what === 'sdk') {
    const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm')
    const t = process.hrtime.bigint()
    const policy = await loadPolicy(wasm)
    out.loadPolicy = ms(t)
    const t2 = process.hrtime.bigint()
    policy.setData(JSON.parse(dataText))
    out.setData = ms(t2)
    out.load = ms(t)
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
      const res = spawnSync(process.execPath, [self, '--child', kind, '--bundle', bundlePath], { encoding: 'utf8' })
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
