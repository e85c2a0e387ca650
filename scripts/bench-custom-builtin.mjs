#!/usr/bin/env node
// Decision cost of a custom host builtin call vs the same computation done
// natively in Wasm (issue 9): `acme.double(input.x)` (a defineBuiltin called
// through opa_builtin1: arguments and result cross as Rego term text) against
// `input.x * 2`, timed side by side in one process, from the built packages.
//
//   pnpm build && node scripts/bench-custom-builtin.mjs [--ms 1500] [--json]
import { parseArgs } from 'node:util'
import { defineBuiltin, withCustomBuiltins } from '../packages/builtins/dist/index.js'
import { createEngine, PolicyInstance } from '../packages/engine/dist/index.js'
import { buildWasm } from '../packages/wasm/dist/index.js'

const { values } = parseArgs({
  options: { ms: { type: 'string', default: '1500' }, json: { type: 'boolean', default: false } },
})
const budget = Number(values.ms)

const double = defineBuiltin({
  name: 'acme.double',
  args: [{ type: 'number' }],
  result: { type: 'number' },
  impl: (x) => (typeof x === 'bigint' ? x * 2n : x * 2),
})
// A 5-argument builtin: its arguments go packed in one array (OPA's ABI stops at opa_builtin4).
const sum5 = defineBuiltin({
  name: 'acme.sum5',
  args: Array.from({ length: 5 }, () => ({ type: 'number' })),
  result: { type: 'number' },
  impl: (a, b, c, d, e) => Number(a) + Number(b) + Number(c) + Number(d) + Number(e),
})
const builtins = withCustomBuiltins([double, sum5])

const policies = {
  native: 'package b\nallow if input.x * 2 == input.want',
  host: 'package b\nallow if acme.double(input.x) == input.want',
  'host, 5 args (packed)': 'package b\nallow if acme.sum5(input.x, input.x, 0, 0, 0) == input.want',
  'host, 10 calls': `package b\nallow if {\n${Array.from({ length: 10 }, (_, i) => `  acme.double(input.x + ${i}) == input.want + ${2 * i}`).join('\n')}\n}`,
  'native, 10 ops': `package b\nallow if {\n${Array.from({ length: 10 }, (_, i) => `  (input.x + ${i}) * 2 == input.want + ${2 * i}`).join('\n')}\n}`,
}

function time(fn) {
  for (let i = 0; i < 2000; i++) fn() // warm up
  let n = 0
  const start = performance.now()
  let now = start
  while (now - start < budget) {
    for (let i = 0; i < 500; i++) fn()
    n += 500
    now = performance.now()
  }
  return ((now - start) * 1e6) / n // ns per call
}

const input = { x: 21, want: 42 }
const inputText = JSON.stringify(input)
const rows = []
for (const [name, text] of Object.entries(policies)) {
  const r = buildWasm([{ file: 'b.rego', text }], { entrypoints: ['b/allow'], builtins })
  if (!r.wasm) throw new Error(`${name}: ${JSON.stringify(r.diagnostics)}`)
  const instance = await PolicyInstance.create(r.wasm, { builtins: [double, sum5] })
  if (instance.evaluateText(inputText, 'b/allow') !== '[{"result":true}]') throw new Error(`${name}: wrong answer`)
  const engine = await createEngine({ wasm: r.wasm, data: {}, builtins: [double, sum5], defaultEntrypoint: 'b/allow' })
  if (!(await engine.decide(input)).allow) throw new Error(`${name}: engine denies`)
  const raw = time(() => instance.evaluateText(inputText, 'b/allow'))
  // decide() is async (validation, logging hooks): time it with awaits in batches.
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < budget) {
    for (let i = 0; i < 200; i++) await engine.decide(input)
    n += 200
  }
  const decide = ((performance.now() - t0) * 1e6) / n
  rows.push({ policy: name, hostBuiltins: r.hostBuiltins, evaluateNs: Math.round(raw), decideNs: Math.round(decide) })
}

const by = Object.fromEntries(rows.map((r) => [r.policy, r]))
const perCall = {
  'one host call vs native (evaluateText)': by.host.evaluateNs - by.native.evaluateNs,
  'one host call vs native (decide)': by.host.decideNs - by.native.decideNs,
  'per host call, 10 calls vs 10 native ops (evaluateText)': Math.round(
    (by['host, 10 calls'].evaluateNs - by['native, 10 ops'].evaluateNs) / 10,
  ),
  '5-arg packed call vs 1-arg call (evaluateText)': by['host, 5 args (packed)'].evaluateNs - by.host.evaluateNs,
}
if (values.json)
  console.log(JSON.stringify({ node: process.version, budgetMs: budget, rows, perCallNs: perCall }, null, 2))
else {
  console.log(`custom builtin vs native (Node ${process.version}, ${budget} ms per cell; ns per decision)\n`)
  console.log('policy'.padEnd(24) + 'evaluateText'.padStart(14) + 'engine.decide'.padStart(15))
  for (const r of rows)
    console.log(r.policy.padEnd(24) + String(r.evaluateNs).padStart(14) + String(r.decideNs).padStart(15))
  console.log('\nextra cost (ns):')
  for (const [k, v] of Object.entries(perCall)) console.log(`  ${k}: ${v}`)
}
