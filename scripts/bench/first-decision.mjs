#!/usr/bin/env node
// First decision on a big module (issue 18): V8's compile time of the module
// (WebAssembly.compile) and the time of each entrypoint's first evaluation,
// each in a fresh process (V8 compiles a Wasm function on its first call and
// shares compiled modules between compilations of the same bytes).
//
//   node scripts/bench/first-decision.mjs BUNDLE.tar.gz [--builtins MODULE] [--input FILE] [--runs N]
//
// BUNDLE comes from `cordon build … -o BUNDLE.tar.gz`. For Regal (see
// scripts/peer-suites.mjs for the whole command):
//   cd regal && cordon build bundle -e regal/main/report --experimental \
//     --builtins scripts/peer-suites/regal-builtins.mjs -o /tmp/regal.tar.gz
//   node scripts/bench/first-decision.mjs /tmp/regal.tar.gz --builtins scripts/peer-suites/regal-builtins.mjs --regal
// --regal lints `package p\n\nx = 1\n` (its Roast as input) with Regal's
// provided configuration as data.internal.combined_config.
// Prints the module's compile time (median of --runs, default 3) and, per
// entrypoint, its first evaluation and the second one in the same process
// (medians), slowest first: the difference is mostly V8 compiling functions.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const self = fileURLToPath(import.meta.url)
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    builtins: { type: 'string' },
    input: { type: 'string' },
    regal: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
})
const [bundlePath] = positionals
if (!bundlePath) {
  console.error(
    'usage: node scripts/bench/first-decision.mjs BUNDLE.tar.gz [--builtins MODULE] [--input FILE] [--regal] [--runs N]',
  )
  process.exit(2)
}
const engine = await import(pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href)
const { defineBuiltin, hostBuiltinImpls } = await import(
  pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href
)
const { regoParserBuiltins } = await import(pathToFileURL(path.join(root, 'packages/rego/dist/index.js')).href)
// What the CLI's hosts provide (packages/cli/src/fs/load-builtins.ts).
const customBuiltins = values.builtins
  ? (await import(pathToFileURL(path.resolve(values.builtins)).href)).default.map((spec) => defineBuiltin(spec))
  : []
const hostBuiltins = new Map([...hostBuiltinImpls, ...regoParserBuiltins, ...customBuiltins.map((d) => [d.name, d])])
const bundle = await engine.readBundle(new Uint8Array(readFileSync(bundlePath)))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function child(what) {
  if (what === 'compile') {
    const t = performance.now()
    await WebAssembly.compile(bundle.wasm)
    return [performance.now() - t, 0]
  }
  let input = values.input ? JSON.parse(readFileSync(values.input, 'utf8')) : {}
  const data = structuredClone(bundle.data)
  if (values.regal) {
    const { roastModule } = await import(pathToFileURL(path.resolve(values.builtins)).href)
    input = roastModule('p.rego', 'package p\n\nx = 1\n')
    data.internal = { combined_config: data.regal?.config?.provided ?? {} }
  }
  const inst = engine.PolicyInstance.createSync(bundle.wasm, { hostBuiltins })
  inst.setData(data)
  const timed = () => {
    const t = performance.now()
    try {
      inst.evaluate(input, what)
    } catch {
      // An evaluation error still took its time; the figure is what counts here.
    }
    return performance.now() - t
  }
  const first = timed()
  return [first, timed()]
}

if (values.child) {
  console.log(JSON.stringify(await child(values.child)))
  process.exit(0)
}

function measure(what) {
  const times = []
  for (let i = 0; i < Number(values.runs); i++) {
    const args = [self, bundlePath, '--child', what]
    if (values.builtins) args.push('--builtins', values.builtins)
    if (values.input) args.push('--input', values.input)
    if (values.regal) args.push('--regal')
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 })
    if (r.status !== 0) throw new Error(`${what}: ${r.stderr}`)
    times.push(JSON.parse(r.stdout.trim().split('\n').pop()))
  }
  return [median(times.map((t) => t[0])), median(times.map((t) => t[1]))]
}

const names = Object.keys(engine.PolicyInstance.createSync(bundle.wasm, { hostBuiltins }).entrypoints)
console.log(`${bundlePath}: ${bundle.wasm.length} bytes, ${names.length} entrypoints`)
console.log(`WebAssembly.compile: ${measure('compile')[0].toFixed(1)} ms (median of ${values.runs})`)
const rows = names.map((name) => [name, measure(name)])
rows.sort((a, b) => b[1][0] - a[1][0])
const firsts = rows.map((r) => r[1][0])
console.log(
  `first evaluation: median ${median(firsts).toFixed(1)} ms, max ${Math.max(...firsts).toFixed(1)} ms, total ${firsts.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
)
console.log('  first (ms)  second (ms)  entrypoint')
for (const [name, [first, second]] of rows)
  console.log(`  ${first.toFixed(1).padStart(10)}  ${second.toFixed(1).padStart(11)}  ${name}`)
