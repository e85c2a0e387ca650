import type { Location } from '@cordon/rego'

/** The source text of a node, on one line (`?` when the file's text is not at hand). */
export function sourceText(loc: Location, sources: ReadonlyMap<string, string>): string {
  const text = sources.get(loc.file)
  return text === undefined ? '?' : text.slice(loc.offset, loc.end).replace(/\s+/g, ' ')
}
