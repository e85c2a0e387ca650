/**
 * A subset of Go's `text/template` for `strings.render_template`: text and
 * `{{ }}` actions with `-` trim markers and comments; pipelines with fields
 * (`.a.b`), variables (`$x`, `$i, $v :=`), literals, parentheses and `|`;
 * `if` / `else if` / `else`, `range` (arrays, objects by sorted key, with
 * `else`, `break`, `continue`), `with`; the functions `and or not len index
 * print printf println eq ne lt le gt ge html js urlquery`. Values are the
 * template variables as Go sees them after OPA's JSON conversion (numbers
 * keep their text). `define`/`template`/`block` are not supported.
 */
import { goQuote, numberText } from './text-util.js'

/** A JSON number as Go's `json.Number`: a string kind that prints as its text. */
export class GoNumber {
  constructor(readonly text: string) {}
}

/** A Go value: nil, bool, int (JS number marked by GoInt), float, string, json.Number, []any, map[string]any. */
export type GoValue =
  null | boolean | string | GoNumber | GoInt | GoFloat | GoValue[] | Map<string, GoValue> | typeof MISSING

class GoInt {
  constructor(readonly v: number) {}
}
class GoFloat {
  constructor(readonly v: number) {}
}

/** A missing map entry (OPA renders it as `<undefined>`). */
const MISSING = Symbol('missing')

export class TemplateError extends Error {}

// --- lexing -------------------------------------------------------------------

type Tok =
  | { t: 'field'; name: string; sp: boolean; pos: number }
  | { t: 'var'; name: string; sp: boolean; pos: number }
  | { t: 'dot' | 'lparen' | 'rparen' | 'pipe' | 'decl' | 'assign' | 'comma'; sp: boolean; pos: number }
  | { t: 'ident'; name: string; sp: boolean; pos: number }
  | { t: 'string'; value: string; sp: boolean; pos: number }
  | { t: 'number'; text: string; sp: boolean; pos: number }

type Item = { kind: 'text'; text: string } | { kind: 'action'; toks: Tok[]; line: number; src: string }

function unquote(lit: string): string {
  if (lit[0] === '`') return lit.slice(1, -1)
  let out = ''
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i]!
    if (c !== '\\') {
      out += c
      continue
    }
    const n = lit[++i]!
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    }
    if (n in simple) out += simple[n]
    else if (n === 'x') {
      out += String.fromCharCode(parseInt(lit.slice(i + 1, i + 3), 16))
      i += 2
    } else if (n === 'u') {
      out += String.fromCodePoint(parseInt(lit.slice(i + 1, i + 5), 16))
      i += 4
    } else if (n === 'U') {
      out += String.fromCodePoint(parseInt(lit.slice(i + 1, i + 9), 16))
      i += 8
    } else if (n >= '0' && n <= '7') {
      out += String.fromCharCode(parseInt(lit.slice(i, i + 3), 8))
      i += 2
    } else throw new TemplateError(`unknown escape sequence \\${n}`)
  }
  return out
}

const lineOf = (src: string, pos: number) => src.slice(0, pos).split('\n').length

function lexAll(src: string): Item[] {
  const items: Item[] = []
  let pos = 0
  let trimNext = false
  while (pos < src.length) {
    const open = src.indexOf('{{', pos)
    let text = open < 0 ? src.slice(pos) : src.slice(pos, open)
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '')
    trimNext = false
    if (open < 0) {
      if (text) items.push({ kind: 'text', text })
      break
    }
    let p = open + 2
    if (src[p] === '-' && /[ \t\r\n]/.test(src[p + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '')
      p += 2
    }
    if (text) items.push({ kind: 'text', text })
    const line = lineOf(src, open)
    // Comments.
    const afterSpace = p + /^[ \t\r\n]*/.exec(src.slice(p))![0].length
    if (src.startsWith('/*', afterSpace)) {
      const endC = src.indexOf('*/', afterSpace + 2)
      if (endC < 0) throw new TemplateError(`template: template:${line}: unclosed comment`)
      let q = endC + 2
      const rest = /^[ \t\r\n]*(-[ \t\r\n]+)?\}\}/.exec(src.slice(q))
      if (!rest) throw new TemplateError(`template: template:${line}: comment ends before closing delimiter`)
      if (rest[1]) trimNext = true
      q += rest[0].length
      pos = q
      continue
    }
    const toks: Tok[] = []
    let sp = true
    for (;;) {
      if (p >= src.length) throw new TemplateError(`template: template:${line}: unclosed action`)
      const c = src[p]!
      if (/[ \t\r\n]/.test(c)) {
        const m = /^[ \t\r\n]+/.exec(src.slice(p))![0]
        if (src.startsWith('-}}', p + m.length)) {
          trimNext = true
          p += m.length + 3
          break
        }
        p += m.length
        sp = true
        continue
      }
      if (src.startsWith('}}', p)) {
        p += 2
        break
      }
      const at = p
      const push = (t: Tok) => {
        toks.push(t)
        sp = false
      }
      if (c === '.' && /[A-Za-z_]/.test(src[p + 1] ?? '')) {
        const m = /^\.[A-Za-z_0-9]+/.exec(src.slice(p))![0]
        push({ t: 'field', name: m.slice(1), sp, pos: at })
        p += m.length
      } else if (c === '.' && !/[0-9]/.test(src[p + 1] ?? '')) {
        push({ t: 'dot', sp, pos: at })
        p++
      } else if (c === '$') {
        const m = /^\$[A-Za-z_0-9]*/.exec(src.slice(p))![0]
        push({ t: 'var', name: m, sp, pos: at })
        p += m.length
      } else if (c === '(') {
        push({ t: 'lparen', sp, pos: at })
        p++
      } else if (c === ')') {
        push({ t: 'rparen', sp, pos: at })
        p++
      } else if (c === '|') {
        push({ t: 'pipe', sp, pos: at })
        p++
      } else if (c === ',') {
        push({ t: 'comma', sp, pos: at })
        p++
      } else if (src.startsWith(':=', p)) {
        push({ t: 'decl', sp, pos: at })
        p += 2
      } else if (c === '=') {
        push({ t: 'assign', sp, pos: at })
        p++
      } else if (c === '"' || c === '`') {
        const m = c === '"' ? /^"(?:[^"\\\n]|\\.)*"/.exec(src.slice(p)) : /^`[^`]*`/.exec(src.slice(p))
        if (!m) throw new TemplateError(`template: template:${line}: unterminated quoted string`)
        push({ t: 'string', value: unquote(m[0]), sp, pos: at })
        p += m[0].length
      } else if (c === "'") {
        const m = /^'(?:[^'\\]|\\.[0-9a-fA-F]*)'/.exec(src.slice(p))
        if (!m) throw new TemplateError(`template: template:${line}: unterminated character constant`)
        push({ t: 'number', text: String(unquote(`"${m[0].slice(1, -1)}"`).codePointAt(0)), sp, pos: at })
        p += m[0].length
      } else if (/[-+0-9.]/.test(c)) {
        const m = /^[-+]?(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+([eE][-+]?[0-9]+)?)/.exec(src.slice(p))
        if (!m || m[0] === '' || m[0] === '-' || m[0] === '+')
          throw new TemplateError(`template: template:${line}: bad character ${goQuote(c)}`)
        push({ t: 'number', text: m[0], sp, pos: at })
        p += m[0].length
      } else if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(p))![0]
        push({ t: 'ident', name: m, sp, pos: at })
        p += m.length
      } else throw new TemplateError(`template: template:${line}: unexpected ${goQuote(c)} in command`)
    }
    items.push({ kind: 'action', toks, line, src: src.slice(open, p) })
    pos = p
  }
  return items
}

// --- parsing ------------------------------------------------------------------

type Operand =
  | { k: 'dot' }
  | { k: 'nil' }
  | { k: 'bool'; v: boolean }
  | { k: 'string'; v: string }
  | { k: 'number'; text: string }
  | { k: 'field'; base?: Operand; names: string[] }
  | { k: 'var'; name: string; names: string[] }
  | { k: 'func'; name: string }
  | { k: 'pipe'; pipe: Pipeline; names: string[] }

interface Command {
  args: Operand[]
}
interface Pipeline {
  decl: string[]
  isAssign: boolean
  cmds: Command[]
  text: string
}

type Node =
  | { n: 'text'; text: string }
  | { n: 'action'; pipe: Pipeline; line: number }
  | { n: 'if' | 'with' | 'range'; pipe: Pipeline; list: Node[]; elseList: Node[]; line: number }
  | { n: 'break' | 'continue' }

const FUNCS = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'print',
  'printf',
  'println',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'html',
  'js',
  'urlquery',
  'slice',
  'call',
])

class Parser {
  private i = 0
  constructor(
    private readonly items: Item[],
    private readonly vars: string[][] = [['$']],
  ) {}

  parse(): Node[] {
    const [list, end] = this.list(0)
    if (end) throw new TemplateError(`template: template:${end.line}: unexpected {{${end.word}}}`)
    return list
  }

  // Nodes up to an `{{end}}` / `{{else ...}}`, which is returned.
  private list(
    depth: number,
  ): [Node[], { word: string; item: Extract<Item, { kind: 'action' }>; line: number } | undefined] {
    const out: Node[] = []
    while (this.i < this.items.length) {
      const item = this.items[this.i++]!
      if (item.kind === 'text') {
        out.push({ n: 'text', text: item.text })
        continue
      }
      const first = item.toks[0]
      if (!first) throw new TemplateError(`template: template:${item.line}: missing value for command`)
      if (first.t === 'ident' && (first.name === 'end' || first.name === 'else')) {
        if (depth === 0) throw new TemplateError(`template: template:${item.line}: unexpected {{${first.name}}}`)
        return [out, { word: first.name, item, line: item.line }]
      }
      if (first.t === 'ident' && (first.name === 'if' || first.name === 'with' || first.name === 'range')) {
        out.push(this.control(first.name, item.toks.slice(1), item.line, depth))
        continue
      }
      if (first.t === 'ident' && (first.name === 'break' || first.name === 'continue')) {
        out.push({ n: first.name })
        continue
      }
      if (first.t === 'ident' && ['define', 'template', 'block'].includes(first.name)) {
        throw new TemplateError(`template: template:${item.line}: {{${first.name}}} is not supported`)
      }
      out.push({ n: 'action', pipe: this.pipeline(item.toks, item.line, true), line: item.line })
    }
    return [out, undefined]
  }

  private control(word: 'if' | 'with' | 'range', toks: Tok[], line: number, depth: number): Node {
    this.vars.push([])
    const pipe = this.pipeline(toks, line, true, word === 'range')
    const [list, end] = this.list(depth + 1)
    if (!end) throw new TemplateError(`template: template:${line}: unexpected EOF`)
    let elseList: Node[] = []
    if (end.word === 'else') {
      const rest = end.item.toks.slice(1)
      if (
        rest.length > 0 &&
        rest[0]!.t === 'ident' &&
        (rest[0] as { name: string }).name === word &&
        word !== 'range'
      ) {
        // `{{else if ...}}` / `{{else with ...}}`: a nested control that shares the `{{end}}`.
        elseList = [this.control(word, rest.slice(1), end.line, depth)]
        // The nested control consumed the `{{end}}`.
        this.vars.pop()
        return { n: word, pipe, list, elseList, line }
      }
      if (rest.length > 0) throw new TemplateError(`template: template:${end.line}: unexpected tokens after else`)
      const [els, end2] = this.list(depth + 1)
      if (!end2 || end2.word !== 'end')
        throw new TemplateError(`template: template:${end.line}: expected end; found ${end2 ? end2.word : 'EOF'}`)
      elseList = els
    }
    this.vars.pop()
    return { n: word, pipe, list, elseList, line }
  }

  private known(name: string): boolean {
    return this.vars.some((scope) => scope.includes(name))
  }

  private pipeline(toks: Tok[], line: number, allowDecl: boolean, isRange = false): Pipeline {
    let p = 0
    const decl: string[] = []
    let isAssign = false
    if (allowDecl) {
      // `$x :=`, `$x =`, or (range) `$i, $v :=`.
      const look = toks.findIndex((t) => t.t === 'decl' || t.t === 'assign')
      if (look > 0 && toks.slice(0, look).every((t, j) => (j % 2 === 0 ? t.t === 'var' : t.t === 'comma'))) {
        const names = toks.slice(0, look).filter((t) => t.t === 'var') as { name: string }[]
        if (names.length > (isRange ? 2 : 1))
          throw new TemplateError(`template: template:${line}: too many declarations in command`)
        isAssign = toks[look]!.t === 'assign'
        for (const n of names) {
          if (isAssign && !this.known(n.name))
            throw new TemplateError(`template: template:${line}: undefined variable "${n.name}"`)
          decl.push(n.name)
        }
        p = look + 1
      }
    }
    const cmds: Command[] = []
    let args: Operand[] = []
    const rest = toks.slice(p)
    let j = 0
    const operand = (): Operand => {
      const t = rest[j++]!
      let op: Operand
      switch (t.t) {
        case 'dot':
          op = { k: 'dot' }
          break
        case 'field': {
          const names = [t.name]
          while (rest[j]?.t === 'field' && !rest[j]!.sp) names.push((rest[j++] as { name: string }).name)
          return { k: 'field', names }
        }
        case 'var': {
          if (!this.known(t.name)) throw new TemplateError(`template: template:${line}: undefined variable "${t.name}"`)
          const names: string[] = []
          while (rest[j]?.t === 'field' && !rest[j]!.sp) names.push((rest[j++] as { name: string }).name)
          return { k: 'var', name: t.name, names }
        }
        case 'string':
          op = { k: 'string', v: t.value }
          break
        case 'number':
          op = { k: 'number', text: t.text }
          break
        case 'ident':
          if (t.name === 'true' || t.name === 'false') op = { k: 'bool', v: t.name === 'true' }
          else if (t.name === 'nil') op = { k: 'nil' }
          else if (FUNCS.has(t.name)) op = { k: 'func', name: t.name }
          else throw new TemplateError(`template: template:${line}: function "${t.name}" not defined`)
          break
        case 'lparen': {
          let depth = 1
          const start = j
          while (j < rest.length && depth > 0) {
            if (rest[j]!.t === 'lparen') depth++
            else if (rest[j]!.t === 'rparen') depth--
            j++
          }
          if (depth > 0) throw new TemplateError(`template: template:${line}: unclosed left paren`)
          const inner = this.pipeline(rest.slice(start, j - 1), line, false)
          const names: string[] = []
          while (rest[j]?.t === 'field' && !rest[j]!.sp) names.push((rest[j++] as { name: string }).name)
          return { k: 'pipe', pipe: inner, names }
        }
        default:
          throw new TemplateError(`template: template:${line}: unexpected ${t.t === 'rparen' ? '")"' : t.t} in operand`)
      }
      return op
    }
    while (j < rest.length) {
      if (rest[j]!.t === 'pipe') {
        if (args.length === 0) throw new TemplateError(`template: template:${line}: missing command`)
        cmds.push({ args })
        args = []
        j++
        continue
      }
      args.push(operand())
    }
    if (args.length === 0) throw new TemplateError(`template: template:${line}: missing value for command`)
    cmds.push({ args })
    if (!isAssign) for (const d of decl) this.vars[this.vars.length - 1]!.push(d)
    return { decl, isAssign, cmds, text: '' }
  }
}

// --- evaluation ---------------------------------------------------------------

class Break {}
class Continue {}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other'

function kindOf(v: GoValue): Kind {
  if (v === null || v === MISSING) return 'nil'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'string' || v instanceof GoNumber) return 'string'
  if (v instanceof GoInt) return 'int'
  if (v instanceof GoFloat) return 'float'
  return 'other'
}

function truth(v: GoValue): boolean {
  if (v === null || v === MISSING) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') return v.length > 0
  if (v instanceof GoNumber) return v.text.length > 0
  if (v instanceof GoInt || v instanceof GoFloat) return v.v !== 0
  if (Array.isArray(v)) return v.length > 0
  return v.size > 0
}

/** fmt's `%v` of a value. */
function goPrint(v: GoValue, top = true): string {
  if (v === MISSING || v === null) return top ? '<undefined>' : '<nil>'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return v
  if (v instanceof GoNumber) return v.text
  if (v instanceof GoInt) return String(v.v)
  if (v instanceof GoFloat) return goFloatV(v.v)
  if (Array.isArray(v)) return `[${v.map((x) => goPrint(x, false)).join(' ')}]`
  return `map[${[...v.keys()]
    .sort(cpCompare)
    .map((k) => `${k}:${goPrint(v.get(k)!, false)}`)
    .join(' ')}]`
}

const cpCompare = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0)!)
  const y = Array.from(b, (c) => c.codePointAt(0)!)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

// fmt's %v of a float64 (shortest 'g' with exponent threshold 21).
function goFloatV(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return numberText(f)
  const s = String(f)
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

function numberOperand(text: string): GoValue {
  const t = text.replace(/_/g, '')
  if (/^[-+]?0[xX]/.test(t)) return new GoInt(parseInt(t, 16))
  if (/^[-+]?[0-9]+$/.test(t)) return new GoInt(Number(t))
  return new GoFloat(Number(t))
}

interface Scope {
  vars: Map<string, GoValue>[]
}

function lookupVar(s: Scope, name: string): GoValue {
  for (let i = s.vars.length - 1; i >= 0; i--) {
    const m = s.vars[i]!
    if (m.has(name)) return m.get(name)!
  }
  throw new TemplateError(`undefined variable: ${name}`)
}

function field(v: GoValue, name: string): GoValue {
  if (v instanceof Map) return v.has(name) ? v.get(name)! : MISSING
  if (v === MISSING || v === null) return MISSING
  throw new TemplateError(`can't evaluate field ${name} in type ${goTypeName(v)}`)
}

function goTypeName(v: GoValue): string {
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'string') return 'string'
  if (v instanceof GoNumber) return 'json.Number'
  if (v instanceof GoInt) return 'int'
  if (v instanceof GoFloat) return 'float64'
  if (Array.isArray(v)) return '[]interface {}'
  if (v instanceof Map) return 'map[string]interface {}'
  return 'interface {}'
}

function compareValues(name: string, a: GoValue, b: GoValue): number {
  const ka = kindOf(a)
  const kb = kindOf(b)
  const num = (v: GoValue) => (v instanceof GoInt || v instanceof GoFloat ? v.v : NaN)
  if (ka === 'int' || ka === 'float') {
    if (kb !== 'int' && kb !== 'float')
      throw new TemplateError(`error calling ${name}: incompatible types for comparison`)
    return num(a) < num(b) ? -1 : num(a) > num(b) ? 1 : 0
  }
  if (ka !== kb || ka === 'other' || ka === 'nil') {
    if (name === 'eq' || name === 'ne') {
      if (ka === 'nil' || kb === 'nil') return ka === kb ? 0 : 1
      throw new TemplateError(`error calling ${name}: incompatible types for comparison`)
    }
    throw new TemplateError(`error calling ${name}: invalid type for comparison`)
  }
  if (ka === 'bool') {
    if (name !== 'eq' && name !== 'ne') throw new TemplateError(`error calling ${name}: invalid type for comparison`)
    return a === b ? 0 : 1
  }
  const sa = a instanceof GoNumber ? a.text : (a as string)
  const sb = b instanceof GoNumber ? b.text : (b as string)
  return cpCompare(sa, sb)
}

function goLen(v: GoValue): number {
  if (typeof v === 'string') return new TextEncoder().encode(v).length
  if (v instanceof GoNumber) return v.text.length
  if (Array.isArray(v)) return v.length
  if (v instanceof Map) return v.size
  throw new TemplateError(`error calling len: len of type ${goTypeName(v)}`)
}

function indexValue(v: GoValue, keys: GoValue[]): GoValue {
  let cur = v
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (!(k instanceof GoInt))
        throw new TemplateError('error calling index: cannot index slice/array with type ' + goTypeName(k))
      if (k.v < 0 || k.v >= cur.length) throw new TemplateError(`error calling index: index out of range: ${k.v}`)
      cur = cur[k.v]!
    } else if (cur instanceof Map) {
      if (typeof k !== 'string')
        throw new TemplateError('error calling index: value has type ' + goTypeName(k) + '; should be string')
      cur = cur.has(k) ? cur.get(k)! : MISSING
    } else if (cur === null || cur === MISSING) {
      throw new TemplateError('error calling index: index of untyped nil')
    } else throw new TemplateError(`error calling index: can't index item of type ${goTypeName(cur)}`)
  }
  return cur
}

// fmt.Sprint: a space between operands when neither is a string.
function sprint(args: GoValue[]): string {
  let out = ''
  args.forEach((a, i) => {
    const isStr = (x: GoValue) => typeof x === 'string'
    if (i > 0 && !isStr(a) && !isStr(args[i - 1]!)) out += ' '
    out += goPrint(a, false)
  })
  return out
}

function sprintf(format: string, args: GoValue[]): string {
  let i = 0
  return format.replace(
    /%([-+# 0]*)(\d*)(?:\.(\d+))?([vsdqtfxXeg%])/g,
    (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
      if (verb === '%') return '%'
      if (i >= args.length) return `%!${verb}(MISSING)`
      const a = args[i++]!
      let out: string
      switch (verb) {
        case 'q':
          out = goQuote(goPrint(a, false))
          break
        case 'd':
          out = a instanceof GoInt ? String(a.v) : `%!d(${goTypeName(a)}=${goPrint(a, false)})`
          break
        case 'f':
          out =
            a instanceof GoFloat || a instanceof GoInt
              ? a.v.toFixed(prec === undefined ? 6 : Number(prec))
              : `%!f(${goTypeName(a)}=${goPrint(a, false)})`
          break
        case 'x':
        case 'X':
          out =
            a instanceof GoInt
              ? a.v.toString(16)
              : Array.from(new TextEncoder().encode(goPrint(a, false)), (b) => b.toString(16).padStart(2, '0')).join('')
          if (verb === 'X') out = out.toUpperCase()
          break
        default:
          out = goPrint(a, false)
      }
      const w = Number(width || 0)
      if (out.length < w) out = flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') ? '0' : ' ')
      return out
    },
  )
}

const htmlEscape = (s: string) =>
  s.replace(
    /[<>&'"\0]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!,
  )

function callFunc(name: string, args: GoValue[]): GoValue {
  const need = (n: number) => {
    if (args.length !== n) throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`)
  }
  switch (name) {
    case 'and': {
      if (args.length === 0) throw new TemplateError('wrong number of args for and: want at least 1 got 0')
      for (const a of args) if (!truth(a)) return a
      return args[args.length - 1]!
    }
    case 'or': {
      if (args.length === 0) throw new TemplateError('wrong number of args for or: want at least 1 got 0')
      for (const a of args) if (truth(a)) return a
      return args[args.length - 1]!
    }
    case 'not':
      need(1)
      return !truth(args[0]!)
    case 'len':
      need(1)
      return new GoInt(goLen(args[0]!))
    case 'index':
      if (args.length === 0) throw new TemplateError('wrong number of args for index: want at least 1 got 0')
      return indexValue(args[0]!, args.slice(1))
    case 'print':
      return sprint(args)
    case 'println':
      return args.map((a) => goPrint(a, false)).join(' ') + '\n'
    case 'printf': {
      if (args.length === 0 || typeof args[0] !== 'string')
        throw new TemplateError('wrong type for value; expected string')
      return sprintf(args[0], args.slice(1))
    }
    case 'eq': {
      if (args.length < 2) throw new TemplateError('missing argument for comparison')
      return args.slice(1).some((b) => compareValues('eq', args[0]!, b) === 0)
    }
    case 'ne':
      need(2)
      return compareValues('ne', args[0]!, args[1]!) !== 0
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      need(2)
      const c = compareValues(name, args[0]!, args[1]!)
      return name === 'lt' ? c < 0 : name === 'le' ? c <= 0 : name === 'gt' ? c > 0 : c >= 0
    }
    case 'html':
      return htmlEscape(sprint(args))
    case 'js':
      return sprint(args).replace(/[\\'"<>&=\n\r\t]/g, (c) => {
        const map: Record<string, string> = {
          '\\': '\\\\',
          "'": "\\'",
          '"': '\\"',
          '<': '\\u003C',
          '>': '\\u003E',
          '&': '\\u0026',
          '=': '\\u003D',
          '\n': '\\n',
          '\r': '\\r',
          '\t': '\\t',
        }
        return map[c]!
      })
    case 'urlquery':
      return Array.from(new TextEncoder().encode(sprint(args)), (b) => {
        const c = String.fromCharCode(b)
        if (/[A-Za-z0-9\-_.~]/.test(c)) return c
        return b === 0x20 ? '+' : '%' + b.toString(16).toUpperCase().padStart(2, '0')
      }).join('')
    default:
      throw new TemplateError(`function "${name}" is not supported`)
  }
}

function evalOperand(op: Operand, dot: GoValue, s: Scope, final: GoValue | undefined): GoValue {
  const chain = (v: GoValue, names: string[]) => names.reduce(field, v)
  switch (op.k) {
    case 'dot':
      return dot
    case 'nil':
      return null
    case 'bool':
      return op.v
    case 'string':
      return op.v
    case 'number':
      return numberOperand(op.text)
    case 'field':
      return chain(dot, op.names)
    case 'var':
      return chain(lookupVar(s, op.name), op.names)
    case 'pipe':
      return chain(evalPipeline(op.pipe, dot, s), op.names)
    case 'func':
      void final
      throw new TemplateError(`function ${op.name} used as a value`)
  }
}

function evalCommand(cmd: Command, dot: GoValue, s: Scope, final: GoValue | undefined): GoValue {
  const [first, ...rest] = cmd.args
  if (first!.k === 'func') {
    const args = rest.map((a) => evalOperand(a, dot, s, undefined))
    if (final !== undefined) args.push(final)
    return callFunc(first!.name, args)
  }
  if (rest.length > 0 || final !== undefined) throw new TemplateError("can't give argument to non-function")
  return evalOperand(first!, dot, s, undefined)
}

function evalPipeline(p: Pipeline, dot: GoValue, s: Scope): GoValue {
  let value: GoValue | undefined
  for (const cmd of p.cmds) value = evalCommand(cmd, dot, s, value)
  const v = value!
  if (p.decl.length === 1) {
    if (p.isAssign) {
      for (let i = s.vars.length - 1; i >= 0; i--) {
        if (s.vars[i]!.has(p.decl[0]!)) {
          s.vars[i]!.set(p.decl[0]!, v)
          break
        }
      }
    } else s.vars[s.vars.length - 1]!.set(p.decl[0]!, v)
  }
  return v
}

function walk(nodes: Node[], dot: GoValue, s: Scope, out: string[]): void {
  for (const node of nodes) {
    switch (node.n) {
      case 'text':
        out.push(node.text)
        break
      case 'action': {
        const v = evalPipeline(node.pipe, dot, s)
        if (node.pipe.decl.length === 0) out.push(goPrint(v))
        break
      }
      case 'break':
        throw new Break()
      case 'continue':
        throw new Continue()
      case 'if':
      case 'with': {
        s.vars.push(new Map())
        const v = evalPipeline(node.pipe, dot, s)
        if (truth(v)) walk(node.list, node.n === 'with' ? v : dot, s, out)
        else walk(node.elseList, dot, s, out)
        s.vars.pop()
        break
      }
      case 'range': {
        s.vars.push(new Map())
        const p = node.pipe
        const rangeDecl = p.decl
        const v = evalPipeline({ ...p, decl: [] }, dot, s)
        let entries: [GoValue, GoValue][]
        if (Array.isArray(v)) entries = v.map((x, i) => [new GoInt(i), x])
        else if (v instanceof Map) entries = [...v.keys()].sort(cpCompare).map((k) => [k, v.get(k)!])
        else if (v instanceof GoInt)
          entries = Array.from({ length: Math.max(0, v.v) }, (_, i) => [new GoInt(i), new GoInt(i)])
        else if (v === null || v === MISSING) entries = []
        else throw new TemplateError(`range can't iterate over ${goPrint(v, false)}`)
        if (entries.length === 0) walk(node.elseList, dot, s, out)
        for (const [k, x] of entries) {
          const scope = s.vars[s.vars.length - 1]!
          if (rangeDecl.length === 1) scope.set(rangeDecl[0]!, x)
          else if (rangeDecl.length === 2) {
            scope.set(rangeDecl[0]!, k)
            scope.set(rangeDecl[1]!, x)
          }
          try {
            walk(node.list, x, s, out)
          } catch (e) {
            if (e instanceof Break) break
            if (e instanceof Continue) continue
            throw e
          }
        }
        s.vars.pop()
        break
      }
    }
  }
}

/** Parses and executes a template with `data` as dot; throws TemplateError with a Go-like message. */
export function executeTemplate(src: string, data: GoValue): string {
  const nodes = new Parser(lexAll(src)).parse()
  const out: string[] = []
  try {
    walk(nodes, data, { vars: [new Map([['$', data]])] }, out)
  } catch (e) {
    if (e instanceof TemplateError && !e.message.startsWith('template:')) {
      throw new TemplateError(`template: template: executing "template": ${e.message}`)
    }
    throw e
  }
  return out.join('')
}
