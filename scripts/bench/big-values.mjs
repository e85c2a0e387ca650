#!/usr/bin/env node
// Big inputs and big data (issue 18): the cost of writing a large JSON value
// into a module's linear memory, in ns per byte of its JSON text, for shapes
// of 10 KB to 10 MB (nested objects, arrays of numbers, long strings, one
// object with many small keys, deep nesting).
//
//   node scripts/bench/big-values.mjs [--sizes 10k,100k,1m,10m] [--shapes objects,arrays,...] [--ms 300]
//                                     [--engine-root DIR]
//
// Columns, each the median ns per JSON byte:
//   floor    JSON.stringify + TextEncoder.encodeInto into a Wasm memory: the
//            text a JSON-text ABI needs, the least any host does with a JS value
//   input    Cordon: PolicyInstance.evaluate of a policy that reads one field
//            of input (the value is laid out in memory, no JSON text)
//   data     Cordon: PolicyInstance.setData
//   sdk-in   @open-policy-agent/opa-wasm: evaluate of the same module
//   sdk-data @open-policy-agent/opa-wasm: setData
//   first    Cordon: the first evaluate on a fresh instance (memory growth included)
//   text1st  Cordon: the first setData of the value's JSON text on a fresh
//            instance (parsed by the module's runtime, which grows the memory)
// The module is built by the stock CLI with --target opa-wasm-sdk, so both
// hosts run the same bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { cordonCli, root, rng } from './world.mjs'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k,1m,10m' },
    shapes: { type: 'string', default: 'objects,arrays,strings,keys,deep' },
    ms: { type: 'string', default: '300' },
    // Another checkout's built engine to time instead of this one's (e.g. /tmp/base, before a change).
    'engine-root': { type: 'string' },
  },
})
const budgetMs = Number(values.ms)
const SIZE = { k: 1e3, m: 1e6 }
const sizes = values.sizes.split(',').map((s) => Math.round(parseFloat(s) * (SIZE[s.at(-1).toLowerCase()] ?? 1)))

const engineRoot = values['engine-root'] ?? root
const { PolicyInstance } = await import(pathToFileURL(path.join(engineRoot, 'packages/engine/dist/index.js')).href)
const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm')

// A policy that reads one field of input and one of data: the evaluation
// itself costs next to nothing, so the time is the value's way in.
const dir = mkdtempSync(path.join(tmpdir(), 'big-values-'))
writeFileSync(path.join(dir, 'p.rego'), 'package p\n\nallow if input.ok == data.ok\n')
const wasmPath = path.join(dir, 'policy.wasm')
cordonCli(['build', dir, '-e', 'p/allow', '--format', 'wasm', '--target', 'opa-wasm-sdk', '-o', wasmPath])
const wasm = readFileSync(wasmPath)
rmSync(dir, { recursive: true, force: true })
const module = new WebAssembly.Module(wasm)

/** Values of about `bytes` bytes of JSON, each with `ok: true` at the top. */
const SHAPES = {
  // Records of a few fields, as in a list of resources.
  objects(bytes, r) {
    const items = []
    for (let n = 0; n < bytes;) {
      const item = {
        id: `res-${Math.floor(r() * 1e9)}`,
        kind: ['Pod', 'Service', 'Deployment'][Math.floor(r() * 3)],
        replicas: Math.floor(r() * 10),
        labels: { app: `app${Math.floor(r() * 100)}`, tier: 'backend' },
        ready: r() < 0.5,
      }
      n += JSON.stringify(item).length + 1
      items.push(item)
    }
    return { ok: true, items }
  },
  arrays(bytes, r) {
    const nums = []
    for (let n = 0; n < bytes;) {
      const x = r() < 0.5 ? Math.floor(r() * 1e6) : Math.round(r() * 1e6) / 100
      n += String(x).length + 1
      nums.push(x)
    }
    return { ok: true, nums }
  },
  strings(bytes, r) {
    const texts = []
    for (let n = 0; n < bytes; n += 4099) {
      let s = ''
      while (s.length < 4096) s += Math.floor(r() * 1e12).toString(36)
      texts.push(s.slice(0, 4096))
    }
    return { ok: true, texts }
  },
  // One object with many keys, each small: a map of names.
  keys(bytes, r) {
    const map = {}
    for (let n = 0, i = 0; n < bytes; i++) {
      const k = `key-${i}-${Math.floor(r() * 1e6)}`
      map[k] = i
      n += k.length + String(i).length + 4
    }
    return { ok: true, map }
  },
  // Chains 400 objects deep (the writer's depth limit is 512), as many as fit.
  deep(bytes) {
    const chains = []
    const one = () => {
      let v = { leaf: 1 }
      for (let d = 0; d < 400; d++) v = { n: v }
      return v
    }
    const size = JSON.stringify(one()).length
    for (let n = 0; n < bytes; n += size + 1) chains.push(one())
    return { ok: true, chains }
  },
}

const encoder = new TextEncoder()

/** Median ns per call of `fn`, over at least 3 calls and about `budgetMs`. */
function time(fn) {
  fn()
  const samples = []
  const until = performance.now() + budgetMs
  while (samples.length < 3 || (performance.now() < until && samples.length < 200)) {
    const t = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t))
  }
  samples.sort((a, b) => a - b)
  return samples[samples.length >> 1]
}

/** Median ns of `fn` on a fresh instance (its first write: the memory grows), of 3. */
function fresh(fn) {
  const samples = []
  for (let i = 0; i < 3; i++) {
    const inst = newCordon()
    const t = process.hrtime.bigint()
    fn(inst)
    samples.push(Number(process.hrtime.bigint() - t))
  }
  return samples.sort((a, b) => a - b)[1]
}

function newCordon() {
  return PolicyInstance.createSync(module)
}
function newSdk() {
  return loadPolicySync(wasm)
}

const pad = (s, n) => String(s).padStart(n)
const cols = ['floor', 'input', 'data', 'sdk-in', 'sdk-data', 'first', 'text1st']
console.log(`ns per JSON byte (median), node ${process.version}, engine of ${engineRoot}`)
console.log(`${'shape'.padEnd(8)} ${pad('size', 9)} ${cols.map((c) => pad(c, 8)).join(' ')}  input/floor  input/sdk-in`)
for (const shape of values.shapes.split(',')) {
  for (const size of sizes) {
    const value = SHAPES[shape](size, rng(size))
    const json = JSON.stringify(value)
    const jsonBytes = Buffer.byteLength(json)
    const floorMem = new WebAssembly.Memory({ initial: Math.ceil((3 * json.length) / 65536) + 1 })
    const floor = time(() => encoder.encodeInto(JSON.stringify(value), new Uint8Array(floorMem.buffer)))

    const first = fresh((inst) => inst.evaluate(value, 'p/allow'))
    const textFirst = fresh((inst) => inst.setData(json))

    const cordon = newCordon()
    cordon.setData({ ok: true })
    const check = cordon.evaluate(value, 'p/allow')
    if (check[0]?.result !== true) throw new Error(`cordon: ${JSON.stringify(check)}`)
    const input = time(() => cordon.evaluate(value, 'p/allow'))
    const data = time(() => cordon.setData(value))

    const sdk = newSdk()
    sdk.setData({ ok: true })
    const sdkCheck = sdk.evaluate(value, 'p/allow')
    if (sdkCheck[0]?.result !== true) throw new Error(`sdk: ${JSON.stringify(sdkCheck)}`)
    const sdkIn = time(() => sdk.evaluate(value, 'p/allow'))
    const sdkData = time(() => sdk.setData(value))

    const per = [floor, input, data, sdkIn, sdkData, first, textFirst].map((ns) => pad((ns / jsonBytes).toFixed(2), 8))
    console.log(
      `${shape.padEnd(8)} ${pad(jsonBytes, 9)} ${per.join(' ')}  ${pad((input / floor).toFixed(2), 11)}  ${pad((input / sdkIn).toFixed(2), 12)}`,
    )
  }
}
