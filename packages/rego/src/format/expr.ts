/**
 * Writing bodies and expressions: one expression per row (blank rows between
 * them kept, at most one), infix builtins infix, `with` modifiers on the row
 * they were on or indented below. Follows `writeBody`/`writeExpr` of OPA's
 * `v1/format/format.go`.
 */
import type { Body, Comment, Expr, Term, With } from '../ast.js'
import { countNewlines, textOf } from './layout.js'
import {
  Fallback,
  FormatError,
  INFIX,
  isUnionCall,
  operatorName,
  writeComprehensionBody,
  writeInOperator,
  writePlainCall,
  writeTerm,
} from './term.js'
import { UnexpectedComment, type Writer } from './writer.js'

export function writeBody(w: Writer, body: Body, comments: Comment[]): Comment[] {
  if (body.length === 0) return comments
  comments = w.insertComments(comments, body[0]!.loc)
  body.forEach((e, i) => {
    if (i > 0) {
      const prev = body[i - 1]!
      const lastRow = prev.loc.row + countNewlines(textOf(w.source, prev.loc))
      if (e.loc.row > lastRow + 1) w.blankLine()
    }
    w.startLine()
    try {
      comments = writeExpr(w, e, comments)
    } catch (err) {
      if (err instanceof Fallback) comments = err.rest
      else if (!(err instanceof UnexpectedComment)) throw err
    }
    w.endLine()
  })
  return comments
}

export function writeExpr(w: Writer, e: Expr, comments: Comment[]): Comment[] {
  const paren = w.parenExpr === e
  if (paren) {
    w.parenExpr = undefined
    w.write('(')
  }
  comments = w.insertComments(comments, e.loc)
  if (!w.inline) w.startLine()
  if (e.negated && e.kind !== 'block') w.write('not ')
  // With the `not` keyword imported, `not {x}` would read as `not { … }` (a negated body): a brace-led operand keeps parentheses.
  const braced = e.negated && w.notKeyword && rendersBraceLead(e)
  if (braced) w.write('(')
  comments = writeExprCore(w, e, comments)
  if (braced) w.write(')')
  if (paren) w.write(')')
  if (e.with.length > 0) comments = writeWiths(w, e, comments)
  return comments
}

function writeExprCore(w: Writer, e: Expr, comments: Comment[]): Comment[] {
  switch (e.kind) {
    case 'term':
      return writeTerm(w, e.term, comments)
    case 'call': {
      const name = operatorName(e.operator)
      const infix = INFIX.get(name)
      if (infix?.op === 'in') return writeInOperator(w, false, e.args, comments, e.operator.loc, name, infix.arity)
      if (!infix) return writePlainCall(w, e.operator, e.args, comments)
      const leading = w.leadingUnion === e && !e.negated
      w.leadingUnion = undefined
      if (leading && name === 'or') w.write('(')
      if (e.args.length === infix.arity) {
        const paren = leading && isUnionCall(e.args[0]!)
        if (paren) w.write('(')
        comments = writeTerm(w, e.args[0]!, comments)
        if (paren) w.write(')')
        w.write(` ${infix.op} `)
        comments = writeTerm(w, e.args[1]!, comments)
        if (leading && name === 'or') w.write(')')
        return comments
      }
      if (e.args.length === infix.arity + 1) {
        comments = writeTerm(w, e.args[2]!, comments)
        w.write(' = ')
        comments = writeTerm(w, e.args[0]!, comments)
        w.write(` ${infix.op} `)
        return writeTerm(w, e.args[1]!, comments)
      }
      throw new FormatError(`${name}: arity mismatch`, e.loc)
    }
    case 'some': {
      w.write('some ')
      let row = e.loc.row
      e.vars.forEach((v, i) => {
        if (v.loc.row > row) {
          w.endLine()
          w.startLine()
          w.write('\t')
          row = v.loc.row
        } else if (i > 0) w.write(' ')
        comments = writeTerm(w, v, comments)
        if (i < e.vars.length - 1) w.write(',')
      })
      return comments
    }
    case 'somein': {
      w.write('some ')
      const operands = e.key ? [e.key, e.value, e.domain] : [e.value, e.domain]
      return writeInOperator(
        w,
        false,
        operands,
        comments,
        e.loc,
        e.key ? 'internal.member_3' : 'internal.member_2',
        operands.length,
      )
    }
    case 'every': {
      w.write('every ')
      if (e.key) {
        comments = writeTerm(w, e.key, comments)
        w.write(', ')
      }
      comments = writeTerm(w, e.value, comments)
      w.write(' in ')
      comments = writeTerm(w, e.domain, comments)
      w.write(' {')
      comments = writeComprehensionBody(w, '{', '}', e.body, e.loc, e.loc, comments)
      if (e.body.length === 1 && e.body[0]!.loc.row === e.loc.row) w.write(' ')
      w.write('}')
      return comments
    }
    case 'block': {
      if (e.negated && e.body.length === 1 && writtenAsGroup(w, e)) {
        // `not (a or b)`: a group, not a block; its parentheses stay where they matter.
        const only = e.body[0]!
        const parens = only.kind === 'logic' || only.with.length > 0 || rendersBraceLead(only)
        w.write(parens ? 'not (' : 'not ')
        comments = writeExpr(w, only, comments)
        if (parens) w.write(')')
        return comments
      }
      w.write(e.negated ? 'not ' : '')
      comments = writeBlock(w, e.body, e.loc, comments)
      return comments
    }
    case 'logic': {
      if (w.leadingUnion === e) w.leadingUnion = e.left.length === 1 ? e.left[0] : undefined
      comments = writeOperand(w, e, e.left, 'left', comments)
      // An operand on a row below the operator goes on its own row, one level in (once per statement).
      const breaks = rowBreaksAfterOperator(w.source, e.left[e.left.length - 1]!.loc.end, e.op)
      const indents = breaks && !w.logicIndented
      w.write(` ${e.op}`)
      if (breaks) {
        if (indents) {
          w.up()
          w.logicIndented = true
        }
        w.endLine()
        w.startLine()
      } else w.write(' ')
      comments = writeOperand(w, e, e.right, 'right', comments)
      if (indents) {
        w.down()
        w.logicIndented = false
      }
      return comments
    }
  }
}

/**
 * An operand of `and`/`or`: an explicit block as `{ … }`, one expression as
 * it is, in parentheses when it would otherwise bind differently (`and` binds
 * tighter than `or`; chains nest to the left), carries its own `with`, or
 * starts with a brace (which would read as a block).
 */
function writeOperand(
  w: Writer,
  logic: Expr & { kind: 'logic' },
  body: Body,
  side: 'left' | 'right',
  comments: Comment[],
): Comment[] {
  const parent = logic.op
  const only = body[0]!
  const brace = blockBrace(w, logic, only, side)
  if (brace !== undefined) {
    // Laid out from its `{`, as a block statement is.
    const before = w.source.slice(brace, only.loc.offset)
    const row = only.loc.row - countNewlines(before)
    return writeBlock(w, body, { ...only.loc, row, offset: brace, end: logic.loc.end }, comments)
  }
  if (body.length > 1) return writeBlock(w, body, only.loc, comments)
  const nested = only.kind === 'logic' && !only.negated && only.with.length === 0
  const parens =
    only.with.length > 0 ||
    rendersBraceLead(only) ||
    (nested && ((only.op === 'or' && parent === 'and') || (side === 'right' && only.op === parent)))
  if (parens) w.write('(')
  comments = writeExpr(w, only, comments)
  if (parens) w.write(')')
  return comments
}

/** `{ … }` on one row (or one expression per row, as in the source); `{ a | b }` would read as a set comprehension, so a leading union is parenthesised. */
function writeBlock(w: Writer, body: Body, at: Expr['loc'], comments: Comment[]): Comment[] {
  const first = body[0]!
  if (first.kind === 'call' && operatorName(first.operator) === 'or' && first.args.length === 2) w.parenExpr = first
  w.write('{')
  comments = writeComprehensionBody(w, '{', '}', body, at, at, comments)
  if (body[body.length - 1]!.loc.row === at.row) w.write(' ')
  w.write('}')
  return comments
}

/** The source breaks the row after the `and`/`or` that follows `from` (the left operand's end), comments aside. */
function rowBreaksAfterOperator(source: string, from: number, op: string): boolean {
  let i = from
  while (i < source.length && /[\s)}]/.test(source[i]!)) i++
  if (!source.startsWith(op, i)) return false
  for (i += op.length; i < source.length; i++) {
    const ch = source[i]!
    if (ch === '\n') return true
    if (ch === '#') while (i + 1 < source.length && source[i + 1] !== '\n') i++
    else if (!/\s/.test(ch)) return false
  }
  return false
}

/** `not ( … )`: the first thing after `not` is a parenthesis. */
function writtenAsGroup(w: Writer, e: Expr): boolean {
  let i = e.loc.offset
  if (w.source.startsWith('not', i)) i += 3
  while (i < e.loc.end && /\s/.test(w.source[i]!)) i++
  return w.source[i] === '('
}

/**
 * Where the operand's `{` is, when it was written as a block: the first thing
 * of the operand's text (after the operator, for the right one), parentheses,
 * whitespace and comments aside, when it comes before its first expression.
 */
function blockBrace(
  w: Writer,
  logic: Expr & { kind: 'logic' },
  first: Expr,
  side: 'left' | 'right',
): number | undefined {
  let i = logic.loc.offset
  if (side === 'right') {
    i = logic.left[logic.left.length - 1]!.loc.end
    while (i < first.loc.offset && /[\s)}]/.test(w.source[i]!)) i++
    if (!w.source.startsWith(logic.op, i)) return undefined
    i += logic.op.length
  }
  for (; i < first.loc.offset; i++) {
    const ch = w.source[i]!
    if (ch === '#') while (i + 1 < first.loc.offset && w.source[i + 1] !== '\n') i++
    else if (ch === '{') return i
    else if (!/[\s(]/.test(ch)) return undefined
  }
  return undefined
}

function writeWiths(w: Writer, e: Expr, comments: Comment[]): Comment[] {
  let withs = e.with
  let lastRow = termsEndRow(w, e)
  if (withs[0]!.loc.row === lastRow) {
    comments = writeWith(w, withs[0]!, comments, false)
    lastRow = withs[0]!.loc.row
    withs = withs.slice(1)
  }
  let indented = false
  for (const wi of withs) {
    const indent = wi.loc.row > lastRow
    if (indent) {
      if (!indented) {
        w.up()
        indented = true
      }
      w.endLine()
      w.startLine()
      lastRow = wi.loc.row
    }
    comments = writeWith(w, wi, comments, indent)
  }
  if (indented) w.down()
  return comments
}

/** The row the expression's own text (before its first `with`) ends on. */
function termsEndRow(w: Writer, e: Expr): number {
  let text = textOf(w.source, e.loc)
  const off = e.with[0]!.loc.offset - e.loc.offset
  if (off > 0 && off <= text.length) text = text.slice(0, off)
  return e.loc.row + countNewlines(text.replace(/[ \t\r\n]+$/, ''))
}

function writeWith(w: Writer, wi: With, comments: Comment[], indented: boolean): Comment[] {
  comments = w.insertComments(comments, wi.loc)
  if (!indented) w.write(' ')
  w.write('with ')
  comments = writeTerm(w, wi.target, comments)
  w.write(' as ')
  try {
    return writeTerm(w, wi.value, comments)
  } catch (err) {
    if (err instanceof Fallback) return err.rest
    throw err
  }
}

/** True when the expression is written starting with `{` (a set, object or comprehension leads it). */
function rendersBraceLead(e: Expr): boolean {
  if (e.kind === 'term') return termRendersBraceLead(e.term)
  if (e.kind === 'call') {
    const infix = INFIX.get(operatorName(e.operator))
    if (!infix) return false
    if (e.args.length === infix.arity) return termRendersBraceLead(e.args[0]!)
    if (e.args.length === infix.arity + 1) return termRendersBraceLead(e.args[e.args.length - 1]!)
  }
  return false
}

function termRendersBraceLead(t: Term): boolean {
  switch (t.type) {
    case 'set':
      return t.items.length > 0
    case 'object':
    case 'setcomp':
    case 'objectcomp':
      return true
    case 'ref':
      return t.terms.length > 0 && termRendersBraceLead(t.terms[0]!)
    case 'call':
      return INFIX.has(operatorName(t.operator)) && t.args.length > 0 && termRendersBraceLead(t.args[0]!)
    default:
      return false
  }
}
