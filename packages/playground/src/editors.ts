/**
 * One CodeMirror editor per pane (each policy module, input, data, decision
 * table), with the worker's diagnostics as squiggles (quick fixes for "did
 * you mean") and, on Rego panes, test coverage as gutter marks.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { json } from '@codemirror/lang-json'
import { yaml } from '@codemirror/lang-yaml'
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language'
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint'
import { EditorState, RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state'
import {
  Decoration,
  EditorView,
  GutterMarker,
  drawSelection,
  gutter,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from '@codemirror/view'
import type { PaneDiagnostic } from './protocol.js'
import { rego } from './rego-language.js'

export type PaneKind = 'rego' | 'json' | 'yaml'

class CoverageMark extends GutterMarker {
  constructor(readonly covered: boolean) {
    super()
  }
  override eq(other: CoverageMark): boolean {
    return other.covered === this.covered
  }
  override toDOM(): Node {
    const el = document.createElement('span')
    el.className = this.covered ? 'cov cov-hit' : 'cov cov-miss'
    el.title = this.covered ? 'covered by the tests' : 'not covered by the tests'
    return el
  }
}
const hit = new CoverageMark(true)
const miss = new CoverageMark(false)

const setCoverage = StateEffect.define<{ covered: number[]; notCovered: number[] } | undefined>()

const coverageField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(marks, tr) {
    let out = marks.map(tr.changes)
    for (const e of tr.effects) {
      if (!e.is(setCoverage)) continue
      const doc = tr.state.doc
      const rows = e.value
        ? [...e.value.covered.map((r) => [r, hit] as const), ...e.value.notCovered.map((r) => [r, miss] as const)]
        : []
      out = RangeSet.of(
        rows.filter(([r]) => r >= 1 && r <= doc.lines).map(([r, m]) => m.range(doc.line(r).from)),
        true,
      )
    }
    return out
  },
})

const coverageGutter: Extension = [
  coverageField,
  gutter({ class: 'cm-coverage-gutter', markers: (v) => v.state.field(coverageField) }),
]

/** Lines the explain trace names: rule bodies that held, expressions that failed. */
const setExplain = StateEffect.define<{ held: number[]; failed: number[] } | undefined>()
const heldLine = Decoration.line({ class: 'cm-explain-held' })
const failedLine = Decoration.line({ class: 'cm-explain-failed' })

const explainField = StateField.define({
  create: () => Decoration.none,
  update(lines, tr) {
    let out = lines.map(tr.changes)
    for (const e of tr.effects) {
      if (!e.is(setExplain)) continue
      const doc = tr.state.doc
      const rows = e.value
        ? [...e.value.held.map((r) => [r, heldLine] as const), ...e.value.failed.map((r) => [r, failedLine] as const)]
        : []
      out = Decoration.set(
        rows.filter(([r]) => r >= 1 && r <= doc.lines).map(([r, d]) => d.range(doc.line(r).from)),
        true,
      )
    }
    return out
  },
  provide: (f) => EditorView.decorations.from(f),
})

export interface Pane {
  name: string
  view: EditorView
  setText(text: string): void
  setProblems(problems: PaneDiagnostic[]): void
  setCoverage(rows: { covered: number[]; notCovered: number[] } | undefined): void
  setExplain(rows: { held: number[]; failed: number[] } | undefined): void
  /** Shows and selects row:col. */
  reveal(row: number, col: number): void
}

export function createPane(
  name: string,
  kind: PaneKind,
  text: string,
  parent: HTMLElement,
  onChange: () => void,
): Pane {
  const language = kind === 'rego' ? [rego, coverageGutter, explainField] : kind === 'json' ? json() : yaml()
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        lintGutter(),
        language,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange()
        }),
        EditorView.contentAttributes.of({ 'aria-label': `${name} editor`, 'data-pane': name }),
      ],
    }),
  })
  return {
    name,
    view,
    setText(t) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } })
    },
    setProblems(problems) {
      view.dispatch(
        setDiagnostics(
          view.state,
          problems.map((p) => toLint(view, p)),
        ),
      )
    },
    setCoverage(rows) {
      if (kind === 'rego') view.dispatch({ effects: setCoverage.of(rows) })
    },
    setExplain(rows) {
      if (kind === 'rego') view.dispatch({ effects: setExplain.of(rows) })
    },
    reveal(row, col) {
      const line = view.state.doc.line(Math.min(Math.max(row, 1), view.state.doc.lines))
      view.dispatch({ selection: { anchor: Math.min(line.from + col - 1, line.to) }, scrollIntoView: true })
      view.focus()
    },
  }
}

/** Placed at the diagnostic's row:col (the checker's exact place); spans its token when the diagnostic has one. */
function toLint(view: EditorView, p: PaneDiagnostic): Diagnostic {
  const doc = view.state.doc
  const line = doc.line(Math.min(Math.max(p.row, 1), doc.lines))
  const from = Math.min(line.from + p.col - 1, line.to)
  const to = Math.min(Math.max(from + (p.end - p.offset), from), doc.length)
  const fix = p.fix
  return {
    from,
    to,
    severity: p.severity,
    source: p.code,
    message: p.message,
    ...(fix
      ? {
          actions: [
            {
              name: fix.message,
              apply: (v: EditorView) => {
                // Only when the token is still the one the checker saw.
                if (fix.end <= v.state.doc.length)
                  v.dispatch({ changes: { from: fix.offset, to: fix.end, insert: fix.text } })
              },
            },
          ],
        }
      : {}),
  }
}
