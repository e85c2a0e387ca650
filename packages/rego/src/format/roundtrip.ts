/**
 * The formatter's two promises about any module, checked by the tests over
 * whole corpora: formatting changes no meaning (the result parses to the
 * same AST, up to the spellings OPA's formatter normalises) and formatting
 * twice changes nothing.
 */
import type { Import, Module, Term } from '../ast.js'
import { printTerm } from '../syntax/print.js'
import { parseModule } from '../syntax/parse.js'
import { formatModule } from './index.js'

/** Why `source` does not round-trip, or undefined when it does (or does not parse: nothing to format). */
export function roundTripProblem(source: string): string | undefined {
  const original = parseModule(source, { experimentalKeywords: true }).module
  if (!original) return undefined
  const once = formatModule(source)
  if (once.formatted === undefined) return `does not format: ${once.diagnostics[0]?.message}`
  const reparsed = parseModule(once.formatted, { experimentalKeywords: true }).module
  if (!reparsed) return `formatted source does not parse:\n${once.formatted}`
  if (shape(reparsed) !== shape(original)) return `formatted source means something else:\n${once.formatted}`
  const twice = formatModule(once.formatted).formatted
  if (twice !== once.formatted) return `not idempotent:\n${once.formatted}\n---- formatted again:\n${twice}`
  return undefined
}

/**
 * The module without positions, and without what the formatter is allowed to
 * respell: `=`/`:=` in heads, an implicit `true` written out or left out,
 * a body of just `true` dropped, the order of imports, scalars embedded in
 * a template string written as its text.
 */
export function shape(m: Module): string {
  return JSON.stringify(m, (key, value: unknown) => {
    if (key === 'loc' || key === 'assign' || key === 'implicitValue' || key === 'comments' || key === 'raw')
      return undefined
    if (key === 'body' && Array.isArray(value) && value.length === 1 && isTrueExpr(value[0])) return []
    // Scalars in a template string are its text: `{42}` and `42` mean the same.
    if (key === 'parts' && Array.isArray(value)) return foldTemplateParts(value as Term[])
    // Imports are sorted within their group.
    if (key === 'imports' && Array.isArray(value))
      return [...(value as Import[])].sort((a, b) => (importKey(a) < importKey(b) ? -1 : 1))
    return value
  })
}

function isTrueExpr(e: unknown): boolean {
  const x = e as { kind?: string; negated?: boolean; with?: unknown[]; term?: { type?: string; value?: unknown } }
  return x.kind === 'term' && !x.negated && x.with?.length === 0 && x.term?.type === 'boolean' && x.term.value === true
}

function importKey(i: Import): string {
  return `${printTerm(i.path)} ${i.alias ?? ''}`
}

function foldTemplateParts(parts: Term[]): unknown[] {
  const out: unknown[] = []
  let text: string | undefined
  for (const p of parts) {
    const scalar =
      p.type === 'string'
        ? p.value
        : p.type === 'number' || p.type === 'boolean' || p.type === 'null'
          ? printTerm(p)
          : undefined
    if (scalar !== undefined) text = (text ?? '') + scalar
    else {
      if (text !== undefined) out.push({ type: 'string', value: text })
      text = undefined
      out.push(p)
    }
  }
  if (text !== undefined) out.push({ type: 'string', value: text })
  return out
}
