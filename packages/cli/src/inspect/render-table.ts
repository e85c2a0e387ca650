/**
 * `cordon inspect`'s pretty output: titled tables drawn as OPA's inspect
 * draws them (tablewriter: `+---+` borders, upper-case headers), a cell cut
 * at 50 characters with `...` as OPA does.
 */
const MAX_CELL = 50

const cut = (s: string): string => (s.length < MAX_CELL ? s : `${s.slice(0, MAX_CELL - 3)}...`)

/** `title:` then the table, or nothing when there are no rows. */
export function renderTable(title: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return ''
  const cells = rows.map((r) => r.map((c) => cut(c.replace(/\s*\n\s*/g, ' '))))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)))
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`
  const line = (r: readonly string[]) => `| ${widths.map((w, i) => (r[i] ?? '').padEnd(w)).join(' | ')} |`
  return (
    [`${title}:`, rule, line(headers.map((h) => h.toUpperCase())), rule, ...cells.map(line), rule].join('\n') + '\n'
  )
}
