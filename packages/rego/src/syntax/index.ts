/**
 * @module syntax
 *
 * The Rego v1 front end's first stage: lexer, parser and AST walker.
 * `parseModule`, `parseQuery` and `parseTerm` turn source text into the AST
 * of `ast.ts` and a list of `rego_parse_error` diagnostics; they never throw.
 * See `packages/rego/GRAMMAR.md` for the grammar, one `parseX` per production.
 */
export { parseModule, parseQuery, parseTerm, type ParseOptions } from './parse.js'
export { lex, type LexResult, type LexedComment } from './lexer.js'
export type { Token, TokenKind, TemplatePart } from './tokens.js'
export { KEYWORDS, BINARY_OPERATORS, MAX_NESTING_DEPTH } from './tokens.js'
export { walk, children, type Visitor } from './walk.js'
export { printTerm, printExpr, printBody, printHead, printRule } from './print.js'
// Issue 15 §4: OPA's AST as JSON (`cordon parse`, `rego.parse_module`).
export { moduleToOpaJson, type OpaAstJsonOptions } from './ast-json/opa-ast.js'
export { goJson, JsonNumber, type GoJson } from './ast-json/go-json.js'
export { regoParserBuiltins, REGO_PARSE_MODULE, opaErrorsText } from './ast-json/parse-module-builtin.js'
