/**
 * Parsing that remembers (`cordon test --watch`): a file whose name, text
 * and language options are those of the last run is not parsed again; its
 * module is reused (the checker copies modules, never changes them). Only
 * the files of the last run are kept, so the memory is that of one run.
 */
import { parseModule } from '@cordon/rego'

export interface ParseMemo {
  parse: typeof parseModule
  /** Call after each run: forgets the files a run that parsed did not parse or reuse (a cached run parses none). */
  endRun(): void
  /** Files parsed (not reused) so far. */
  parsed: number
}

export function parseMemo(): ParseMemo {
  let last = new Map<string, ReturnType<typeof parseModule>>()
  let current = new Map<string, ReturnType<typeof parseModule>>()
  const memo: ParseMemo = {
    parsed: 0,
    parse(text, options = {}) {
      const key = JSON.stringify([
        options.file ?? '',
        options.regoVersion ?? '',
        options.experimentalKeywords === true,
        text,
      ])
      let result = last.get(key) ?? current.get(key)
      if (!result) {
        memo.parsed++
        result = parseModule(text, options)
      }
      current.set(key, result)
      return result
    },
    endRun() {
      if (current.size === 0) return
      last = current
      current = new Map()
    },
  }
  return memo
}
