/**
 * The command that runs one conformance case again, printed beside each
 * failure (as regorus's tests/opa.rs prints one), so a failure seen in CI or
 * in vitest can be rerun alone.
 */
import type { ConformanceCase } from './cases.js'
import type { SuiteName } from './suites.js'

/** Where the cases came from: a named suite, or folders given on the command line. */
export type CaseSource = { suite: SuiteName } | { dirs: readonly string[]; v0: boolean }

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `pnpm cordon conformance … --failures --filter '^file#index '`: matches that case and no other. */
export function reproduceCommand(c: Pick<ConformanceCase, 'file' | 'index'>, source: CaseSource): string {
  const filter = `--filter ${shellQuote(`^${escapeRegExp(`${c.file}#${c.index}`)} `)}`
  const where =
    'suite' in source
      ? `--suite ${source.suite}`
      : `${source.v0 ? '--v0-compatible ' : ''}${source.dirs.map(shellQuote).join(' ')}`
  return `pnpm cordon conformance --failures ${filter} ${where}`
}
