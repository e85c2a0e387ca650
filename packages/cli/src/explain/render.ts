/**
 * The trace as text, next to the source lines it is about
 * (`cordon eval --explain`; the playground may show it as it is).
 *
 * - `fails`: each body that was entered and never succeeded, at the
 *   expression that failed, with the values that expression read;
 * - `notes`: each body that succeeded, with its bindings;
 * - `full`: every body entered, each expression with how often it was
 *   reached and held, the `with` modifiers and the input/data refs read.
 */
import type { BodyTrace, ExplainTrace, ValueNote } from './types.js'

/** Which bodies `renderExplain` shows: those that failed, those that held, or all with every expression. */
export type RenderMode = 'fails' | 'notes' | 'full'

/** The trace as text next to the source lines (`sources`: file name → text). */
export function renderExplain(trace: ExplainTrace, sources: ReadonlyMap<string, string>, mode: RenderMode): string {
  const lines: string[] = []
  const sourceLine = (file: string, row: number) => (sources.get(file)?.split('\n')[row - 1] ?? '').replace(/\s+$/, '')
  const gutter = (row: number) => String(row).padStart(5) + ' | '
  const shown = trace.bodies.filter((b) =>
    mode === 'fails' ? b.succeeded === 0 : mode === 'notes' ? b.succeeded > 0 : true,
  )
  for (const b of shown) {
    lines.push(`${title(b)}  ${b.location.file}:${b.location.row}  ${status(b)}`)
    lines.push(gutter(b.location.row) + sourceLine(b.location.file, b.location.row))
    if (mode === 'full') {
      for (const e of b.expressions) {
        const mark =
          e.reached === 0
            ? '  not reached'
            : e.held === 0
              ? `  ✗ failed (reached ${e.reached})`
              : `  ✓ held ${e.held} of ${e.reached}`
        if (e.location.row !== b.location.row)
          lines.push(gutter(e.location.row) + sourceLine(e.location.file, e.location.row) + mark)
        else lines.push(`${' '.repeat(8)}${e.text}${mark}`)
        for (const w of e.withs) lines.push(`${' '.repeat(10)}with ${w.target} as ${w.value}`)
        const bound = e.after[0]?.filter((v) => v.values.length > 0) ?? []
        if (bound.length > 0) lines.push(`${' '.repeat(10)}→ ${bound.map(valueLine).join('; ')}`)
      }
    }
    if (b.failed && mode !== 'notes') {
      const at = b.failed.expression
      if (mode === 'fails' && at.location.row !== b.location.row)
        lines.push(gutter(at.location.row) + sourceLine(at.location.file, at.location.row))
      lines.push(`        failed at ${at.location.file}:${at.location.row}:${at.location.col}: ${at.text}`)
      // One line per distinct sample of what it read (an iteration can reach it several times).
      for (const sample of b.failed.values)
        if (sample.length > 0) lines.push(`          ${sample.map(valueLine).join('; ')}`)
    }
    if (mode !== 'fails')
      for (const binding of b.bindings)
        if (Object.keys(binding).length > 0)
          lines.push(
            `        bindings: ${Object.entries(binding)
              .map(([k, v]) => `${k} = ${v}`)
              .join(', ')}`,
          )
    lines.push('')
  }
  if (shown.length === 0)
    lines.push(
      mode === 'fails'
        ? 'no rule body failed'
        : mode === 'notes'
          ? 'no rule body succeeded'
          : 'no rule body was evaluated',
      '',
    )
  if (mode === 'full') {
    if (trace.withs.length > 0) {
      lines.push('with:')
      for (const w of trace.withs) lines.push(`  ${w.location.file}:${w.location.row}: with ${w.target} as ${w.value}`)
    }
    if (trace.reads.length > 0) {
      lines.push('read:')
      for (const r of trace.reads)
        lines.push(`  ${r.location.file}:${r.location.row}: ${valueLine({ name: r.ref, values: r.values })}`)
    }
  }
  if (trace.truncated) lines.push('(explain kept only part of the trace: a limit on events or value bytes was reached)')
  return lines.join('\n').replace(/\n+$/, '') + '\n'
}

function title(b: BodyTrace): string {
  const where = b.kind === 'rule' ? (b.clause > 0 ? ` (else #${b.clause})` : '') : ` (${b.kind} in it)`
  return b.rule + where
}

function status(b: BodyTrace): string {
  if (b.succeeded > 0) return `✓ succeeded ${b.succeeded} time${b.succeeded === 1 ? '' : 's'}`
  return `✗ never succeeded (entered ${b.entered} time${b.entered === 1 ? '' : 's'})`
}

/** `name = value`, `name = undefined`, or `name = v1 | v2 | …` for a ref that took several values. */
function valueLine(v: ValueNote): string {
  return `${v.name} = ${v.values.length === 0 ? 'undefined' : v.values.join(' | ')}`
}
