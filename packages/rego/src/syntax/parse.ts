/**
 * The public entry points: {@link parseModule}, {@link parseQuery} and
 * {@link parseTerm}. They never throw for bad input; every problem is a
 * `rego_parse_error` diagnostic with a file:row:col location, at most
 * {@link DEFAULT_ERROR_LIMIT} of them, sorted by position.
 */
import type { Body, Comment, Module, RegoVersion, Term } from '../ast.js'
import { DEFAULT_ERROR_LIMIT, sortDiagnostics, type Diagnostic } from '../diagnostics.js'
import { attachAnnotations, readAnnotationBlocks } from './annotations.js'
import { addKeywordHints } from './keyword-hints.js'
import { lex } from './lexer.js'
import { parseBody } from './parser/body.js'
import { parseInfixTerm } from './parser/infix.js'
import { parseModuleBody } from './parser/module.js'
import { ABORT, ParserState } from './parser/state.js'

/** Options shared by the parse functions. */
export interface ParseOptions {
  /** File name used in locations (default: empty, locations print as `row:col`). */
  file?: string
  /**
   * Allow the experimental `and`, `or` and `not { … }` keywords. In a module
   * they are on only when it also imports `future.keywords.and` / `.or` /
   * `.not`; in a query they are all on.
   */
  experimentalKeywords?: boolean
  /**
   * The language version (default 'v1'). In 'v0', as OPA's `--v0-compatible`:
   * `if`, `contains`, `in` and `every` are keywords only after an
   * `import future.keywords…`, rule bodies need no `if`, and `p[x] { … }` is
   * a partial set rule; `import rego.v1` makes the module Rego v1.
   */
  regoVersion?: RegoVersion
}

/**
 * Parses a Rego module (v1 unless `options.regoVersion` is 'v0'). `module` is set only when there is no diagnostic;
 * after an error the parser still goes on (skipping to the next rule) to
 * report up to 10 problems at once.
 *
 * @example
 * const { module, diagnostics } = parseModule('package x\n\np if input.y > 1', { file: 'x.rego' })
 * // module.rules[0].head.ref → data path `p`; diagnostics → []
 */
export function parseModule(
  source: string,
  options: ParseOptions = {},
): { module?: Module; diagnostics: Diagnostic[] } {
  const file = options.file ?? ''
  const lexed = lex(source, file)
  const diagnostics = [...lexed.diagnostics]
  const p = ParserState.create(lexed.tokens, file, diagnostics, options.regoVersion)
  const parts = parseModuleBody(p, options.experimentalKeywords === true)
  const blocks = readAnnotationBlocks(lexed.comments, diagnostics)
  addKeywordHints(diagnostics, lexed.tokens, file)
  if (!parts.package) return { diagnostics: finish(diagnostics) }
  const comments: Comment[] = lexed.comments.map((c) => ({ type: 'comment', text: c.text, loc: c.loc }))
  const module: Module = {
    type: 'module',
    file,
    package: parts.package,
    imports: parts.imports,
    rules: parts.rules,
    comments,
    annotations: [],
    loc: { file, row: 1, col: 1, offset: 0, end: source.length },
  }
  if (!p.v1Rules) module.regoVersion = 'v0'
  attachAnnotations(blocks, lexed.tokens, module, diagnostics)
  const sorted = finish(diagnostics)
  return sorted.length > 0 ? { diagnostics: sorted } : { module, diagnostics: sorted }
}

/**
 * Parses a query: expressions separated by `;` or new lines. `body` is set
 * only when there is no diagnostic.
 *
 * @example
 * parseQuery('x := data.a; x > 1').body?.length // 2
 */
export function parseQuery(source: string, options: ParseOptions = {}): { body?: Body; diagnostics: Diagnostic[] } {
  const { p, diagnostics } = start(source, options)
  const body = run(() => parseBody(p, 'eof'))
  return body && diagnostics.length === 0 ? { body, diagnostics } : { diagnostics: finish(diagnostics) }
}

/**
 * Parses a single term, e.g. an `input_term` or a value given on the command
 * line. Accepts everything a term can be in Rego: sets, `set()`, trailing
 * commas, non-string object keys.
 *
 * @example
 * parseTerm('{"a": {1, 2,}}').term?.type // 'object'
 */
export function parseTerm(source: string, options: ParseOptions = {}): { term?: Term; diagnostics: Diagnostic[] } {
  const { p, diagnostics } = start(source, options)
  const term = run(() => {
    const t = parseInfixTerm(p, false)
    if (p.tok.kind !== 'eof') p.unexpected('end of input after the term')
    return t
  })
  return term && diagnostics.length === 0 ? { term, diagnostics } : { diagnostics: finish(diagnostics) }
}

function start(source: string, options: ParseOptions): { p: ParserState; diagnostics: Diagnostic[] } {
  const lexed = lex(source, options.file ?? '')
  const diagnostics = [...lexed.diagnostics]
  const p = ParserState.create(lexed.tokens, options.file ?? '', diagnostics, options.regoVersion)
  if (options.experimentalKeywords) Object.assign(p.keywords, { and: true, or: true, not: true })
  return { p, diagnostics }
}

/** Runs a parse that may abort; the diagnostic is already recorded then. */
function run<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch (e) {
    if (e !== ABORT) throw e
    return undefined
  }
}

function finish(diagnostics: Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(diagnostics).slice(0, DEFAULT_ERROR_LIMIT)
}
