/**
 * The page: editors for the policy modules, input, data and decision table;
 * every edit (debounced) goes to two workers of this page (worker.ts), whose
 * answers fill the output column. Nothing is sent anywhere else.
 */
import { createPane, type Pane, type PaneKind } from './editors.js'
import { examples } from './examples.js'
import type { FromWorker, PaneDiagnostic, ToWorker } from './protocol.js'
import { decodeState, encodeState } from './share.js'
import { starterState, type PlaygroundState } from './state.js'
import { renderDecision, renderTests } from './output.js'
import { renderExplain } from './explain-panel.js'
import { guardedWorker } from './guarded-worker.js'
import './style.css'

const DEBOUNCE_MS = 150
/**
 * How long a decision (check, compile, evaluate) or a test run may take
 * before its worker is ended. The engine's fuel already stops a long
 * evaluation (resource_exhausted); this bounds everything else too.
 * `?deadline=MS` (at least 500) sets the decision's, for the browser test.
 */
const DECISION_LIMIT_MS = Math.max(500, Number(new URLSearchParams(location.search).get('deadline')) || 10_000)
const TESTS_LIMIT_MS = 60_000

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const newWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
/** Decisions and tests on workers of their own: a test run (seconds on a big policy) never delays a decision. */
const decider = guardedWorker(
  newWorker,
  DECISION_LIMIT_MS,
  (m) =>
    m.kind === 'decision' ||
    m.kind === 'failed' ||
    (m.kind === 'diagnostics' && m.diagnostics.some((d) => d.severity === 'error')),
  onAnswer,
  (job) => {
    if (job.seq !== seq) return
    $('status').textContent =
      `stopped: the decision took more than ${DECISION_LIMIT_MS} ms (the worker was ended; edit to try again)`
    $('decision').dataset.allow = 'stopped'
    document.body.dataset.busy = 'false'
  },
)
const tester = guardedWorker(
  newWorker,
  TESTS_LIMIT_MS,
  (m) => m.kind === 'tests' || m.kind === 'file' || m.kind === 'failed',
  onAnswer,
  (job) => {
    if (job.kind === 'download') {
      $('status').textContent = `stopped: the ${job.what} download took more than ${TESTS_LIMIT_MS / 1000} s`
      return
    }
    if (job.seq !== seq) return
    $('tests').dataset.running = 'false'
    $('tests').replaceChildren(
      Object.assign(document.createElement('div'), {
        className: 'summary error',
        textContent: `stopped: the tests took more than ${TESTS_LIMIT_MS / 1000} s`,
      }),
    )
  },
)

let modules: Pane[] = []
let activeModule = ''
const docPanes = new Map<string, Pane>()
let seq = 0
let downloads = 0
/** When each run was asked for, for the keystroke-to-decision time shown. */
const askedAt = new Map<number, number>()
let timer: ReturnType<typeof setTimeout> | undefined

function schedule(): void {
  clearTimeout(timer)
  const editedAt = performance.now()
  timer = setTimeout(() => run(editedAt), DEBOUNCE_MS)
}

function run(editedAt = performance.now()): void {
  seq++
  askedAt.set(seq, editedAt)
  $('status').textContent = 'checking…'
  document.body.dataset.busy = 'true'
  const state = currentState()
  decider.send({ kind: 'run', seq, state, what: 'decision' } satisfies ToWorker)
  $('tests').dataset.running = 'true'
  tester.send({ kind: 'run', seq, state, what: 'tests' } satisfies ToWorker)
}

function currentState(): PlaygroundState {
  return {
    modules: modules.map((p) => ({ name: p.name, text: p.view.state.doc.toString() })),
    input: docPanes.get('input')!.view.state.doc.toString(),
    data: docPanes.get('data')!.view.state.doc.toString(),
    table: docPanes.get('table')!.view.state.doc.toString(),
    entrypoint: $<HTMLInputElement>('entrypoint').value.trim(),
  }
}

function load(state: PlaygroundState): void {
  $('module-editors').replaceChildren()
  modules = state.modules.map((m) => createPane(m.name, 'rego', m.text, holder($('module-editors'), m.name), schedule))
  showModule(modules[0]!.name)
  for (const [name, text] of [
    ['input', state.input],
    ['data', state.data],
    ['table', state.table],
  ] as const)
    docPanes.get(name)!.setText(text)
  $<HTMLInputElement>('entrypoint').value = state.entrypoint
  renderModuleTabs()
  run()
}

function holder(parent: HTMLElement, name: string): HTMLElement {
  const el = document.createElement('div')
  el.className = 'editor'
  el.dataset.pane = name
  parent.append(el)
  return el
}

function showModule(name: string): void {
  activeModule = name
  for (const el of Array.from($('module-editors').children))
    (el as HTMLElement).hidden = (el as HTMLElement).dataset.pane !== name
  for (const b of Array.from($('module-tabs').querySelectorAll('button[data-module]')))
    b.classList.toggle('active', (b as HTMLElement).dataset.module === name)
}

function renderModuleTabs(): void {
  const tabs = modules.map((m) => {
    const b = document.createElement('button')
    b.textContent = m.name
    b.dataset.module = m.name
    b.onclick = () => showModule(m.name)
    return b
  })
  const add = document.createElement('button')
  add.textContent = '+ module'
  add.title = 'Add a policy module'
  add.onclick = () => {
    let n = modules.length + 1
    while (modules.some((m) => m.name === `module${n}.rego`)) n++
    const name = `module${n}.rego`
    modules.push(createPane(name, 'rego', `package module${n}\n`, holder($('module-editors'), name), schedule))
    renderModuleTabs()
    showModule(name)
    schedule()
  }
  $('module-tabs').replaceChildren(...tabs, add)
  showModule(activeModule)
}

function showDocTab(name: string): void {
  for (const el of Array.from($('doc-editors').children))
    (el as HTMLElement).hidden = (el as HTMLElement).dataset.pane !== name
  for (const b of Array.from($('doc-tabs').querySelectorAll('button')))
    b.classList.toggle('active', (b as HTMLElement).dataset.tab === name)
}

function paneOf(name: string): Pane | undefined {
  return modules.find((m) => m.name === name) ?? docPanes.get(name)
}

function jumpTo(name: string, row: number, col: number): void {
  const pane = paneOf(name)
  if (!pane) return
  if (modules.includes(pane)) showModule(pane.name)
  else showDocTab(pane.name)
  pane.reveal(row, col)
}

function showProblems(list: PaneDiagnostic[]): void {
  const byPane = new Map<string, PaneDiagnostic[]>()
  for (const d of list) byPane.set(d.pane, [...(byPane.get(d.pane) ?? []), d])
  for (const p of [...modules, ...docPanes.values()]) p.setProblems(byPane.get(p.name) ?? [])
  $('problems').replaceChildren(
    ...list.map((d) => {
      const li = document.createElement('li')
      li.textContent = `${d.pane}:${d.row}:${d.col}: ${d.code}: ${d.message.split('\n')[0]}`
      li.onclick = () => jumpTo(d.pane, d.row, d.col)
      return li
    }),
  )
  $('problems').hidden = list.length === 0
}

function onAnswer(m: FromWorker): void {
  if (m.kind === 'ready') return
  if (m.kind === 'file') {
    const a = document.createElement('a')
    a.href = URL.createObjectURL(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: m.mime }))
    a.download = m.name
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    $('status').textContent = `${m.name}: ${m.bytes.length} bytes`
    return
  }
  if (m.kind === 'failed' && m.seq < 0) {
    $('status').textContent = m.message
    return
  }
  // Answers to an older run are dropped: a newer edit is on its way.
  if (m.seq !== seq) return
  if (m.kind === 'diagnostics') {
    showProblems(m.diagnostics)
    if (m.diagnostics.some((d) => d.severity === 'error')) {
      // The decision shown is of an older text.
      $('decision').dataset.allow = 'stale'
      $('status').textContent =
        `${m.diagnostics.length} problem${m.diagnostics.length === 1 ? '' : 's'} (check ${m.checkMs.toFixed(0)} ms)`
      document.body.dataset.busy = 'false'
      document.body.dataset.outcome = 'problems'
    }
  } else if (m.kind === 'decision') {
    const total = performance.now() - (askedAt.get(m.seq) ?? performance.now())
    renderDecision(m)
    const list = $('entrypoints')
    list.replaceChildren(...m.entrypoints.map((e) => Object.assign(document.createElement('option'), { value: e })))
    $('status').textContent =
      `${m.entrypoint}: compiled in ${m.compileMs.toFixed(0)} ms (${m.wasmBytes} bytes of Wasm), evaluated in ${m.evalMs.toFixed(1)} ms; ${total.toFixed(0)} ms since the edit`
    $('status').dataset.keystrokeMs = total.toFixed(1)
    document.body.dataset.outcome = 'decision'
    document.body.dataset.busy = 'false'
  } else if (m.kind === 'tests') {
    renderTests(m)
    $('tests').dataset.running = 'false'
    for (const p of modules) p.setCoverage(m.coverage[p.name])
  } else if (m.kind === 'explain') {
    const lines = renderExplain($('explain'), m.trace, m.error, (at) => jumpTo(at.file, at.row, at.col))
    for (const p of modules) p.setExplain(lines.get(p.name))
  } else if (m.kind === 'failed') {
    $('status').textContent = m.message
    document.body.dataset.busy = 'false'
  }
}

async function share(): Promise<void> {
  const hash = await encodeState(currentState())
  history.replaceState(null, '', hash)
  const url = location.href
  $<HTMLInputElement>('share-url').value = url
  $('share-url').hidden = false
  // Not every context may write the clipboard; the link is shown either way.
  await navigator.clipboard?.writeText(url).catch(() => {})
}

function setup(): void {
  const picker = $<HTMLSelectElement>('examples')
  picker.replaceChildren(
    Object.assign(document.createElement('option'), { value: '', textContent: 'Examples…' }),
    ...examples.map((x) => Object.assign(document.createElement('option'), { value: x.id, textContent: x.title })),
  )
  picker.onchange = () => {
    const x = examples.find((e) => e.id === picker.value)
    if (x) load(x.state)
    picker.value = ''
  }
  const kinds: [string, PaneKind, string][] = [
    ['input', 'json', 'Input'],
    ['data', 'json', 'Data'],
    ['table', 'yaml', 'Decision table'],
  ]
  for (const [name, kind] of kinds)
    docPanes.set(name, createPane(name, kind, '', holder($('doc-editors'), name), schedule))
  $('doc-tabs').replaceChildren(
    ...kinds.map(([name, , title]) => {
      const b = document.createElement('button')
      b.textContent = title
      b.dataset.tab = name
      b.onclick = () => showDocTab(name)
      return b
    }),
  )
  showDocTab('input')
  $('entrypoint').oninput = schedule
  $('share').onclick = () => void share()
  $('run-tests').onclick = () => run()
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-download]'))) {
    // Downloads count their own (negative) numbers, apart from the runs'.
    b.onclick = () =>
      tester.send({
        kind: 'download',
        seq: -++downloads,
        state: currentState(),
        what: b.dataset.download as Extract<ToWorker, { kind: 'download' }>['what'],
      } satisfies ToWorker)
  }
}

async function start(): Promise<void> {
  setup()
  let state = starterState
  try {
    state = (await decodeState(location.hash)) ?? starterState
  } catch (err) {
    $('status').textContent =
      `the shared link could not be read (${err instanceof Error ? err.message : String(err)}); showing the starter policy`
  }
  load(state)
  document.body.dataset.ready = 'true'
}

void start()
