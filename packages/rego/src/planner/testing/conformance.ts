/**
 * Runs conformance cases through parse → compileModules → planPolicy → the
 * test interpreter, and compares results as the suite's README says: result
 * sets as unordered lists of binding rows, sets in canonical order, numbers
 * by value, `sort_bindings` and `ignore_generated_vars` honoured.
 */
import path from 'node:path'
import { type BuiltinDecl, builtinDecls, type TypeDecl } from '@cordon/builtins/declarations'
import { readCaseFile, yamlFiles } from '../../../../../test/support/conformance.js'
import type { Module, Term } from '../../ast.js'
import { compileModules, compileQuery } from '../../checker/index.js'
import { formatDiagnostic, type Diagnostic } from '../../diagnostics.js'
import { parseModule, parseQuery, parseTerm } from '../../syntax/index.js'
import { printPolicy } from '../../ir/print.js'
import { planPolicy } from '../index.js'
import { builtins as interpreterBuiltins } from './builtins.js'
import { EvalError, evaluate } from './ir-interpreter.js'
import { compare, fromJSON, keyOf, parseNumber, RObject, RSet, toJSONValue, type Value } from './values.js'

export interface Case {
  note: string
  query: string
  modules?: string[]
  data?: unknown
  input?: unknown
  input_term?: string
  want_result?: Record<string, unknown>[]
  want_error_code?: string
  want_error?: string
  strict_error?: boolean
  sort_bindings?: boolean
  experimental_keywords?: boolean
  ignore_generated_vars?: boolean
  /** wasm-assets files: whether the query has a solution. */
  want_defined?: boolean
}

/** The wasm-assets files: modules named `module<i>.rego`, rows compared as written, conflicts as `<loc>: var assignment conflict`. */
export interface RunOptions {
  wasmAssets?: boolean
  debug?: (text: string) => void
}

export interface LoadedCase {
  file: string
  topic: string
  index: number
  case: Case
}

/** Every case below `dir`, as written, through the one walker `cordon conformance` uses. */
export function loadCases(dir: string): LoadedCase[] {
  return yamlFiles(dir).flatMap((file) => {
    const topic = path.relative(dir, file).split(path.sep)[0]!
    return (readCaseFile(file) as unknown as Case[]).map((c, index) => ({ file, topic, index, case: c }))
  })
}

/** `name(` calls, and `with … as name` builtin replacements. */
const fn = (name: string, args: TypeDecl[], result: TypeDecl): [string, BuiltinDecl] => [
  name,
  { name, decl: { type: 'function', args, result } },
]

/**
 * OPA's test runners register `test.sleep(duration)` (time-caching case) and
 * the wasm-assets' three host functions; so does this one.
 */
const BUILTINS = new Map<string, BuiltinDecl>([
  ...builtinDecls,
  fn('test.sleep', [{ type: 'string' }], { type: 'null' }),
  fn('custom_builtin_test', [{ type: 'number' }], { type: 'number' }),
  fn('custom_builtin_test_impure', [], { type: 'string' }),
  fn('custom_builtin_test_memoization', [], { type: 'number' }),
])

/** The wasm-assets' host functions; the memoization one fails when called twice in one evaluation. */
function customBuiltins(): Record<string, (...args: Value[]) => Value | undefined> {
  let calls = 0
  return {
    custom_builtin_test: (n) => (typeof n === 'number' ? n + 1 : undefined),
    custom_builtin_test_impure: () => 'foo',
    custom_builtin_test_memoization: () => {
      if (++calls > 1) throw new Error('custom_builtin_test_memoization called twice')
      return 100
    },
  }
}

const CALL =
  /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\(|\bas\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g

/** Builtins a case calls that the test interpreter lacks (rough scan of the source text). */
function missingBuiltins(c: Case): string[] {
  const text = [...(c.modules ?? []), c.query].join('\n')
  const out = new Set<string>()
  for (const m of text.matchAll(CALL)) {
    const name = (m[1] ?? m[2])!
    if (BUILTINS.has(name) && !(name in interpreterBuiltins) && !(name in customBuiltins())) out.add(name)
  }
  return [...out]
}

/** Whether the case is in scope: only builtins the interpreter has, and no strict-mode builtin errors. */
export function inScope(c: Case): boolean {
  if (missingBuiltins(c).length > 0) return false
  if (c.want_error_code && c.want_error_code !== 'eval_conflict_error') return false
  if (c.strict_error && (c.want_error || c.want_error_code)) return false
  return true
}

export type Outcome = { pass: true } | { pass: false; reason: string }

export function runCase(c: Case, { wasmAssets = false, debug }: RunOptions = {}): Outcome {
  const show = (ds: Diagnostic[]) => ds.map(formatDiagnostic).join('; ')
  const opts = { experimentalKeywords: c.experimental_keywords === true }
  const modules: Module[] = []
  for (const [i, src] of (c.modules ?? []).entries()) {
    const parsed = parseModule(src, { ...opts, file: wasmAssets ? `module${i}.rego` : `test-${i}.rego` })
    if (!parsed.module || parsed.diagnostics.length)
      return { pass: false, reason: `parse: ${show(parsed.diagnostics)}` }
    modules.push(parsed.module)
  }
  const { compiled, diagnostics } = compileModules(modules, { builtins: BUILTINS })
  if (!compiled) return { pass: false, reason: `compile: ${show(diagnostics)}` }
  const q = parseQuery(c.query, { experimentalKeywords: true })
  if (!q.body) return { pass: false, reason: `parse query: ${show(q.diagnostics)}` }
  const cq = compileQuery(q.body, compiled, { builtins: BUILTINS })
  if (!cq.body) return { pass: false, reason: `query: ${show(cq.diagnostics)}` }
  const planned = planPolicy(compiled, {
    entrypoints: [],
    queries: [{ name: 'q', body: cq.body, rewrittenVars: cq.rewrittenVars }],
  })
  if (!planned.policy) return { pass: false, reason: `plan: ${show(planned.diagnostics)}` }
  debug?.(
    `query body: ${JSON.stringify(cq.body, (k, v) => (k === 'loc' ? undefined : v))}\n${printPolicy(planned.policy)}`,
  )
  let input: Value | undefined
  if (c.input_term !== undefined) {
    const t = parseTerm(c.input_term)
    const v = t.term && termValue(t.term)
    if (v === undefined) return { pass: false, reason: 'input_term is not a literal' }
    input = v
  } else if (c.input !== undefined) input = fromJSON(c.input)
  const isFunction = (f: string) => compiled.functions.has(f.replace(/^g\d+\./, ''))
  let rows: Value[]
  try {
    rows = evaluate(planned.policy, 'q', {
      input,
      data: fromJSON(c.data ?? {}),
      isFunction,
      builtins: customBuiltins(),
    })
  } catch (e) {
    if (!(e instanceof EvalError)) return { pass: false, reason: `crash: ${(e as Error).stack}` }
    const conflictAt = c.want_error?.match(/^(.*:\d+:\d+): (var assignment|object insert) conflict$/)
    if (wasmAssets && conflictAt) {
      const ok = e.code === 'eval_conflict_error' && e.message.startsWith(`${conflictAt[1]}: `)
      return ok ? { pass: true } : { pass: false, reason: `error ${e.message}` }
    }
    if (c.want_error_code || c.want_error) {
      if (c.want_error_code && c.want_error_code !== e.code)
        return { pass: false, reason: `error ${e.code}: ${e.message}` }
      if (c.want_error && !e.message.includes(c.want_error))
        return { pass: false, reason: `error message ${e.message}` }
      return { pass: true }
    }
    return { pass: false, reason: `unexpected error ${e.code}: ${e.message}` }
  }
  if (c.want_error_code || c.want_error)
    return { pass: false, reason: `expected error ${c.want_error_code ?? c.want_error}, got ${rows.length} rows` }
  if (c.want_defined !== undefined)
    return rows.length > 0 === c.want_defined
      ? { pass: true }
      : { pass: false, reason: `got ${rows.length} rows; want defined=${c.want_defined}` }
  if (!c.want_result) return { pass: true }
  const actual = rows.map((r) => rowKey(r, c))
  const want = c.want_result.map((r) => rowKey(fromJSON(r), c))
  const same = actual.length === want.length && [...actual].sort().join('\n') === [...want].sort().join('\n')
  return same
    ? { pass: true }
    : { pass: false, reason: `got ${actual.join(' | ') || '[]'}; want ${want.join(' | ') || '[]'}` }
}

function rowKey(row: Value, c: Case): string {
  const out = new RObject()
  for (const [k, v] of (row as RObject).entries()) {
    if (c.ignore_generated_vars && typeof k === 'string' && k.startsWith('__localq')) continue
    let j = toJSONValue(v)
    if (c.sort_bindings && Array.isArray(j)) j = [...j].sort(compare)
    out.set(k, j)
  }
  return keyOf(out)
}

/** A literal term (input_term) as a value; undefined for anything that needs evaluation. */
function termValue(t: Term): Value | undefined {
  switch (t.type) {
    case 'null':
      return null
    case 'boolean':
    case 'string':
      return t.value
    case 'number':
      return parseNumber(t.value)
    case 'array':
    case 'set': {
      const items = t.items.map(termValue)
      if (items.some((x) => x === undefined)) return undefined
      return t.type === 'array' ? (items as Value[]) : new RSet(items as Value[])
    }
    case 'object': {
      const o = new RObject()
      for (const [k, v] of t.entries) {
        const kv = termValue(k)
        const vv = termValue(v)
        if (kv === undefined || vv === undefined) return undefined
        o.set(kv, vv)
      }
      return o
    }
    default:
      return undefined
  }
}
