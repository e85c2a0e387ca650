/**
 * The output buffer of the formatter and its comment bookkeeping, after the
 * `writer` of OPA's `v1/format/format.go` (the reference for `opa fmt`): lines
 * are indented with tabs, a comment on the same row as a node is held until
 * the line ends, and comments above a node are written before it.
 */
import type { Comment } from '../ast.js'
import { KEYWORDS } from '../syntax/tokens.js'

/** A row of the source: what the layout rules compare. `text` is the node's source text when known. */
export interface Place {
  row: number
  text?: string
}

/** Thrown when a second end-of-line comment arrives for a line: the caller falls back to the source text. */
export class UnexpectedComment extends Error {}

export class Writer {
  buf = ''
  level = 0
  inline = false
  beforeEnd: Comment | undefined
  delay = false
  writeCommentOnFinalLine = false
  /** An expression that must be written in parentheses (consumed by the first writeExpr that sees it). */
  parenExpr: unknown
  /** The first expression of a rule body in braces, where a leading union `a | b` needs parentheses. */
  leadingUnion: unknown
  /** Inside an and/or chain that already broke onto an indented row. */
  logicIndented = false
  /** The module imports `future.keywords.not`: `not { … }` is a negated body. */
  notKeyword = false
  /**
   * Writing Rego v0 (`fmt --v0-compatible`): which of `if` and `contains` the
   * module imported; without them bodies go in braces and partial sets as
   * `p[x]`, and `=` heads stay `=`. Undefined when writing v1.
   */
  v0?: { if: boolean; contains: boolean }
  /** The keywords of the module (with the experimental ones it imports): `a["if"]` keeps its brackets. */
  keywords: ReadonlySet<string> = KEYWORDS

  constructor(readonly source: string) {}

  write(s: string): void {
    this.buf += s
  }

  startLine(): void {
    this.inline = true
    this.buf += '\t'.repeat(this.level)
  }

  endLine(): void {
    this.inline = false
    if (this.beforeEnd && !this.delay) {
      this.buf += ' ' + commentString(this.beforeEnd)
      this.beforeEnd = undefined
    }
    this.delay = false
    this.buf += '\n'
  }

  blankLine(): void {
    if (this.inline) this.endLine()
    this.buf += '\n'
  }

  writeLine(s: string): void {
    if (!this.inline) this.startLine()
    this.write(s)
    this.endLine()
  }

  startMultilineSeq(): void {
    this.endLine()
    this.up()
    this.startLine()
  }

  up(): void {
    this.level++
  }

  down(): void {
    if (this.level === 0) throw new Error('negative indentation level')
    this.level--
  }

  /** Registers a comment to be printed at the end of the current line. */
  beforeLineEnd(c: Comment | undefined): void {
    if (this.beforeEnd) {
      if (!c) return
      this.beforeEnd = undefined
      throw new UnexpectedComment(`unexpected comment on line ${c.loc.row}`)
    }
    this.beforeEnd = c
  }

  /** Writes comment lines, separating them as they were (and METADATA blocks from what precedes them). */
  writeComments(comments: Comment[]): void {
    let inMetadata = false
    for (let i = 0; i < comments.length; i++) {
      const c = comments[i]!
      if (i > 0) {
        const d = c.loc.row - comments[i - 1]!.loc.row
        if (d > 1) {
          this.blankLine()
          inMetadata = false
        } else if (d === 1 && inMetadata && isMetadataComment(c)) this.blankLine()
      }
      if (isMetadataComment(c)) inMetadata = true
      this.writeLine(commentString(c))
    }
  }

  /** Writes the comments above `at`, holds the one on its row for the line end, returns the rest. */
  insertComments(comments: Comment[], at: Place): Comment[] {
    const { before, on, after } = partitionComments(comments, at.row)
    this.writeComments(before)
    if (before.length > 0 && at.row - before[before.length - 1]!.loc.row > 1) this.blankLine()
    this.beforeLineEnd(on)
    return after
  }

  /** Writes `text` (a node's source) as it was, when its comments cannot be placed; drops comments inside it. */
  writeUnformatted(place: Place, comments: Comment[]): Comment[] {
    const text = place.text ?? ''
    if (text.length === 0) throw new Error('original unformatted text is empty')
    const rows = text.split('\n').length
    this.write(text)
    const rest: Comment[] = []
    for (const c of comments) {
      if (this.writeCommentOnFinalLine && c.loc.row === place.row + rows - 1) {
        this.write(' ' + commentString(c))
        continue
      }
      if (c.loc.row < place.row + rows - 1) continue
      rest.push(c)
    }
    return rest
  }
}

export function commentString(c: Comment): string {
  return '#' + c.text
}

function isMetadataComment(c: Comment): boolean {
  return c.text.trim() === 'METADATA'
}

export function partitionComments(
  comments: Comment[],
  row: number,
): { before: Comment[]; on?: Comment; after: Comment[] } {
  const before: Comment[] = []
  const after: Comment[] = []
  let on: Comment | undefined
  for (const c of comments) {
    if (c.loc.row < row) before.push(c)
    else if (c.loc.row > row) after.push(c)
    else on = c
  }
  return { before, on, after }
}
