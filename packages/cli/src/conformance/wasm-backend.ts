import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { formatDiagnostic, type RegoVersion } from '@cordon/rego'
import { buildWasm } from '@cordon/wasm'
import type { ConformanceCase } from './cases.js'
import { harnessDecls, harnessImpls } from './harness-builtins.js'
import type { ResultRows } from './compare.js'
import { parseExactJson } from './exact-json.js'
import { opaErrorText } from '../reporters/eval-error.js'
import type { CaseOutcome } from './judge.js'
import type { ConformanceBackend } from './runner.js'

/** Guards so a runaway case fails instead of hanging the run. */
const FUEL = 5_000_000
const MEMORY = { initial: 5, maximum: 4096 }
const QUERY = 'q'

/** What the Wasm backend measured over a run. */
export interface WasmBackendStats {
  /** Milliseconds spent compiling each case (parse, check, plan, codegen, link). */
  compileMs: number[]
}

/**
 * The conformance backend of the shipped path: each case is compiled
 * (parse → check → plan with the case's query as a plan → Wasm) and run in a
 * fresh PolicyInstance with Cordon's host builtins, strict when the case says.
 * `regoVersion` 'v0' reads the modules and the query as OPA's
 * `--v0-compatible` does (the suite's v0 copy).
 */
export function wasmBackend(
  stats: WasmBackendStats = { compileMs: [] },
  regoVersion: RegoVersion = 'v1',
): ConformanceBackend {
  return { name: 'wasm', run: (c) => runCase(c, stats, regoVersion) }
}

function runCase(c: ConformanceCase, stats: WasmBackendStats, regoVersion: RegoVersion): CaseOutcome {
  const files = c.modules.map((text, i) => ({ file: `test-${i}.rego`, text }))
  const t0 = performance.now()
  const built = buildWasm(files, {
    entrypoints: [],
    queries: [{ name: QUERY, query: c.query }],
    experimentalKeywords: c.experimentalKeywords,
    regoVersion,
    builtins: harnessDecls,
    fuel: FUEL,
  })
  stats.compileMs.push(performance.now() - t0)
  if (!built.wasm) throw new Error(`compile: ${built.diagnostics.map(formatDiagnostic).join('; ')}`)
  const instance = PolicyInstance.createSync(built.wasm, { memory: MEMORY, hostBuiltins: harnessImpls })
  instance.setData(c.data === undefined ? '{}' : jsonText(c.data))
  const input = c.inputTerm ?? (c.hasInput ? jsonText(c.input) : undefined)
  try {
    // OPA's runners allow network builtins; the cases only resolve literals and localhost.
    const text = instance.evaluateText(input, QUERY, { strict: c.strictError, allowNetwork: true })
    return { kind: 'result', rows: parseExactJson(text) as ResultRows }
  } catch (err) {
    if (err instanceof PolicyEvalError) return { kind: 'error', code: err.code, message: opaMessage(err) }
    throw err
  }
}

/** JSON text of a YAML value, big integers exact. */
export function jsonText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString()
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`)
    .join(',')}}`
}

/** OPA's error text, `file:row[:col]: code: message`; the engine keeps the code apart. */
function opaMessage(err: PolicyEvalError): string {
  return opaErrorText(err.code, err.message)
}
