/**
 * The playground's Web Worker: everything Cordon does with a policy, in the
 * browser. The page runs two: per edit, one checks (diagnostics), compiles
 * the decision's entrypoint to Wasm and evaluates it on the input; the other
 * explains the decision (the trace of an instrumented build) and runs the
 * Rego tests and the decision table with coverage. Messages that arrive while a run is busy are
 * coalesced: only the newest state is run next.
 */
import { annotatedEntrypoints, checkSources, entrypointAnnotations, type Diagnostic } from '@cordon/rego'
import { buildChecked, setRuntimeLibrary, writeBundle, type RuntimeInfo } from '@cordon/wasm'
import { PolicyEvalError, PolicyInstance, normalizeEntrypoint } from '@cordon/engine'
import {
  availableHostBuiltins,
  noCustomBuiltins,
  renderHtml,
  renderTestJunit,
  reportFromSources,
  runSources,
  type RunInput,
} from '@cordon/cli/browser'
import { explain } from '@cordon/cli/explain'
import runtimeWasmUrl from '@cordon/wasm/runtime-lib/runtime.wasm?url'
import runtimeInfo from '@cordon/wasm/runtime-lib/runtime.json'
import type { FromWorker, PaneDiagnostic, TestLine, ToWorker } from './protocol.js'
import { TABLE_FILE, type PlaygroundState } from './state.js'
import { jsonProblem } from './json-problem.js'

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer)

const ready = fetch(runtimeWasmUrl)
  .then((r) => r.arrayBuffer())
  .then((b) => setRuntimeLibrary(new Uint8Array(b), runtimeInfo as RuntimeInfo))

let pending: ToWorker | undefined
let scheduled = false

self.onmessage = (e: MessageEvent<ToWorker>) => {
  // Downloads are never dropped; runs replace each other.
  if (e.data.kind === 'download') {
    const job = e.data
    void ready.then(() => {
      post({ kind: 'started', seq: job.seq })
      return download(job)
    })
    return
  }
  pending = e.data
  if (scheduled) return
  scheduled = true
  void ready.then(() =>
    setTimeout(() => {
      scheduled = false
      const job = pending
      pending = undefined
      if (job) post({ kind: 'started', seq: job.seq })
      if (job?.kind === 'run' && job.what === 'decision') decide(job)
      else if (job?.kind === 'run') void runTestsOf(job)
    }),
  )
}
void ready.then(() => post({ kind: 'ready' }))

const hostBuiltins = availableHostBuiltins(noCustomBuiltins)

/** The state's JSON documents, or the diagnostics that say where they do not parse. */
function documents(state: PlaygroundState): {
  input?: string
  data?: Record<string, unknown>
  problems: PaneDiagnostic[]
} {
  const problems: PaneDiagnostic[] = []
  const input = state.input.trim() === '' ? undefined : state.input
  const inputProblem = input === undefined ? undefined : jsonProblem('input', state.input)
  if (inputProblem) problems.push(inputProblem)
  const dataProblem = jsonProblem('data', state.data.trim() === '' ? '{}' : state.data)
  let data: Record<string, unknown> | undefined
  if (dataProblem) problems.push(dataProblem)
  else {
    const parsed = JSON.parse(state.data.trim() === '' ? '{}' : state.data) as unknown
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      data = parsed as Record<string, unknown>
    else
      problems.push({
        pane: 'data',
        row: 1,
        col: 1,
        offset: 0,
        end: 0,
        severity: 'error',
        code: 'data',
        message: 'data must be a JSON object',
      })
  }
  return { input: inputProblem ? undefined : input, data, problems }
}

function decide(job: Extract<ToWorker, { kind: 'run' }>): void {
  const { seq, state } = job
  const t0 = performance.now()
  const sources = state.modules.map((m) => ({ file: m.name, text: m.text }))
  const checked = checkSources(sources)
  const docs = documents(state)
  const diagnostics = [...checked.diagnostics.map(paneDiagnostic), ...docs.problems]
  post({ kind: 'diagnostics', seq, diagnostics, checkMs: performance.now() - t0 })
  if (!checked.compiled || checked.diagnostics.length > 0 || !docs.data) return

  const entrypoints = annotatedEntrypoints(checked.modules)
  const entrypoint = state.entrypoint ? normalizeEntrypoint(state.entrypoint) : entrypoints[0]
  if (!entrypoint) {
    post({
      kind: 'failed',
      seq,
      message: 'no entrypoint: annotate a rule with METADATA entrypoint: true or type one above',
    })
  } else {
    const built = buildChecked(checked.compiled, { entrypoints: [entrypoint], availableHostBuiltins: hostBuiltins })
    const compileMs = performance.now() - t0
    if (!built.wasm) {
      post({
        kind: 'diagnostics',
        seq,
        diagnostics: [...diagnostics, ...built.diagnostics.map(paneDiagnostic)],
        checkMs: compileMs,
      })
      post({ kind: 'failed', seq, message: built.diagnostics.map((d) => d.message).join('; ') })
      return
    }
    const print: string[] = []
    const t1 = performance.now()
    let raw = ''
    let error: string | undefined
    try {
      const instance = PolicyInstance.createSync(built.wasm, { hostBuiltins: noCustomBuiltins.impls })
      instance.setData(docs.data)
      raw = instance.evaluateText(docs.input, entrypoint, { print: (line) => print.push(line) })
    } catch (err) {
      error = err instanceof PolicyEvalError ? `${err.code}: ${err.message}` : String(err)
    }
    const evalMs = performance.now() - t1
    const rs = raw ? (JSON.parse(raw) as { result?: unknown }[]) : []
    post({
      kind: 'decision',
      seq,
      entrypoint,
      entrypoints,
      result: rs[0]?.result,
      raw,
      print,
      error,
      compileMs,
      evalMs,
      wasmBytes: built.wasm.length,
    })
  }
}

async function runTestsOf(job: Extract<ToWorker, { kind: 'run' }>): Promise<void> {
  const docs = documents(job.state)
  if (docs.data) {
    await explainDecision(job.seq, job.state, docs.input, docs.data)
    runTests(job.seq, job.state, docs.data)
  } else
    post({
      kind: 'tests',
      seq: job.seq,
      summary: { total: 0, pass: 0, fail: 0, error: 0, skip: 0 },
      tests: [],
      coverage: {},
      ms: 0,
      error: 'not run: the data pane is not a JSON object',
    })
}

/** The explain trace of the decision (an instrumented build of the same policy), for the Explain panel. */
async function explainDecision(
  seq: number,
  state: PlaygroundState,
  input: string | undefined,
  data: Record<string, unknown>,
): Promise<void> {
  const sources = state.modules.map((m) => ({ file: m.name, text: m.text }))
  const checked = checkSources(sources)
  // A policy with errors: the decision worker reports them.
  if (checked.diagnostics.length > 0) return
  const entrypoint = state.entrypoint ? normalizeEntrypoint(state.entrypoint) : annotatedEntrypoints(checked.modules)[0]
  if (!entrypoint) return
  const outcome = await explain({
    sources,
    entrypoint,
    input: input === undefined ? undefined : (JSON.parse(input) as unknown),
    data,
    builtins: { impls: noCustomBuiltins.impls },
  })
  if (outcome.kind === 'explained') post({ kind: 'explain', seq, trace: outcome.trace })
  else if (outcome.kind === 'error')
    post({ kind: 'explain', seq, trace: outcome.trace, error: `${outcome.code}: ${outcome.message}` })
}

function runInput(state: PlaygroundState, data: Record<string, unknown>): RunInput {
  return {
    sources: state.modules.map((m) => ({ file: m.name, text: m.text })),
    data,
    tables: state.table.trim() ? [{ file: TABLE_FILE, text: state.table }] : [],
  }
}

function runTests(seq: number, state: PlaygroundState, data: Record<string, unknown>): void {
  const t0 = performance.now()
  const empty = { total: 0, pass: 0, fail: 0, error: 0, skip: 0 }
  let outcome
  try {
    outcome = runSources(runInput(state, data), { coverage: true })
  } catch (err) {
    // An unusable decision table (not YAML, or not the schema): said on the table's pane.
    const message = err instanceof Error ? err.message : String(err)
    post({ kind: 'tests', seq, summary: empty, tests: [], coverage: {}, ms: performance.now() - t0, error: message })
    return
  }
  if (outcome.kind === 'diagnostics') {
    post({
      kind: 'tests',
      seq,
      summary: empty,
      tests: [],
      coverage: {},
      ms: performance.now() - t0,
      error: outcome.diagnostics.map((d) => d.message).join('; '),
    })
    return
  }
  const { report } = outcome
  const tests: TestLine[] = report.results.map((r) => ({
    name: r.kind === 'case' ? r.name.slice(r.name.indexOf('#') + 1) : r.name,
    kind: r.kind,
    status: r.status,
    pane: r.kind === 'case' ? 'table' : r.location.file,
    row: r.location.row,
    ...(r.output ? { output: r.output } : {}),
    ...(detail(r) ? { detail: detail(r) } : {}),
  }))
  const coverage = Object.fromEntries(
    (report.coverage?.files ?? []).map((f) => [f.file, { covered: f.covered, notCovered: f.notCovered }]),
  )
  post({
    kind: 'tests',
    seq,
    summary: report.summary,
    tests,
    coverage,
    coveragePercent: report.coverage?.coverage,
    ms: performance.now() - t0,
  })
}

function detail(r: {
  error?: { code: string; message: string }
  mismatches?: { field: string; expected: unknown; actual: unknown }[]
}): string | undefined {
  if (r.error) return `${r.error.code}: ${r.error.message}`
  if (r.mismatches?.length)
    return r.mismatches
      .map((m) => `${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
      .join('; ')
  return undefined
}

/** The files of the Download menu, built here exactly as `cordon build`, `cordon test --format junit` and `cordon doc` build them. */
async function download(job: Extract<ToWorker, { kind: 'download' }>): Promise<void> {
  const { seq, state } = job
  try {
    const sources = state.modules.map((m) => ({ file: m.name, text: m.text }))
    const docs = documents(state)
    if (!docs.data) throw new Error('the data pane is not a JSON object')
    const checked = checkSources(sources)
    if (!checked.compiled || checked.diagnostics.length > 0) throw new Error('the policy has errors')
    const entrypoints = [
      ...new Set([
        ...annotatedEntrypoints(checked.modules),
        ...(state.entrypoint ? [normalizeEntrypoint(state.entrypoint)] : []),
      ]),
    ]
    if (job.what === 'junit') {
      const outcome = runSources(runInput(state, docs.data))
      if (outcome.kind !== 'report') throw new Error('the tests do not compile')
      return file(seq, 'report.xml', 'application/xml', new TextEncoder().encode(renderTestJunit(outcome.report)))
    }
    if (job.what === 'doc') {
      const built = await reportFromSources(
        { ...runInput(state, docs.data), dataFiles: [{ file: 'data.json', text: state.data }] },
        { entrypoints },
      )
      if ('diagnostics' in built) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
      return file(seq, 'report.html', 'text/html', new TextEncoder().encode(renderHtml(built.report)))
    }
    if (entrypoints.length === 0) throw new Error('no entrypoint: annotate a rule with METADATA entrypoint: true')
    const built = buildChecked(checked.compiled, { entrypoints, availableHostBuiltins: hostBuiltins })
    if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
    if (job.what === 'wasm') return file(seq, 'policy.wasm', 'application/wasm', built.wasm)
    const annotations = Object.fromEntries(entrypoints.map((e) => [e, entrypointAnnotations(checked.modules, e)]))
    file(
      seq,
      'bundle.tar.gz',
      'application/gzip',
      await writeBundle({ wasm: built.wasm, data: docs.data, entrypoints, annotations }),
    )
  } catch (err) {
    post({ kind: 'failed', seq, message: `download: ${err instanceof Error ? err.message : String(err)}` })
  }
}

function file(seq: number, name: string, mime: string, bytes: Uint8Array): void {
  post({ kind: 'file', seq, name, mime, bytes }, [bytes.buffer as ArrayBuffer])
}

/** A checker diagnostic on its module's pane; a "did you mean" hint becomes a fix replacing the hinted token. */
function paneDiagnostic(d: Diagnostic): PaneDiagnostic {
  const loc = d.location
  const suggestion = d.hint ? /did you mean (\S+?)\?/.exec(d.hint.message)?.[1] : undefined
  return {
    pane: loc.file,
    row: loc.row,
    col: loc.col,
    offset: loc.offset,
    end: loc.end,
    severity: 'error',
    code: d.code,
    message: [d.message, ...(d.details ?? []), ...(d.hint ? [d.hint.message] : [])].join('\n'),
    ...(d.hint && suggestion
      ? {
          fix: {
            offset: d.hint.location.offset,
            end: d.hint.location.end,
            text: suggestion,
            message: `Replace with ${suggestion}`,
          },
        }
      : {}),
  }
}
