/**
 * Writing terms: scalars as written, refs, infix calls, collections (one row
 * or one item per row, as in the source) and comprehensions. Follows
 * `writeTerm`… of OPA's `v1/format/format.go`.
 */
import type { Comment, Expr, RefTerm, Term } from '../ast.js'
import type { Location } from '../location.js'
import { printTerm } from '../syntax/print.js'
import { writeBody, writeExpr } from './expr.js'
import { closingPlace, outerLoc, placeOf, textOf, writtenInParens } from './layout.js'
import { UnexpectedComment, Writer, partitionComments, type Place } from './writer.js'

/** Builtins written infix, with their operator and arity. */
export const INFIX: ReadonlyMap<string, { op: string; arity: number }> = new Map([
  ['eq', { op: '=', arity: 2 }],
  ['assign', { op: ':=', arity: 2 }],
  ['equal', { op: '==', arity: 2 }],
  ['neq', { op: '!=', arity: 2 }],
  ['lt', { op: '<', arity: 2 }],
  ['lte', { op: '<=', arity: 2 }],
  ['gt', { op: '>', arity: 2 }],
  ['gte', { op: '>=', arity: 2 }],
  ['plus', { op: '+', arity: 2 }],
  ['minus', { op: '-', arity: 2 }],
  ['mul', { op: '*', arity: 2 }],
  ['div', { op: '/', arity: 2 }],
  ['rem', { op: '%', arity: 2 }],
  ['and', { op: '&', arity: 2 }],
  ['or', { op: '|', arity: 2 }],
  ['internal.member_2', { op: 'in', arity: 2 }],
  ['internal.member_3', { op: 'in', arity: 3 }],
])

/** A formatting error (wrong arity of an infix builtin): reported, not thrown past the formatter. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly loc: Location,
  ) {
    super(message)
  }
}

/** `count`, `io.jwt.decode`, `internal.member_2`: the dotted name of a call's operator. */
export function operatorName(ref: RefTerm): string {
  return ref.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?')).join('.')
}

/** An UnexpectedComment that carries the comments left after the fallback was written. */
export class Fallback extends UnexpectedComment {
  constructor(readonly rest: Comment[]) {
    super('fell back to the source text')
  }
}

/** Writes a term; when a comment inside it cannot be placed, writes its source text instead. */
export function writeTerm(w: Writer, t: Term, comments: Comment[]): Comment[] {
  if (comments.length === 0) return writeTermParens(w, false, t, comments)
  const len = w.buf.length
  const level = w.level
  const saved = comments.slice()
  try {
    return writeTermParens(w, false, t, comments)
  } catch (e) {
    if (!(e instanceof UnexpectedComment)) throw e
    w.buf = w.buf.slice(0, len)
    w.level = level
    const place = placeOf(w.source, t.loc)
    if (w.beforeEnd && place.text) {
      const end = place.row + (place.text.split('\n').length - 1)
      if (w.beforeEnd.loc.row >= place.row && w.beforeEnd.loc.row <= end) w.beforeEnd = undefined
    }
    throw new Fallback(w.writeUnformatted(place, saved))
  }
}

function writeTermParens(w: Writer, parens: boolean, t: Term, comments: Comment[]): Comment[] {
  comments = w.insertComments(comments, t.loc)
  if (!w.inline) w.startLine()
  switch (t.type) {
    case 'ref':
      comments = writeRef(w, t, comments)
      break
    case 'object':
      w.write('{')
      comments = writeIterable(
        w,
        t.entries,
        t.loc,
        closingPlace(placeOf(w.source, t.loc), '{', '}'),
        comments,
        objectEntry,
      )
      w.write('}')
      break
    case 'array':
      w.write('[')
      comments = writeIterable(
        w,
        t.items,
        t.loc,
        closingPlace(placeOf(w.source, t.loc), '[', ']'),
        comments,
        listItem(true),
      )
      w.write(']')
      break
    case 'set':
      if (t.items.length === 0) {
        w.write('set()')
        comments = w.insertComments(comments, closingPlace(placeOf(w.source, t.loc), '(', ')'))
      } else {
        w.write('{')
        comments = writeIterable(
          w,
          t.items,
          t.loc,
          closingPlace(placeOf(w.source, t.loc), '{', '}'),
          comments,
          listItem(true),
        )
        w.write('}')
      }
      break
    case 'arraycomp':
      w.write('[')
      comments = writeComprehension(w, '[', ']', t.term, t.body, t.loc, comments)
      w.write(']')
      break
    case 'setcomp':
      w.write('{')
      comments = writeComprehension(w, '{', '}', t.term, t.body, t.loc, comments)
      w.write('}')
      break
    case 'objectcomp': {
      w.write('{')
      if (t.key.loc.row - t.loc.row > 1) {
        w.endLine()
        w.startLine()
      }
      const paren = isUnionCall(t.key)
      if (paren) w.write('(')
      comments = writeTerm(w, t.key, comments)
      if (paren) w.write(')')
      w.write(': ')
      // The value is laid out as if it started where the key does.
      comments = writeComprehension(
        w,
        '{',
        '}',
        { ...t.value, loc: { ...t.value.loc, row: t.key.loc.row } },
        t.body,
        t.loc,
        comments,
      )
      w.write('}')
      break
    }
    case 'string':
      w.write(stringText(w, t))
      break
    case 'template':
      comments = writeTemplate(w, t, comments)
      break
    case 'var':
      w.write(t.name)
      break
    case 'call':
      comments = writeCallTerm(w, parens, t, comments)
      break
    default:
      w.write(printTerm(t))
  }
  if (!w.inline) w.startLine()
  return comments
}

/** A string as written (escapes kept); a raw string as written; a name from `a.b` quoted. */
function stringText(w: Writer, t: Extract<Term, { type: 'string' }>): string {
  const text = textOf(w.source, t.loc)
  if (text[0] === '`') return text
  const last = text[text.length - 1]
  if (last === '"' || last === '`') {
    const at = text.indexOf(last)
    return last + text.slice(at + 1)
  }
  return JSON.stringify(t.value)
}

/**
 * `$"…{x}…"` as OPA writes it: a scalar embedded with no comment before it
 * (`{42}`) becomes literal text, as OPA's parser folds it; other parts are
 * embedded one level in. Comments inside the braces follow OPA's
 * `writeTemplateString`: one on the row of `{` stays after it, comments
 * before the expression start right after `{`, comments after it go on their
 * own rows before `}`.
 */
function writeTemplate(w: Writer, t: Extract<Term, { type: 'template' }>, comments: Comment[]): Comment[] {
  w.write(t.raw ? '$`' : '$"')
  t.parts.forEach((p, i) => {
    // The comment ending the row of `{` may already wait in `beforeEnd`.
    const embedded = embeddedAfter(w.source, w.beforeEnd ? [w.beforeEnd, ...comments] : comments, p.loc.offset)
    const scalar = p.type === 'string' || p.type === 'number' || p.type === 'boolean' || p.type === 'null'
    if (!embedded || (scalar && !t.partWith?.[i] && !embedded.afterComment)) {
      // Text, or a scalar OPA's parser folds into it.
      const text = p.type !== 'string' ? printTerm(p) : t.raw ? p.value : JSON.stringify(p.value).slice(1, -1)
      w.write(p.type === 'string' ? text.replace(/\{/g, '\\{') : text)
      return
    }
    w.write('{')
    w.up()
    if (w.beforeEnd) {
      // A comment on the row of the `{`: it ends that row.
      w.endLine()
      w.startLine()
    } else {
      const { before } = partitionComments(comments, p.loc.row)
      if (before.length > 0) {
        w.write(' ')
        w.inline = true
        w.writeComments(before)
        comments = comments.slice(before.length)
      }
    }
    comments = w.insertComments(comments, p.loc)
    if (!w.inline) w.startLine()
    comments = writeTerm(w, p, comments)
    for (const wi of t.partWith?.[i] ?? []) {
      w.write(' with ')
      comments = writeTerm(w, wi.target, comments)
      w.write(' as ')
      comments = writeTerm(w, wi.value, comments)
    }
    const next = t.parts[i + 1]
    if (next) {
      // Comments after the expression, before the next part: on their own rows, then `}`.
      const { before } = partitionComments(comments, next.loc.row)
      if (before.length > 0) {
        w.endLine()
        w.writeComments(before)
        comments = comments.slice(before.length)
        w.startLine()
      }
    }
    w.write('}')
    w.down()
  })
  w.write(t.raw ? '`' : '"')
  return comments
}

/**
 * Whether the template part starting at `start` is embedded (`{…}`, not
 * text): blanks, `(` and comments back to a `{`; and whether a comment lies
 * between (then OPA keeps even a scalar embedded).
 */
function embeddedAfter(source: string, comments: Comment[], start: number): { afterComment: boolean } | undefined {
  let afterComment = false
  for (let i = start - 1; i >= 0; i--) {
    const c = comments.find((x) => x.loc.offset <= i && i < x.loc.end)
    if (c) {
      afterComment = true
      i = c.loc.offset
    } else if (source[i] === '{') return { afterComment }
    else if (!/[\s(]/.test(source[i]!)) return undefined
  }
  return undefined
}

export function writeRef(w: Writer, ref: RefTerm, comments: Comment[]): Comment[] {
  const [head, ...path] = ref.terms
  if (!head) return comments
  const parens = head.type === 'call' && writtenInParens(w.source, head.loc)
  comments = writeTermParens(w, parens, head, comments)
  for (const t of path) {
    if (t.type === 'string') {
      const text = textOf(w.source, t.loc)
      const bracket = !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value) || (w.keywords.has(t.value) && text[0] === '"')
      w.write(bracket ? `[${JSON.stringify(t.value)}]` : `.${t.value}`)
    } else if (t.type === 'var') {
      w.write(`[${t.name}]`)
    } else {
      w.write('[')
      try {
        comments = writeTerm(w, t, comments)
      } catch (e) {
        if (!(e instanceof Fallback)) throw e
        comments = e.rest
        w.write('\n')
      }
      w.write(']')
    }
  }
  return comments
}

/** A call used as a term: infix when it is an infix builtin of the right arity. */
function writeCallTerm(w: Writer, parens: boolean, t: Extract<Term, { type: 'call' }>, comments: Comment[]): Comment[] {
  const name = operatorName(t.operator)
  const infix = INFIX.get(name)
  if (!infix) return writePlainCall(w, t.operator, t.args, comments)
  if (infix.op === 'in') return writeInOperator(w, true, t.args, comments, t.loc, name, infix.arity)
  if (parens) w.write('(')
  if (t.args.length !== infix.arity) throw new FormatError(`${name}: arity mismatch`, t.loc)
  comments = writeTermParens(w, true, t.args[0]!, comments)
  w.write(` ${infix.op} `)
  comments = writeTermParens(w, true, t.args[1]!, comments)
  if (parens) w.write(')')
  return comments
}

export function writePlainCall(w: Writer, operator: RefTerm, args: Term[], comments: Comment[]): Comment[] {
  comments = writeRef(w, operator, comments)
  w.write('(')
  comments = writeArgList(w, args, operator.loc, closingPlace(placeOf(w.source, operator.loc), '(', ')'), comments)
  w.write(')')
  return comments
}

/** Arguments of a call or a function head, grouped by the rows they were on. */
export function writeArgList(w: Writer, args: Term[], anchor: Location, close: Place, comments: Comment[]): Comment[] {
  return writeIterable(w, args, anchor, close, comments, listItem(false))
}

/** `x in xs` / `k, v in xs` (with parentheses around the latter inside a term). */
export function writeInOperator(
  w: Writer,
  parens: boolean,
  operands: Term[],
  comments: Comment[],
  loc: Location,
  name: string,
  arity: number,
): Comment[] {
  if (operands.length !== arity) throw new FormatError(`${name}: arity mismatch`, loc)
  if (operands.length === 3 && parens) w.write('(')
  comments = writeTermParens(w, true, operands[0]!, comments)
  if (operands.length === 3) {
    w.write(', ')
    comments = writeTermParens(w, true, operands[1]!, comments)
  }
  w.write(' in ')
  comments = writeTermParens(w, true, operands[operands.length - 1]!, comments)
  if (operands.length === 3 && parens) w.write(')')
  return comments
}

export function isUnionCall(t: Term): boolean {
  return t.type === 'call' && operatorName(t.operator) === 'or'
}

type Item = Term | [Term, Term]
type ItemWriter = (w: Writer, x: Item, comments: Comment[]) => Comment[]

function itemLoc(x: Item | Expr): Location {
  return Array.isArray(x) ? x[0].loc : x.loc
}

const objectEntry: ItemWriter = (w, x, comments) => {
  const [k, v] = x as [Term, Term]
  const paren = isUnionCall(k)
  if (paren) w.write('(')
  comments = writeTerm(w, k, comments)
  if (paren) w.write(')')
  w.write(': ')
  const vparen = isUnionCall(v)
  if (vparen) w.write('(')
  comments = writeTerm(w, v, comments)
  if (vparen) w.write(')')
  return comments
}

function listItem(parenUnion: boolean): ItemWriter {
  return (w, x, comments) => {
    const t = x as Term
    const paren = isUnionCall(t) && (parenUnion || writtenInParens(w.source, t.loc))
    if (paren) w.write('(')
    comments = writeTerm(w, t, comments)
    if (paren) w.write(')')
    return comments
  }
}

/** Groups items by source row: items on one row stay on one row. */
function groupIterable<T extends Item | Expr>(w: Writer, items: T[], start: Location): T[][] {
  const sorted = [...items].sort((a, b) => itemLoc(a).offset - itemLoc(b).offset)
  const lines: T[][] = []
  let cur: T[] = []
  let last = start
  sorted.forEach((x, i) => {
    const loc = outerLoc(w.source, itemLoc(x))
    if (loc.row - last.row > 0 && i > 0) {
      lines.push(cur)
      cur = []
    }
    last = loc
    cur.push(x)
  })
  lines.push(cur)
  return lines
}

function writeIterable(
  w: Writer,
  items: Item[],
  last: Location,
  close: Place,
  comments: Comment[],
  fn: ItemWriter,
): Comment[] {
  const lines = groupIterable(w, items, last)
  let newlinePrecedesItem = false
  if (lines.length === 1) {
    for (const c of comments) {
      if (c.loc.row > last.row && c.loc.row < close.row) throw new UnexpectedComment(`comment on line ${c.loc.row}`)
    }
    if (items.length > 0) {
      const first = textOf(w.source, outerLoc(w.source, itemLoc(items[0]!)))
      const cut = textOf(w.source, last).indexOf(first)
      if (cut > 0) newlinePrecedesItem = textOf(w.source, last).slice(0, cut).indexOf('\n') > 0
    }
  }
  const multiline = lines.length > 1 || (lines.length === 1 && newlinePrecedesItem)
  if (multiline) {
    w.delay = true
    w.startMultilineSeq()
  }
  lines.forEach((line, i) => {
    line.forEach((x, j) => {
      comments = fn(w, x, comments)
      if (j < line.length - 1) w.write(', ')
    })
    if (i < lines.length - 1) {
      w.write(',')
      w.endLine()
      w.startLine()
    }
  })
  if (multiline) {
    w.write(',')
    w.endLine()
    comments = w.insertComments(comments, close)
    w.down()
    w.startLine()
  }
  return comments
}

function writeComprehension(
  w: Writer,
  open: string,
  close: string,
  term: Term,
  body: Expr[],
  loc: Location,
  comments: Comment[],
): Comment[] {
  if (term.loc.row - loc.row >= 1) {
    w.endLine()
    w.startLine()
  }
  const parens = term.type === 'call' && (isUnionCall(term) || writtenInParens(w.source, term.loc))
  comments = writeTermParens(w, parens, term, comments)
  w.write(' |')
  return writeComprehensionBody(w, open, close, body, term.loc, loc, comments)
}

/** A body inside brackets: on the opening row when it was there and fits one row, else one expression per row. */
export function writeComprehensionBody(
  w: Writer,
  open: string,
  close: string,
  body: Expr[],
  term: Location,
  compr: Location,
  comments: Comment[],
): Comment[] {
  const lines = groupIterable(w, body, term)
  if (body[0]!.loc.row - term.row > 0 || lines.length > 1) {
    w.endLine()
    w.up()
    comments = writeBody(w, body, comments)
    comments = w.insertComments(comments, closingPlace(placeOf(w.source, compr), open, close))
    w.down()
    w.startLine()
    return comments
  }
  w.write(' ')
  body.forEach((e, i) => {
    comments = writeExpr(w, e, comments)
    if (i < body.length - 1) w.write('; ')
  })
  return w.insertComments(comments, closingPlace(placeOf(w.source, compr), open, close))
}
