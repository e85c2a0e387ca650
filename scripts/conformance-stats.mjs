#!/usr/bin/env node
// The figures issue 3 asks for, from one run of OPA's conformance suite
// through the shipped path: pass rates overall and for the cases that call
// no named builtin, total time, median compile time per case, and the sizes
// of the runtime library and of a small policy's module. Run `pnpm build` first.
//
// Usage: node scripts/conformance-stats.mjs [CASES_DIR]
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtinDecls } from '../packages/builtins/dist/index.js'
import { conformance } from '../packages/cli/dist/index.js'
import { buildWasm } from '../packages/wasm/dist/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const dir = process.argv[2] ?? conformance.conformanceSuites(path.resolve(here, '..')).v1.casesDir
const cases = conformance.loadCases(dir)

// The suite README's rough scan: `name(` for a declared builtin name, outside nothing.
const CALL = /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\(/g
const callsBuiltin = (c) => [...[...c.modules, c.query].join('\n').matchAll(CALL)].some((m) => builtinDecls.has(m[1]))

const stats = { compileMs: [] }
const started = performance.now()
const summary = await conformance.runCases(cases, conformance.wasmBackend(stats))
const seconds = (performance.now() - started) / 1000
const passed = new Set(summary.cases.filter((v) => v.status === 'passed').map((v) => `${v.file}#${v.index}`))
const noBuiltin = cases.filter((c) => !callsBuiltin(c))
const noBuiltinPassed = noBuiltin.filter((c) => passed.has(`${c.file}#${c.index}`)).length
const sorted = [...stats.compileMs].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`

const runtime = statSync(path.resolve(here, '../packages/wasm/src/runtime-lib/runtime.wasm')).size
const small = buildWasm([{ file: 'p.rego', text: 'package app\n\nallow if input.user == "alice"\n' }], {
  entrypoints: ['app/allow'],
}).wasm
const reference = buildWasm(
  ['policy.rego'].map((f) => ({ file: f, text: readFileSync(path.resolve(here, '../policies/ai-access', f), 'utf8') })),
  { entrypoints: ['ai_access/decision'] },
).wasm

console.log(`cases:                       ${summary.total}`)
console.log(`passed, all:                 ${summary.passed} (${pct(summary.passed, summary.total)})`)
console.log(
  `passed, no named builtin:    ${noBuiltinPassed} of ${noBuiltin.length} (${pct(noBuiltinPassed, noBuiltin.length)})`,
)
console.log(`compile and run, whole suite: ${seconds.toFixed(1)} s`)
console.log(`median compile per case:     ${median.toFixed(2)} ms (parse, check, plan, codegen, link)`)
console.log(`runtime.wasm:                ${runtime} bytes`)
console.log(`small policy module:         ${small?.length} bytes`)
console.log(`reference policy module:     ${reference?.length} bytes`)
