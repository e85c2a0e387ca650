/**
 * Reads a host builtin's argument straight into plain JSON, for builtins
 * with a plain JSON form (@cordon/builtins `jsonArgumentsFormOf`, e.g.
 * json.match_schema): exactly what `toPlain` of the TermReader's Value would
 * be (keys as strings in Rego's order, numbers as JS numbers), without the
 * Value. A 1.5 MB input document took a third of a json.match_schema call as
 * Values and their conversion. Anything the conversion would treat
 * differently, or the TermReader hands to the text path, throws
 * NotPlainJson and the caller takes the Value form: sets, keys that are not
 * strings, strings that are not valid UTF-8 (or hold U+FFFD), nesting
 * deeper than the TermReader reads.
 */
import { NotPlainJson, ValueReader } from './read-value.js'
import { MAX_TERM_DEPTH } from './read-term.js'

export class JsonArgumentReader extends ValueReader {
  protected override readonly maxDepth = MAX_TERM_DEPTH

  protected override set(): unknown[] {
    throw new NotPlainJson('a set')
  }

  protected override string(ptr: number, len: number): string {
    const s = super.string(ptr, len)
    if (s.length !== len && s.includes('\ufffd')) throw new NotPlainJson('a string that may not be valid UTF-8')
    return s
  }
}
