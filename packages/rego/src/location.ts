/**
 * A place in a Rego source file. Rows and columns are 1-based; `col` counts
 * UTF-16 code units, as editors do for the characters Rego sources usually hold.
 * `offset` and `end` are UTF-16 offsets into the source text, `end` exclusive.
 */
export interface Location {
  file: string
  row: number
  col: number
  offset: number
  end: number
}

/** Formats a location as `file:row:col` (or `row:col` when there is no file name). */
export function formatLocation(loc: Location): string {
  return loc.file ? `${loc.file}:${loc.row}:${loc.col}` : `${loc.row}:${loc.col}`
}

/** Orders locations by file, then by position: the order diagnostics are reported in. */
export function compareLocations(a: Location, b: Location): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.offset - b.offset
}
