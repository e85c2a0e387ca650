/**
 * Rego highlighting for CodeMirror: a stream tokenizer (comments, strings,
 * raw strings, numbers, keywords, builtin-looking calls, operators). Only
 * colours: the checker in the worker is what says whether Rego is valid.
 */
import { StreamLanguage, type StreamParser } from '@codemirror/language'

const keywords = new Set([
  'package',
  'import',
  'default',
  'if',
  'contains',
  'else',
  'some',
  'every',
  'in',
  'not',
  'with',
  'as',
])
const atoms = new Set(['true', 'false', 'null'])
const roots = new Set(['input', 'data'])

interface State {
  /** Inside a `raw string` that spans lines. */
  inRaw: boolean
}

const parser: StreamParser<State> = {
  name: 'rego',
  startState: () => ({ inRaw: false }),
  token(stream, state) {
    if (state.inRaw) {
      if (stream.skipTo('`')) {
        stream.next()
        state.inRaw = false
      } else stream.skipToEnd()
      return 'string'
    }
    if (stream.eatSpace()) return null
    if (stream.match('#')) {
      stream.skipToEnd()
      return 'comment'
    }
    if (stream.match('`')) {
      state.inRaw = true
      return parser.token(stream, state)
    }
    if (stream.match('"')) {
      let escaped = false
      for (let ch = stream.next(); ch !== undefined && ch !== null; ch = stream.next()) {
        if (ch === '"' && !escaped) break
        escaped = !escaped && ch === '\\'
      }
      return 'string'
    }
    if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number'
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null
    if (word) {
      const w = word[0]
      if (keywords.has(w)) return 'keyword'
      if (atoms.has(w)) return 'atom'
      if (roots.has(w)) return 'className'
      if (stream.peek() === '(' || stream.match(/^\.[A-Za-z_][A-Za-z0-9_.]*\(/, false)) return 'function'
      return 'variableName'
    }
    if (stream.match(/^(:=|==|!=|<=|>=|[=<>+\-*/%|&])/)) return 'operator'
    stream.next()
    return 'punctuation'
  },
  languageData: { commentTokens: { line: '#' } },
}

export const rego = StreamLanguage.define(parser)
