/** The output column: the decision (allow, code, reasons), the raw result set, print output and test results. */
import type { FromWorker } from './protocol.js'

const $ = (id: string) => document.getElementById(id)!

const el = (tag: string, text: string, className?: string) =>
  Object.assign(document.createElement(tag), { textContent: text, ...(className ? { className } : {}) })

export function renderDecision(m: Extract<FromWorker, { kind: 'decision' }>): void {
  const box = $('decision')
  const r = m.result as { allow?: unknown; code?: unknown; reasons?: unknown } | undefined
  const parts: HTMLElement[] = []
  if (m.error) {
    parts.push(el('div', `error: ${m.error}`, 'verdict error'))
    box.dataset.allow = 'error'
  } else if (m.result === undefined) {
    parts.push(el('div', `${m.entrypoint} is undefined for this input`, 'verdict undefined'))
    box.dataset.allow = 'undefined'
  } else {
    // A decision object ({allow, code, reasons}) or any other value: allow is only ever true when the policy says exactly true.
    const allow = typeof r === 'object' && r !== null && 'allow' in r ? r.allow === true : m.result === true
    parts.push(el('div', allow ? 'allow' : 'deny', `verdict ${allow ? 'allow' : 'deny'}`))
    box.dataset.allow = String(allow)
    if (typeof r === 'object' && r !== null && r.code !== undefined)
      parts.push(el('div', `code: ${String(r.code)}`, 'code'))
    if (typeof r === 'object' && r !== null && Array.isArray(r.reasons) && r.reasons.length > 0) {
      const ul = document.createElement('ul')
      ul.append(...r.reasons.map((x) => el('li', typeof x === 'string' ? x : JSON.stringify(x))))
      parts.push(ul)
    }
  }
  box.replaceChildren(...parts)
  $('raw').textContent = m.raw ? JSON.stringify(JSON.parse(m.raw), null, 2) : ''
  $('print').textContent = m.print.join('\n')
}

export function renderTests(m: Extract<FromWorker, { kind: 'tests' }>): void {
  const s = m.summary
  const head = m.error
    ? el('div', `tests: ${m.error}`, 'summary error')
    : el(
        'div',
        `${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped${m.coveragePercent !== undefined ? `; coverage ${m.coveragePercent.toFixed(1)}%` : ''} (${m.ms.toFixed(0)} ms)`,
        `summary ${s.fail + s.error > 0 ? 'fail' : 'pass'}`,
      )
  // Failures and errors listed; passes and skips folded away (a big suite has dozens).
  const line = (t: (typeof m.tests)[number]) => {
    const li = el('li', `${t.status.toUpperCase()} ${t.name} (${t.pane}:${t.row})`, `test ${t.status}`)
    if (t.detail) li.append(el('div', t.detail, 'detail'))
    if (t.output?.length) li.append(el('pre', t.output.join('\n')))
    return li
  }
  const ul = document.createElement('ul')
  ul.append(...m.tests.filter((t) => t.status === 'fail' || t.status === 'error').map(line))
  const rest = m.tests.filter((t) => t.status === 'pass' || t.status === 'skip')
  const folded = document.createElement('details')
  const more = document.createElement('ul')
  more.append(...rest.map(line))
  folded.append(el('summary', `${rest.length} passed or skipped`), more)
  $('tests').replaceChildren(head, ul, ...(rest.length ? [folded] : []))
  $('tests').dataset.total = String(s.total)
}
