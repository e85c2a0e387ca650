/** Where a JSON pane's text does not parse, as a diagnostic (the engine's JSON.parse says the position). */
import type { PaneDiagnostic } from './protocol.js'

export function jsonProblem(pane: string, text: string): PaneDiagnostic | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const at = /at position (\d+)/.exec(message)
    const offset = at ? Math.min(Number(at[1]), text.length) : text.length
    const before = text.slice(0, offset).split('\n')
    return {
      pane,
      row: before.length,
      col: before.at(-1)!.length + 1,
      offset,
      end: offset,
      severity: 'error',
      code: 'json',
      message: `${pane}: not valid JSON: ${message}`,
    }
  }
}
