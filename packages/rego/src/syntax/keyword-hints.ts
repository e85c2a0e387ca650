/**
 * "Did you mean" for misspelled keywords: a parse error on a line that holds
 * an identifier close to a Rego keyword (`improt`, `defualt`, `evry`,
 * `contians`, `esle`, `ni`) gets a hint with the caret on that identifier.
 * Identifiers after a `.` are reference keys, not keywords, and are skipped.
 */
import type { Diagnostic } from '../diagnostics.js'
import { closestName } from '../suggest.js'
import { KEYWORDS, type Token } from './tokens.js'

const LITERALS = new Set(['true', 'false', 'null'])
const HINTABLE = [...KEYWORDS].filter((k) => !LITERALS.has(k))

export function addKeywordHints(diagnostics: Diagnostic[], tokens: readonly Token[], file: string): void {
  for (const d of diagnostics) {
    if (d.code !== 'rego_parse_error' || d.hint) continue
    let best: { token: Token; keyword: string } | undefined
    tokens.forEach((t, i) => {
      if (t.kind !== 'ident' || t.row !== d.location.row || KEYWORDS.has(t.text) || tokens[i - 1]?.text === '.') return
      const keyword = keywordFor(t.text)
      if (keyword && (!best || Math.abs(t.col - d.location.col) < Math.abs(best.token.col - d.location.col)))
        best = { token: t, keyword }
    })
    if (best) {
      const { token, keyword } = best
      d.hint = {
        message: `did you mean ${keyword}?`,
        location: { file, row: token.row, col: token.col, offset: token.offset, end: token.end },
      }
    }
  }
}

/** The keyword `word` misspells: within the usual distance for words of four letters or more, a swap of two letters for shorter ones. */
function keywordFor(word: string): string | undefined {
  if (word.length >= 4) return closestName(word, HINTABLE)
  return HINTABLE.find(
    (k) => k.length === word.length && k !== word && [...k].sort().join('') === [...word].sort().join(''),
  )
}
