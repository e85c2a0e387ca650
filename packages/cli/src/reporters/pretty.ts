import type { Diagnostic } from '@cordon/rego'
import { plain, type Colour } from './colour.js'

/** Widest source excerpt shown under a diagnostic, in characters (a generated file can have a 1 MB line). */
const EXCERPT_WIDTH = 120

/**
 * Renders diagnostics for a terminal: `file:row:col: code: message`, then the
 * source line with a caret under the column, or, when the diagnostic has a
 * hint ("did you mean contains?"), under the token the hint is about, with
 * the hint after the caret. `sources` maps file names to text; `c` colours
 * the location, code and caret (none by default).
 */
export function renderPretty(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  c: Colour = plain,
): string {
  const blocks = diagnostics.map((d) => {
    const { file, row, col } = d.location
    const lines = [`${c.bold(`${file}:${row}:${col}:`)} ${c.red(d.code)}: ${d.message}`]
    const at = d.hint?.location ?? d.location
    const text = sources.get(file)
    const line = text === undefined ? undefined : sourceLine(text, at.row)
    if (line !== undefined) {
      const gutter = String(at.row)
      const { shown, caret } = excerpt(line.replace(/\t/g, ' '), at.col)
      lines.push(`  ${gutter} | ${shown}`)
      lines.push(
        `  ${' '.repeat(gutter.length)} | ${' '.repeat(caret)}${c.red('^')}${d.hint ? ` ${d.hint.message}` : ''}`,
      )
    } else if (d.hint) lines.push(`  ${d.hint.message}`)
    for (const detail of d.details ?? []) lines.push(`  ${detail}`)
    return lines.join('\n')
  })
  const count = diagnostics.length
  blocks.push(c.red(`${count} error${count === 1 ? '' : 's'} found`))
  return blocks.join('\n\n') + '\n'
}

/** Line `row` (1-based) of `text`, found without splitting the whole text. */
function sourceLine(text: string, row: number): string | undefined {
  let start = 0
  for (let r = 1; r < row; r++) {
    const nl = text.indexOf('\n', start)
    if (nl < 0) return undefined
    start = nl + 1
  }
  const end = text.indexOf('\n', start)
  return text.slice(start, end < 0 ? text.length : end)
}

/**
 * At most EXCERPT_WIDTH characters of `line` around column `col` (1-based),
 * `…` where it was cut, and the caret's offset in what is shown.
 */
function excerpt(line: string, col: number): { shown: string; caret: number } {
  const at = Math.max(0, col - 1)
  if (line.length <= EXCERPT_WIDTH) return { shown: line, caret: at }
  const from = Math.max(0, Math.min(at - EXCERPT_WIDTH / 2, line.length - EXCERPT_WIDTH))
  const to = from + EXCERPT_WIDTH
  const head = from > 0 ? '…' : ''
  return { shown: head + line.slice(from, to) + (to < line.length ? '…' : ''), caret: at - from + head.length }
}
