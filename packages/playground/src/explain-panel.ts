/**
 * The Explain panel: the rule bodies that held (they produced the decision),
 * those that were entered and did not, with the first expression that
 * failed, the input and data values read and the `with` values used. Each
 * place is a link to its line; the lines are also marked in the editors.
 */
import type { ExplainTrace, Where } from '@cordon/cli/explain'

const el = (tag: string, text: string, className?: string) =>
  Object.assign(document.createElement(tag), { textContent: text, ...(className ? { className } : {}) })

/** Rows to mark per module: bodies that held, expressions that failed. */
export type ExplainLines = Map<string, { held: number[]; failed: number[] }>

export function renderExplain(
  box: HTMLElement,
  view: ExplainTrace | undefined,
  error: string | undefined,
  jump: (at: Where) => void,
): ExplainLines {
  const lines: ExplainLines = new Map()
  const mark = (at: Where, kind: 'held' | 'failed') => {
    const m = lines.get(at.file) ?? { held: [], failed: [] }
    m[kind].push(at.row)
    lines.set(at.file, m)
  }
  const link = (at: Where) => {
    const a = el('a', `${at.file}:${at.row}`, 'where')
    a.setAttribute('href', '#')
    a.onclick = (e) => {
      e.preventDefault()
      jump(at)
    }
    return a
  }
  const parts: HTMLElement[] = []
  if (error) parts.push(el('div', error, 'explain-error'))
  if (view) {
    const held = view.bodies.filter((b) => b.succeeded > 0 && b.kind === 'rule')
    const failed = view.bodies.filter((b) => b.succeeded === 0 && b.entered > 0 && b.failed)
    const section = (title: string, items: HTMLElement[]) => {
      if (items.length === 0) return
      const ul = document.createElement('ul')
      ul.append(...items)
      parts.push(el('h3', title), ul)
    }
    section(
      'Held',
      held.map((b) => {
        mark(b.location, 'held')
        const li = el('li', '', 'held')
        li.append(link(b.location), ` ${b.rule}${b.clause ? ` (else ${b.clause})` : ''}: ${b.text}`)
        return li
      }),
    )
    section(
      'Did not hold',
      failed.map((b) => {
        const at = b.failed!.expression.location
        mark(at, 'failed')
        const li = el('li', '', 'failed')
        li.append(link(b.location), ` ${b.rule}: failed at `, link(at), ` ${b.failed!.expression.text}`)
        return li
      }),
    )
    section(
      'Input and data read',
      view.reads.map((r) => {
        const li = el('li', '')
        li.append(link(r.location), ` ${r.ref} = ${r.values.length ? r.values.join(' | ') : 'undefined'}`)
        return li
      }),
    )
    section(
      'with',
      view.withs.map((w) => {
        const li = el('li', '')
        li.append(link(w.location), ` ${w.target} as ${w.value}`)
        return li
      }),
    )
    if (view.truncated) parts.push(el('div', 'The trace was cut at its limits; the decision is not affected.', 'note'))
  }
  box.replaceChildren(...parts)
  box.classList.remove('pending')
  return lines
}
