import type { Diagnostic } from '@cordon/rego'

/**
 * Renders diagnostics for a terminal: `file:row:col: code: message`, then the
 * source line with a caret under the column. `sources` maps file names to text.
 */
export function renderPretty(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const blocks = diagnostics.map((d) => {
    const { file, row, col } = d.location
    const lines = [`${file}:${row}:${col}: ${d.code}: ${d.message}`]
    const line = sources.get(file)?.split('\n')[row - 1]
    if (line !== undefined) {
      const gutter = String(row)
      lines.push(`  ${gutter} | ${line.replace(/\t/g, ' ')}`)
      lines.push(`  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, col - 1))}^`)
    }
    for (const detail of d.details ?? []) lines.push(`  ${detail}`)
    return lines.join('\n')
  })
  const count = diagnostics.length
  blocks.push(`${count} error${count === 1 ? '' : 's'} found`)
  return blocks.join('\n\n') + '\n'
}
