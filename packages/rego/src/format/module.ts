/**
 * Writing a module: package, import groups (sorted within a group), rules
 * separated by one blank row (adjacent one-liners stay together), comments
 * where they were. Follows `writeModule`… of OPA's `v1/format/format.go`.
 */
import type { Body, Comment, Expr, Import, Module, Rule, RuleHead, Term } from '../ast.js'
import { printTerm } from '../syntax/print.js'
import { KEYWORDS } from '../syntax/tokens.js'
import { writeBody, writeExpr } from './expr.js'
import { closingPlace, endRow, placeOf, textOf } from './layout.js'
import { forEachExpr, ruleBodies } from '../checker/visit.js'
import { Fallback, operatorName, writeArgList, writeRef, writeTerm } from './term.js'
import { UnexpectedComment, Writer, commentString } from './writer.js'

interface ModuleOptions {
  /** Some rule head needs ref-head syntax (`a.b.c`, `a.b contains x`): write every head as a ref. */
  refHeads: boolean
}

export function writeModule(
  w: Writer,
  m: Module,
  options: { dropV0Imports: boolean; addRegoV1Import?: boolean; v0Output?: boolean },
): void {
  const comments = [...m.comments]
    .sort((a, b) => a.loc.offset - b.loc.offset)
    .map((c) => ({ ...c, text: c.text.replace(/\s+$/, '') }))
  const opts: ModuleOptions = { refHeads: m.rules.some(needsRefHead) }
  w.notKeyword = m.imports.some((i) => importPath(i) === 'future.keywords.not')
  const experimental = ['and', 'or'].filter((k) => m.imports.some((i) => importPath(i) === `future.keywords.${k}`))
  w.keywords = new Set([...KEYWORDS, ...experimental])
  if (options.v0Output && m.regoVersion === 'v0') {
    const has = (k: string) =>
      m.imports.some((i) => importPath(i) === 'future.keywords' || importPath(i) === `future.keywords.${k}`)
    w.v0 = { if: has('if'), contains: has('contains') }
  }
  let rest = writePackage(w, m, comments)
  const imports = options.dropV0Imports
    ? m.imports.filter((i) => !isV0Import(i))
    : options.addRegoV1Import
      ? withRegoV1Import(m)
      : w.v0
        ? withUsedKeywordImports(m)
        : dropFutureImportsUnderRegoV1(m.imports)
  const others: (Import | Rule)[] = [...imports, ...m.rules].sort((a, b) => a.loc.offset - b.loc.offset)
  let i = 0
  while (i < others.length) {
    const group: Import[] = []
    while (i < others.length && others[i]!.type === 'import') group.push(others[i++] as Import)
    rest = writeImports(w, group, rest)
    const rules: Rule[] = []
    while (i < others.length && others[i]!.type === 'rule') rules.push(others[i++] as Rule)
    rest = writeRules(w, rules, rest, opts)
  }
  rest.forEach((c, j) => {
    w.writeLine(commentString(c))
    if (j === rest.length - 1) w.write('\n')
  })
}

function needsRefHead(r: Rule): boolean {
  const n = r.head.ref.terms.length
  return n > 2 || (n === 2 && r.head.key !== undefined && r.head.value === undefined)
}

/** With `import rego.v1`, the v0 `future.keywords` imports say nothing more: OPA drops them (the experimental ones stay). */
function dropFutureImportsUnderRegoV1(imports: Import[]): Import[] {
  if (!imports.some((i) => importPath(i) === 'rego.v1')) return imports
  return imports.filter((i) => !V0_KEYWORD_IMPORTS.has(importPath(i)))
}

/**
 * OPA's `fmt --v0-v1`: the module gets `import rego.v1`, which stands for the
 * v0 future keywords, so their imports go (the experimental ones stay). The
 * new import sits where the first import was, or right after the package.
 */
function withRegoV1Import(m: Module): Import[] {
  const kept = m.imports.filter((i) => !V0_KEYWORD_IMPORTS.has(importPath(i)))
  if (kept.some((i) => importPath(i) === 'rego.v1')) return kept
  const at = m.imports[0]?.loc ?? { ...m.package.loc, offset: m.package.loc.end, row: m.package.loc.row + 1 }
  const path = ['rego', 'v1'].map((name) => ({ type: 'var' as const, name, loc: at }))
  const regoV1: Import = {
    type: 'import',
    path: { type: 'ref', terms: [path[0]!, { type: 'string', value: 'v1', loc: at }], loc: at },
    loc: at,
  }
  return [regoV1, ...kept]
}

/**
 * Rego v0: the formatter writes `internal.member_2(x, xs)` as `x in xs`, so,
 * as OPA's formatter does, a v0 module with such a call (or an `every`) gets
 * the `future.keywords` import the output needs: after the last future (or
 * rego.v1) import, or first of all when there is none.
 */
function withUsedKeywordImports(m: Module): Import[] {
  const used = new Set<string>()
  for (const rule of m.rules)
    for (const { body } of ruleBodies(rule))
      forEachExpr(body, (e) => {
        if (e.kind === 'call' && /^internal\.member_[23]$/.test(operatorName(e.operator))) used.add('in')
        if (e.kind === 'every') used.add('every')
      })
  const paths = m.imports.map(importPath)
  const imports = [...m.imports]
  for (const kw of ['in', 'every'].filter((k) => used.has(k))) {
    if (
      paths.includes('future.keywords') ||
      paths.includes(`future.keywords.${kw}`) ||
      (kw === 'in' && paths.includes('future.keywords.every'))
    )
      continue
    const last = m.imports.filter((i) => isV0Import(i)).sort((a, b) => b.loc.row - a.loc.row)[0]
    const at = last
      ? { ...last.loc, row: last.loc.row + 1, offset: last.loc.end }
      : { ...m.package.loc, row: 1, col: 1, offset: -1 }
    const path = ['future', 'keywords', kw].map((name, i) =>
      i === 0 ? { type: 'var' as const, name, loc: at } : { type: 'string' as const, value: name, loc: at },
    )
    imports.push({ type: 'import', path: { type: 'ref', terms: path, loc: at }, loc: at })
    paths.push(`future.keywords.${kw}`)
  }
  return imports
}

const V0_KEYWORD_IMPORTS = new Set([
  'future.keywords',
  ...['in', 'every', 'if', 'contains'].map((k) => `future.keywords.${k}`),
])

function isV0Import(i: Import): boolean {
  const path = importPath(i)
  return path === 'rego.v1' || /^future(\.|$)/.test(path)
}

function importPath(i: Import): string {
  return i.path.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '')).join('.')
}

function writePackage(w: Writer, m: Module, comments: Comment[]): Comment[] {
  comments = w.insertComments(comments, m.package.loc)
  w.startLine()
  const [, first, ...path] = m.package.path.terms
  w.write('package ')
  const head: Term = first?.type === 'string' ? { type: 'var', name: first.value, loc: first.loc } : first!
  writeRef(w, { type: 'ref', terms: [head, ...path], loc: m.package.path.loc }, [])
  w.blankLine()
  return comments
}

function writeImports(w: Writer, imports: Import[], comments: Comment[]): Comment[] {
  if (imports.length === 0) return comments
  const onRow = new Map<Import, Comment>()
  const rest: Comment[] = []
  for (const c of comments) {
    const imp = imports.find((i) => i.loc.row === c.loc.row)
    if (imp) onRow.set(imp, c)
    else rest.push(c)
  }
  comments = rest
  const groups: Import[][] = []
  for (const imp of imports) {
    const group = groups[groups.length - 1]
    if (group && imp.loc.row - group[group.length - 1]!.loc.row <= 1) group.push(imp)
    else groups.push([imp])
  }
  for (const group of groups) {
    comments = w.insertComments(comments, group[0]!.loc)
    for (const imp of [...group].sort(compareImports)) {
      w.startLine()
      w.write('import ')
      writeRef(w, imp.path, [])
      if (imp.alias) w.write(` as ${imp.alias}`)
      const c = onRow.get(imp)
      if (c) w.write(' ' + commentString(c))
      w.endLine()
    }
    w.blankLine()
  }
  return comments
}

/** OPA's import order: by path, term by term (variables after strings), then alias. */
function compareImports(a: Import, b: Import): number {
  const key = (t: Term) => (t.type === 'var' ? `1${t.name}` : t.type === 'string' ? `0${t.value}` : `2${printTerm(t)}`)
  const n = Math.min(a.path.terms.length, b.path.terms.length)
  for (let i = 0; i < n; i++) {
    const x = key(a.path.terms[i]!)
    const y = key(b.path.terms[i]!)
    if (x !== y) return x < y ? -1 : 1
  }
  if (a.path.terms.length !== b.path.terms.length) return a.path.terms.length - b.path.terms.length
  return (a.alias ?? '') < (b.alias ?? '') ? -1 : (a.alias ?? '') > (b.alias ?? '') ? 1 : 0
}

function writeRules(w: Writer, rules: Rule[], comments: Comment[], opts: ModuleOptions): Comment[] {
  rules.forEach((rule, i) => {
    comments = tolerate(comments, () => w.insertComments(comments, rule.loc))
    comments = tolerate(comments, () => writeRule(w, rule, false, comments, opts))
    const next = rules[i + 1]
    if (next && groupableOneLiner(w, rule) && groupableOneLiner(w, next) && next.loc.row === rule.loc.row + 1) return
    w.blankLine()
  })
  return comments
}

/** Runs a step whose misplaced comment is not an error (the comment stays in the list). */
function tolerate(comments: Comment[], step: () => Comment[]): Comment[] {
  try {
    return step()
  } catch (e) {
    if (e instanceof Fallback) return e.rest
    if (e instanceof UnexpectedComment) return comments
    throw e
  }
}

function isTrueBody(body: Body): boolean {
  const [only] = body
  return (
    body.length === 1 &&
    only!.kind === 'term' &&
    !only!.negated &&
    only!.with.length === 0 &&
    only!.term.type === 'boolean' &&
    only!.term.value
  )
}

/** A rule written on one row, kept next to an adjacent one-liner (a lone set body keeps its braces and an else goes below: never one row). */
function groupableOneLiner(w: Writer, r: Rule): boolean {
  const oneRow = r.body.length <= 1 && !r.default && !r.else && !(r.body.length === 1 && isSetTerm(r.body[0]!))
  // Rego v0 (OPA's fmtOpts): only with `if` imported, and a partial set only with `contains`.
  return oneRow && (!w.v0 || (w.v0.if && (w.v0.contains || r.head.key === undefined || r.head.value !== undefined)))
}

function isSetTerm(e: Expr): boolean {
  return e.kind === 'term' && e.term.type === 'set' && !e.negated
}

function writeRule(w: Writer, rule: Rule, isElse: boolean, comments: Comment[], opts: ModuleOptions): Comment[] {
  if (!isElse) w.startLine()
  if (rule.default) w.write('default ')
  // A rule without a body (`p := 1`), or whose body is just `true`, is written without one.
  const expandedConst = (rule.body.length === 0 || isTrueBody(rule.body)) && !rule.else
  w.writeCommentOnFinalLine = expandedConst
  let unexpectedComment = false
  try {
    // A function whose written body is just `true` shows its value (`f(1) := true`), a bodyless one (`f(1)`) does not:
    // OPA's parser gives the first a value of its own, the second the head's location (so the formatter omits it).
    const trueBody = isTrueBody(rule.body)
    comments = writeHead(w, rule.head, isElse, rule.default, expandedConst, trueBody, comments, opts)
  } catch (e) {
    if (e instanceof Fallback) comments = e.rest
    else if (!(e instanceof UnexpectedComment)) throw e
    unexpectedComment = true
  }
  if (rule.body.length === 0 || expandedConst) {
    w.endLine()
    return rule.else ? writeElse(w, rule, comments, opts) : comments
  }
  w.writeCommentOnFinalLine = true
  // Rego v0: `if` only when imported, and never on a partial set written as `p[x]`.
  const withIf = !w.v0 || (w.v0.if && (w.v0.contains || rule.head.key === undefined || rule.head.value !== undefined))
  if (withIf) w.write(' if')
  if (rule.body.length === 1 && withIf) {
    const only = rule.body[0]!
    const single = only.loc.row === endRow(w.source, rule.head.loc) && !isSetTerm(only)
    if (single) {
      w.write(' ')
      comments = writeExpr(w, only, comments)
      w.endLine()
      return rule.else ? writeElse(w, rule, comments, opts) : comments
    }
  }
  if (unexpectedComment && comments.length > 0) w.write(' { ')
  else {
    w.write(' {')
    w.endLine()
  }
  w.up()
  // `p if { a | b }` would read as a set comprehension: a union leading the body keeps parentheses
  // (after `if` only: a Rego v0 body `p { a | b }` is read as a body, and OPA writes it bare).
  if (!isElse && withIf) w.leadingUnion = rule.body[0]
  comments = writeBody(w, rule.body, comments)
  const place = placeOf(w.source, rule.loc)
  const close = rule.head.args?.length
    ? closingPlace(place, '{', '}', '(', ')')
    : headKey(rule.head)
      ? closingPlace(place, '{', '}', '[', ']')
      : closingPlace(place, '{', '}')
  comments = w.insertComments(comments, close)
  w.down()
  w.startLine()
  w.write('}')
  return rule.else ? writeElse(w, rule, comments, opts) : comments
}

/** OPA's head key: the element of `p contains x`, or the last term of a two-term ref head `p[k] := v`. */
function headKey(h: RuleHead): Term | undefined {
  return h.key ?? (h.ref.terms.length === 2 && h.ref.terms[1]!.type !== 'string' ? h.ref.terms[1] : undefined)
}

function writeElse(w: Writer, rule: Rule, comments: Comment[], opts: ModuleOptions): Comment[] {
  const els = rule.else!
  const lines = textOf(w.source, rule.loc).split('\n')
  const rel = els.loc.row - rule.loc.row
  const wasInline = rel > 0 && rel < lines.length && !lines[rel]!.trim().startsWith('else')
  const hasCommentAbove = (comments.length > 0 && comments[0]!.loc.row < els.head.loc.row) || w.beforeEnd !== undefined
  if (!hasCommentAbove && wasInline) w.write(' ')
  else {
    w.blankLine()
    w.startLine()
  }
  comments = w.insertComments(comments, els.head.loc)
  if (hasCommentAbove && !wasInline) w.startLine()
  return writeRule(w, els, true, comments, opts)
}

function writeHead(
  w: Writer,
  head: RuleHead,
  isElse: boolean,
  isDefault: boolean,
  expandedConst: boolean,
  trueBody: boolean,
  comments: Comment[],
  opts: ModuleOptions,
): Comment[] {
  const ref = head.ref.terms
  if (isElse) w.write('else')
  else if (opts.refHeads || ref.length === 1) comments = writeRef(w, head.ref, comments)
  else {
    if (comments.length > 0 && ref[1]!.loc.row === comments[0]!.loc.row)
      return w.writeUnformatted(placeOf(w.source, head.loc), comments)
    // `p[x]`, `p["a"]` as OPA prints the key term; a composite key is written as any term.
    const key = ref[1]!
    w.write(`${printTerm(ref[0]!)}[`)
    if (key.type === 'var' || key.type === 'string' || key.type === 'number') w.write(printTerm(key))
    else comments = writeTerm(w, key, comments)
    w.write(']')
  }
  if (head.args && head.args.length > 0 && !isElse) {
    w.write('(')
    comments = writeArgs(w, head, comments)
    w.write(')')
  }
  if (head.key !== undefined && head.value === undefined) {
    if (w.v0 && !w.v0.contains) {
      // Rego v0's partial set: `p[x]`.
      w.write('[')
      comments = writeTerm(w, head.key, comments)
      w.write(']')
    } else {
      w.write(' contains ')
      comments = writeTerm(w, head.key, comments)
    }
  }
  const value = head.value
  if (!value) return comments
  const isTrue = value.type === 'boolean' && value.value
  // Rego v0 without `if`: OPA's parser keys every two-term head (`p["a"] = true { … }`).
  const keyed = headKey(head) !== undefined || (w.v0 !== undefined && !w.v0.if && ref.length === 2)
  if (!(keyed || !isTrue || expandedConst || isDefault)) return comments
  const refConst = expandedConst && head.key === undefined && (!head.args?.length || trueBody)
  if (head.implicitValue && !isElse && isTrue && !refConst) return comments
  if (w.v0 && head.implicitValue && isElse) return comments
  w.write(w.v0 && !head.assign ? ' = ' : ' := ')
  // As OPA does, an else value counts as written on the else row (a comment below it goes into the body).
  return writeTerm(w, isElse ? { ...value, loc: { ...value.loc, row: head.loc.row } } : value, comments)
}

function writeArgs(w: Writer, head: RuleHead, comments: Comment[]): Comment[] {
  return writeArgList(w, head.args!, head.loc, closingPlace(placeOf(w.source, head.loc), '(', ')'), comments)
}
