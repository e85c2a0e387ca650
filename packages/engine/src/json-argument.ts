/**
 * A host builtin's argument as plain JSON, for builtins with a plain JSON
 * form (@cordon/builtins `jsonArgumentsFormOf`, e.g. json.match_schema): the
 * runtime's Rego term text of the value (`opa_value_dump`) through
 * `JSON.parse`. That is exactly what `toPlain` of the TermReader's Value
 * would be, without the Value: term text is JSON wherever the value is plain
 * JSON data, with object keys in the runtime's order (by UTF-8 bytes, which
 * is JS's order of strings below U+D800) and numbers as their text. A set, a
 * key that is not a string, or nesting JSON.parse cannot take fails to
 * parse, and text with a character at or above U+D800 (key order could
 * differ; U+FFFD marks bytes that are not UTF-8) is refused: either throws
 * NotPlainJson and the caller calls the Value form. The 1.5 MB mtbls input
 * took a third of a json.match_schema call as Values and their conversion,
 * and a schema in data read cold at load took 20 ms in the JS reader.
 */
import { NotPlainJson } from './read-value.js'

const OUTSIDE_ORDER = /[\ud800-\uffff]/

/** The plain JSON of `termText` (the runtime's value dump); throws NotPlainJson. */
export function plainJsonOfTermText(termText: string): unknown {
  if (OUTSIDE_ORDER.test(termText)) throw new NotPlainJson('a character at or above U+D800')
  try {
    return JSON.parse(termText)
  } catch {
    throw new NotPlainJson('term text that is not JSON')
  }
}
