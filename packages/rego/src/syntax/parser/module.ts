/**
 * Modules: `package`, then imports and rules in any order.
 *
 * Error recovery: a statement that fails is abandoned, and parsing resumes
 * at the next name that starts a line in column 1 (where rules and imports
 * normally start), so one mistake does not hide the ones after it.
 */
import type { Import, Package, RefTerm, Rule, Term } from '../../ast.js'
import { DEFAULT_ERROR_LIMIT } from '../../diagnostics.js'
import { parseRule } from './rule.js'
import { ABORT, V0_FUTURE_KEYWORDS, type ParserState } from './state.js'
import { parseTerm } from './term.js'

export interface ModuleParts {
  package?: Package
  imports: Import[]
  rules: Rule[]
}

/** module = package { import | rule } */
export function parseModuleBody(p: ParserState, experimental: boolean): ModuleParts {
  const parts: ModuleParts = { imports: [], rules: [] }
  guard(p, () => {
    parts.package = parsePackage(p)
  })
  if (!parts.package) return parts
  p.eatPunct(';')
  while (p.tok.kind !== 'eof' && p.diagnostics.length < DEFAULT_ERROR_LIMIT) {
    guard(p, () => {
      if (p.isKeyword('import')) parts.imports.push(parseImport(p, experimental))
      else if (p.isKeyword('package')) p.fail('unexpected package declaration: a module has exactly one, at the top')
      else for (const r of parseRule(p)) parts.rules.push(r)
      if (p.tok.kind !== 'eof' && !p.tok.nl && !p.isPunct(';')) {
        p.unexpected('a new line after the statement')
      }
      p.eatPunct(';')
    })
  }
  return parts
}

/** Runs one statement; on a parse error, skips to where the next statement likely starts. */
function guard(p: ParserState, fn: () => void): void {
  const from = p.pos
  try {
    fn()
  } catch (e) {
    if (e !== ABORT) throw e
    p.resetDepth()
    if (p.pos === from) p.next()
    while (p.tok.kind !== 'eof' && !(p.tok.nl && p.tok.col === 1 && p.tok.kind === 'ident')) p.next()
  }
}

/** package = "package" ref */
function parsePackage(p: ParserState): Package {
  const start = p.tok
  if (!p.isKeyword('package')) p.unexpected('"package" declaration at the start of the module')
  p.next()
  const path = parsePath(p, 'package')
  const terms: Term[] = path.terms.map((t, i) =>
    i === 0 && t.type === 'var' ? { type: 'string', value: t.name, loc: t.loc } : t,
  )
  if (terms.slice(1).some((t) => t.type !== 'string'))
    p.fail('invalid package path: only names and string keys are allowed', path.loc)
  const data: Term = { type: 'var', name: 'data', loc: p.tokenLoc(start) }
  return { type: 'package', path: { type: 'ref', terms: [data, ...terms], loc: path.loc }, loc: p.span(start) }
}

/** A dotted name used by `package` and `import`: a var or a ref of names and string keys. */
function parsePath(p: ParserState, what: string): RefTerm {
  if (!p.isVarName()) p.unexpected(`a name after "${what}"`)
  const t = parseTerm(p)
  if (t.type === 'var') return { type: 'ref', terms: [t], loc: t.loc }
  if (t.type !== 'ref' || t.terms[0]?.type !== 'var') p.fail(`invalid ${what} path`, t.loc)
  if (t.terms.slice(1).some((x) => x.type !== 'string'))
    p.fail(`invalid ${what} path: only names and string keys are allowed`, t.loc)
  return t
}

const EXPERIMENTAL = new Set(['and', 'or', 'not'])

/** import = "import" ref [ "as" var ] */
function parseImport(p: ParserState, experimental: boolean): Import {
  const start = p.next()
  const path = parsePath(p, 'import')
  const names = path.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : ''))
  const root = names[0]!
  const node: Import = { type: 'import', path, loc: p.span(start) }
  if (root === 'future') checkFutureImport(p, names, path, experimental)
  else if (root === 'rego') {
    if (names.length !== 2 || names[1] !== 'v1') p.fail('invalid import: the only "rego" import is "rego.v1"', path.loc)
    p.switchToV1()
  } else if (root !== 'data' && root !== 'input') {
    p.fail(`invalid import path "${names.join('.')}": it must start with data, input, future or rego`, path.loc)
  }
  if (p.isKeyword('as')) {
    const as = p.next()
    if (root === 'future' || root === 'rego') p.fail(`"${root}" imports cannot be aliased`, as)
    if (!p.isVarName()) p.unexpected('a variable name after "as"')
    node.alias = p.next().text
  }
  node.loc = p.span(start)
  return node
}

function checkFutureImport(p: ParserState, names: string[], path: RefTerm, experimental: boolean): void {
  if (names[1] !== 'keywords' || names.length > 3)
    p.fail('invalid import: expected future.keywords or future.keywords.<keyword>', path.loc)
  const kw = names[2]
  if (kw === undefined) {
    // Every future keyword, `not` included (OPA's futureImport): its bodies and its semantics.
    p.wakeKeywords()
    p.keywords.not = true
    if (experimental) for (const k of EXPERIMENTAL) p.keywords[k as 'and'] = true
    return
  }
  if (V0_FUTURE_KEYWORDS.has(kw)) return p.wakeKeywords(kw)
  // `not { … }` bodies come with the import alone (OPA accepts them without
  // the experimental switch); `and` / `or` also need the switch.
  if (kw === 'not') {
    p.keywords.not = true
    return
  }
  if (EXPERIMENTAL.has(kw)) {
    if (!experimental)
      p.fail(`future.keywords.${kw} is experimental: enable experimental keywords to import it`, path.loc)
    p.keywords[kw as 'and' | 'or' | 'not'] = true
    return
  }
  p.fail(`unexpected keyword "${kw}": future.keywords has in, every, if and contains`, path.terms[2]!.loc)
}
