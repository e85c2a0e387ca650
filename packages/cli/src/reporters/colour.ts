/**
 * Colour in the pretty reporters (check, test, fmt --diff). On when the
 * stream written to is a terminal; off when it is not, when `NO_COLOR` is set
 * to any non-empty value (no-color.org) or when `TERM=dumb`. `FORCE_COLOR`
 * follows Node's convention and wins over the rest: set to `0` or `false` it
 * turns colour off, to anything else (`1`, `2`, `3`, `true`, empty) on.
 */
export interface Colour {
  red(s: string): string
  green(s: string): string
  yellow(s: string): string
  cyan(s: string): string
  bold(s: string): string
}

/** Whether to colour what is written to `stream`. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return stream.isTTY === true
}

const sgr = (open: number, close: number) => (s: string) => (s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`)
const identity = (s: string) => s

/** The colours for a stream, or none. */
export function colours(on: boolean): Colour {
  if (!on) return { red: identity, green: identity, yellow: identity, cyan: identity, bold: identity }
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), bold: sgr(1, 22) }
}

/** No colour: the default of every reporter, so JSON, files and tests see plain text. */
export const plain: Colour = colours(false)

/** The colours for standard output / standard error as this process finds them. */
export const stdoutColour = (): Colour => colours(useColour(process.stdout))
export const stderrColour = (): Colour => colours(useColour(process.stderr))
