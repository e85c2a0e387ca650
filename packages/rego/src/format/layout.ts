/**
 * Where things sit in the source: the row arithmetic OPA's formatter bases
 * its layout on (does an item start on a new row, on which row does a
 * bracket close).
 */
import type { Location } from '../location.js'
import type { Place } from './writer.js'

export function textOf(source: string, loc: Location): string {
  return source.slice(loc.offset, loc.end)
}

export function placeOf(source: string, loc: Location): Place {
  return { row: loc.row, text: textOf(source, loc) }
}

/** The row a node's text ends on. */
export function endRow(source: string, loc: Location): number {
  return loc.row + countNewlines(textOf(source, loc))
}

export function countNewlines(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++
  return n
}

/** Before any row: comments are never "at" or "before" it. */
const NO_ROW: Place = { row: -1 }

/**
 * The row of the bracket closing the first `open` in a node's text, after
 * skipping a first balanced `skipOpen`…`skipClose` group (a rule head's
 * arguments); `row -1` when there is none, as in OPA.
 */
export function closingPlace(place: Place, open: string, close: string, skipOpen?: string, skipClose?: string): Place {
  const text = place.text ?? ''
  let i = 0
  let offset = 0
  if (skipOpen && skipClose) [i, offset] = skipPast(text, skipOpen, skipClose)
  for (; i < text.length; i++) if (text[i] === open) break
  if (i >= text.length) return NO_ROW
  let depth = 1
  while (depth > 0) {
    i++
    if (i >= text.length) return NO_ROW
    const ch = text[i]
    if (ch === open) depth++
    else if (ch === close) depth--
    else if (ch === '\n') offset++
  }
  return { row: place.row + offset }
}

function skipPast(text: string, open: string, close: string): [number, number] {
  let i = 0
  for (; i < text.length; i++) if (text[i] === open) break
  let depth = 1
  let offset = 0
  while (depth > 0) {
    i++
    if (i >= text.length) return [i, offset]
    const ch = text[i]
    if (ch === open) depth++
    else if (ch === close) depth--
    else if (ch === '\n') offset++
  }
  return [i, offset]
}

/**
 * True when the node was written in parentheses of its own, `(a | b)`: OPA's
 * locations include them (its formatter looks for a leading `(`), ours do not.
 */
export function writtenInParens(source: string, loc: Location): boolean {
  let i = loc.offset - 1
  while (i >= 0 && /\s/.test(source[i]!)) i--
  if (source[i] !== '(') return false
  let k = i - 1
  while (k >= 0 && /[ \t]/.test(source[k]!)) k--
  if (k >= 0 && /[\w\])]/.test(source[k]!)) return false // the parenthesis of a call
  let j = loc.end
  while (j < source.length && /\s/.test(source[j]!)) j++
  return source[j] === ')'
}

/** The node's location including parentheses of its own around it (where OPA's locations start). */
export function outerLoc(source: string, loc: Location): Location {
  if (!writtenInParens(source, loc)) return loc
  let i = loc.offset - 1
  while (source[i] !== '(') i--
  return { ...loc, offset: i, row: loc.row - countNewlines(source.slice(i, loc.offset)) }
}
