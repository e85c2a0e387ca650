#!/usr/bin/env node
// Parse and check throughput over OPA's whole conformance corpus (every
// module set of every case, compiled as one policy each), from the built
// @cordon/rego package. Run `pnpm build` first.
//
// Usage: node scripts/bench-check.mjs [--rounds N] [--json FILE]
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { builtinDecls } from '../packages/builtins/dist/index.js'
import { conformance } from '../packages/cli/dist/index.js'
import { checkSources, parseModule } from '../packages/rego/dist/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const casesDir = conformance.conformanceSuites(path.resolve(here, '..')).v1.casesDir
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, json: { type: 'string' } } })
const rounds = Number(values.rounds)
// One case calls test.sleep, a builtin of OPA's own test harness.
const builtins = new Map([
  ...builtinDecls,
  ['test.sleep', { name: 'test.sleep', decl: { type: 'function', args: [{ type: 'string' }] } }],
])

const sets = []
for (const c of conformance.loadCases(casesDir)) {
  if (c.modules.length === 0) continue
  sets.push({
    files: c.modules.map((text, i) => ({ file: `test-${i}.rego`, text })),
    experimentalKeywords: c.experimentalKeywords,
  })
}
const moduleCount = sets.reduce((n, s) => n + s.files.length, 0)
const bytes = sets.reduce((n, s) => n + s.files.reduce((m, f) => m + Buffer.byteLength(f.text), 0), 0)

function time(fn) {
  const samples = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

// One warm-up round each, so the figures describe steady state, not JIT warm-up.
const parseAll = () =>
  sets.forEach((s) =>
    s.files.forEach((f) => parseModule(f.text, { file: f.file, experimentalKeywords: s.experimentalKeywords })),
  )
let errors = 0
const checkAll = () => {
  errors = 0
  for (const s of sets)
    errors += checkSources(s.files, { experimentalKeywords: s.experimentalKeywords, builtins }).diagnostics.length
}
parseAll()
checkAll()
const parseMs = time(parseAll)
const checkMs = time(checkAll)

const kb = bytes / 1024
const result = {
  corpus: { moduleSets: sets.length, modules: moduleCount, kilobytes: Number(kb.toFixed(1)) },
  parse: {
    ms: Number(parseMs.toFixed(1)),
    kb_per_s: Math.round(kb / (parseMs / 1000)),
    modules_per_s: Math.round(moduleCount / (parseMs / 1000)),
  },
  parse_and_check: {
    ms: Number(checkMs.toFixed(1)),
    kb_per_s: Math.round(kb / (checkMs / 1000)),
    modules_per_s: Math.round(moduleCount / (checkMs / 1000)),
  },
  diagnostics: errors,
  rounds,
  node: process.version,
}
console.log(
  `corpus: ${sets.length} module sets, ${moduleCount} modules, ${kb.toFixed(1)} KB (median of ${rounds} rounds)`,
)
console.log(
  `parse only:      ${parseMs.toFixed(1)} ms  ${result.parse.kb_per_s} KB/s  ${result.parse.modules_per_s} modules/s`,
)
console.log(
  `parse and check: ${checkMs.toFixed(1)} ms  ${result.parse_and_check.kb_per_s} KB/s  ${result.parse_and_check.modules_per_s} modules/s`,
)
console.log(`diagnostics over the corpus: ${errors} (expected 0)`)
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n')
