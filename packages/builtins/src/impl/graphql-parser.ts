/**
 * A GraphQL lexer and parser that behave like gqlparser (the Go library OPA
 * embeds): the same AST shape (field names of its Go structs, as OPA's JSON
 * conversion shows them) and the same error messages and locations.
 */

export interface GqlError {
  message: string
  line: number
  column: number
}

export class GqlSyntaxError extends Error {
  constructor(readonly err: GqlError) {
    super(err.message)
  }
}

// ---------------------------------------------------------------------------
// Lexer

type Kind =
  | '<Invalid>'
  | '<EOF>'
  | '!'
  | '$'
  | '&'
  | '('
  | ')'
  | '...'
  | ':'
  | '='
  | '@'
  | '['
  | ']'
  | '{'
  | '}'
  | '|'
  | 'Name'
  | 'Int'
  | 'Float'
  | 'String'
  | 'BlockString'

interface Token {
  kind: Kind
  value: string
  line: number
  column: number
}

/** Go's strconv.Quote, for the printable text GraphQL tokens hold. */
function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

function tokenString(t: Token): string {
  return t.value !== '' ? `${t.kind} ${goQuote(t.value)}` : t.kind
}

const PUNCT: Record<string, Kind> = {
  '!': '!',
  $: '$',
  '&': '&',
  '(': '(',
  ')': ')',
  ':': ':',
  '=': '=',
  '@': '@',
  '[': '[',
  ']': ']',
  '{': '{',
  '}': '}',
  '|': '|',
}

const isNameStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57)
const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57

/** The spec's BlockStringValue (common indentation and blank first/last lines removed). */
function blockStringValue(raw: string): string {
  const lines = raw.split('\n')
  let common: number | undefined
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    let indent = 0
    while (indent < line.length && (line[indent] === ' ' || line[indent] === '\t')) indent++
    if (indent < line.length && (common === undefined || indent < common)) common = indent
  }
  if (common !== undefined && common > 0) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(common)
  const blank = (l: string) => /^[ \t]*$/.test(l)
  while (lines.length > 0 && blank(lines[0]!)) lines.shift()
  while (lines.length > 0 && blank(lines[lines.length - 1]!)) lines.pop()
  return lines.join('\n')
}

class Lexer {
  private readonly cps: number[]
  private start = 0
  private end = 0
  private line = 1
  private lineStart = 0

  constructor(input: string) {
    this.cps = [...input].map((c) => c.codePointAt(0)!)
  }

  private text(from: number, to: number): string {
    return String.fromCodePoint(...this.cps.slice(from, to))
  }

  private make(kind: Kind, value: string): Token {
    return { kind, value, line: this.line, column: this.start - this.lineStart + 1 }
  }

  private error(message: string): [Token, GqlError] {
    const column = this.end - this.lineStart + 1
    return [
      { kind: '<Invalid>', value: '', line: this.line, column },
      { message, line: this.line, column },
    ]
  }

  read(): [Token, GqlError | undefined] {
    this.ws()
    this.start = this.end
    const cps = this.cps
    if (this.end >= cps.length) return [this.make('<EOF>', ''), undefined]
    const r = cps[this.start]!
    this.end++
    const ch = String.fromCodePoint(r)
    const p = PUNCT[ch]
    if (p) return [this.make(p, ''), undefined]
    if (ch === '.' && cps[this.start + 1] === 46 && cps[this.start + 2] === 46) {
      this.end += 2
      return [this.make('...', ''), undefined]
    }
    if (ch === '#') {
      while (this.end < cps.length && (cps[this.end]! > 0x1f || cps[this.end] === 9)) this.end++
      return this.read()
    }
    if (isNameStart(r)) {
      while (this.end < cps.length && isNameChar(cps[this.end]!)) this.end++
      return [this.make('Name', this.text(this.start, this.end)), undefined]
    }
    if (ch === '-' || isDigit(r)) return this.readNumber()
    if (ch === '"') {
      if (cps[this.start + 1] === 34 && cps[this.start + 2] === 34) return this.readBlockString()
      return this.readString()
    }
    this.end--
    if (r < 0x20 && r !== 9 && r !== 10 && r !== 13)
      return this.error(`Cannot contain the invalid character "\\u${String(r).padStart(4, '0')}"`)
    if (ch === "'") return this.error(`Unexpected single quote character ('), did you mean to use a double quote (")?`)
    return this.error(`Cannot parse the unexpected character "${ch}".`)
  }

  private ws(): void {
    const cps = this.cps
    while (this.end < cps.length) {
      const c = cps[this.end]!
      if (c === 9 || c === 32 || c === 44 || c === 0xfeff) this.end++
      else if (c === 10) {
        this.end++
        this.line++
        this.lineStart = this.end
      } else if (c === 13) {
        this.end++
        this.line++
        this.lineStart = this.end
        if (cps[this.end] === 10) this.end++
      } else return
    }
  }

  private accept(...chars: number[]): boolean {
    const c = this.cps[this.end]
    if (c !== undefined && chars.includes(c)) {
      this.end++
      return true
    }
    return false
  }

  private digits(): number {
    let n = 0
    while (isDigit(this.cps[this.end])) {
      this.end++
      n++
    }
    return n
  }

  private describeNext(): string {
    const c = this.cps[this.end]
    return c === undefined ? '<EOF>' : `"${String.fromCodePoint(c)}"`
  }

  private readNumber(): [Token, GqlError | undefined] {
    let float = false
    this.end--
    this.accept(45)
    if (this.accept(48)) {
      const n = this.digits()
      if (n !== 0) {
        this.end -= n
        return this.error(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`)
      }
    } else if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`)
    if (this.accept(46)) {
      float = true
      if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`)
    }
    if (this.accept(101, 69)) {
      float = true
      this.accept(45, 43)
      if (this.digits() === 0) return this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`)
    }
    return [this.make(float ? 'Float' : 'Int', this.text(this.start, this.end)), undefined]
  }

  private readString(): [Token, GqlError | undefined] {
    const cps = this.cps
    this.start++
    let buf: string | undefined
    while (this.end < cps.length) {
      const r = cps[this.end]!
      if (r === 10 || r === 13) break
      if (r < 0x20 && r !== 9) return this.error(`Invalid character within String: "\\u${String(r).padStart(4, '0')}".`)
      if (r === 34) {
        const t = this.make('String', buf ?? this.text(this.start, this.end))
        this.end++
        return [t, undefined]
      }
      if (r === 92) {
        if (this.end + 1 >= cps.length) {
          this.end++
          return this.error('Invalid character escape sequence.')
        }
        buf ??= this.text(this.start, this.end)
        const esc = cps[this.end + 1]!
        if (esc === 117) {
          if (this.end + 6 >= cps.length) {
            this.end++
            return this.error(`Invalid character escape sequence: \\${this.text(this.end, cps.length)}.`)
          }
          const h = this.text(this.end + 2, this.end + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(h)) {
            this.end++
            return this.error(`Invalid character escape sequence: \\${this.text(this.end, this.end + 5)}.`)
          }
          buf += String.fromCharCode(parseInt(h, 16))
          this.end += 6
        } else {
          const map: Record<number, string> = {
            34: '"',
            47: '/',
            92: '\\',
            98: '\b',
            102: '\f',
            110: '\n',
            114: '\r',
            116: '\t',
          }
          const out = map[esc]
          if (out === undefined) {
            this.end++
            return this.error(`Invalid character escape sequence: \\${String.fromCodePoint(esc)}.`)
          }
          buf += out
          this.end += 2
        }
        continue
      }
      if (buf !== undefined) buf += String.fromCodePoint(r)
      this.end++
    }
    return this.error('Unterminated string.')
  }

  private readBlockString(): [Token, GqlError | undefined] {
    const cps = this.cps
    this.start += 3
    this.end += 2
    let buf = ''
    while (this.end < cps.length) {
      const r = cps[this.end]!
      if (r === 34 && cps[this.end + 1] === 34 && cps[this.end + 2] === 34) {
        const t = this.make('BlockString', blockStringValue(buf))
        this.end += 3
        return [t, undefined]
      }
      if (r < 0x20 && r !== 9 && r !== 10 && r !== 13)
        return this.error(`Invalid character within String: "\\u${String(r).padStart(4, '0')}".`)
      if (r === 92 && cps[this.end + 1] === 34 && cps[this.end + 2] === 34 && cps[this.end + 3] === 34) {
        buf += '"""'
        this.end += 4
      } else if (r === 13) {
        if (cps[this.end + 1] === 10) this.end++
        buf += '\n'
        this.end++
        this.line++
        this.lineStart = this.end
      } else {
        buf += String.fromCodePoint(r)
        this.end++
        if (r === 10) {
          this.line++
          this.lineStart = this.end
        }
      }
    }
    return this.error('Unterminated string.')
  }
}

// ---------------------------------------------------------------------------
// AST (plain objects in the shape of gqlparser's structs; Position left out)

export type Node = Record<string, unknown>

const ValueKind = {
  Variable: 0,
  IntValue: 1,
  FloatValue: 2,
  StringValue: 3,
  BlockValue: 4,
  BooleanValue: 5,
  NullValue: 6,
  EnumValue: 7,
  ListValue: 8,
  ObjectValue: 9,
} as const

/** Position of a node, kept outside its enumerable fields. */
const positions = new WeakMap<object, { line: number; column: number }>()
export const positionOf = (n: object): { line: number; column: number } | undefined => positions.get(n)
export const setPosition = (n: object, p: { line: number; column: number }): void => {
  positions.set(n, p)
}

const DIRECTIVE_LOCATIONS = new Set([
  'QUERY',
  'MUTATION',
  'SUBSCRIPTION',
  'FIELD',
  'FRAGMENT_DEFINITION',
  'FRAGMENT_SPREAD',
  'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION',
  'SCHEMA',
  'SCALAR',
  'OBJECT',
  'FIELD_DEFINITION',
  'ARGUMENT_DEFINITION',
  'INTERFACE',
  'UNION',
  'ENUM',
  'ENUM_VALUE',
  'INPUT_OBJECT',
  'INPUT_FIELD_DEFINITION',
])

class Parser {
  private readonly lexer: Lexer
  err: GqlError | undefined
  private peeked = false
  private peekToken!: Token
  private peekError: GqlError | undefined
  prev: Token = { kind: '<EOF>', value: '', line: 1, column: 1 }

  constructor(input: string) {
    this.lexer = new Lexer(input)
  }

  peek(): Token {
    if (this.err) return this.prev
    if (!this.peeked) {
      ;[this.peekToken, this.peekError] = this.lexer.read()
      this.peeked = true
    }
    return this.peekToken
  }

  private at<T extends object>(node: T, tok: Token): T {
    positions.set(node, { line: tok.line, column: tok.column })
    return node
  }

  error(tok: Token, message: string): void {
    if (this.err) return
    this.err = { message, line: tok.line, column: tok.column }
  }

  next(): Token {
    if (this.err) return this.prev
    if (this.peeked) {
      this.peeked = false
      this.prev = this.peekToken
      this.err = this.peekError
    } else {
      ;[this.prev, this.err] = this.lexer.read()
    }
    return this.prev
  }

  expectKeyword(value: string): Token {
    const tok = this.peek()
    if (tok.kind === 'Name' && tok.value === value) return this.next()
    this.error(tok, `Expected ${goQuote(value)}, found ${tokenString(tok)}`)
    return tok
  }

  expect(kind: Kind): Token {
    const tok = this.peek()
    if (tok.kind === kind) return this.next()
    this.error(tok, `Expected ${kind}, found ${tok.kind}`)
    return tok
  }

  skip(kind: Kind): boolean {
    if (this.err) return false
    if (this.peek().kind !== kind) return false
    this.next()
    return true
  }

  unexpected(tok: Token = this.peek()): void {
    this.error(tok, `Unexpected ${tokenString(tok)}`)
  }

  many(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return
    while (this.peek().kind !== end && !this.err) cb()
    this.next()
  }

  some(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return
    let called = false
    while (this.peek().kind !== end && !this.err) {
      called = true
      cb()
    }
    if (!called) {
      this.error(this.peek(), `expected at least one definition, found ${this.peek().kind}`)
      return
    }
    this.next()
  }

  // --- query documents

  queryDocument(): Node {
    const ops: Node[] = []
    const frags: Node[] = []
    while (this.peek().kind !== '<EOF>') {
      if (this.err) break
      const t = this.peek()
      if (t.kind === 'Name') {
        if (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription')
          ops.push(this.operationDefinition())
        else if (t.value === 'fragment') frags.push(this.fragmentDefinition())
        else this.unexpected()
      } else if (t.kind === '{') ops.push(this.operationDefinition())
      else this.unexpected()
    }
    return { Operations: ops, Fragments: frags }
  }

  operationDefinition(): Node {
    const tok = this.peek()
    if (tok.kind === '{') {
      return this.at(
        {
          Operation: 'query',
          Name: '',
          VariableDefinitions: [],
          Directives: [],
          SelectionSet: this.requiredSelectionSet(),
        },
        tok,
      )
    }
    const od: Node = this.at({ Operation: this.operationType(), Name: '' }, tok)
    if (this.peek().kind === 'Name') od['Name'] = this.next().value
    od['VariableDefinitions'] = this.variableDefinitions()
    od['Directives'] = this.directives(false)
    od['SelectionSet'] = this.requiredSelectionSet()
    return od
  }

  operationType(): string {
    const tok = this.next()
    if (tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription') return tok.value
    this.unexpected(tok)
    return ''
  }

  variableDefinitions(): Node[] {
    const defs: Node[] = []
    this.many('(', ')', () => defs.push(this.variableDefinition()))
    return defs
  }

  variableDefinition(): Node {
    const tok = this.peek()
    const def: Node = this.at({ Variable: this.variable(), Used: false }, tok)
    this.expect(':')
    def['Type'] = this.typeReference()
    if (this.skip('=')) def['DefaultValue'] = this.valueLiteral(true)
    def['Directives'] = this.directives(false)
    return def
  }

  variable(): string {
    this.expect('$')
    return this.name()
  }

  optionalSelectionSet(): Node[] {
    const sel: Node[] = []
    this.some('{', '}', () => sel.push(this.selection()))
    return sel
  }

  requiredSelectionSet(): Node[] {
    if (this.peek().kind !== '{') {
      this.error(this.peek(), `Expected {, found ${this.peek().kind}`)
      return []
    }
    const sel: Node[] = []
    this.some('{', '}', () => sel.push(this.selection()))
    return sel
  }

  selection(): Node {
    return this.peek().kind === '...' ? this.fragment() : this.field()
  }

  field(): Node {
    const tok = this.peek()
    const f: Node = this.at({ Alias: this.name(), Name: '' }, tok)
    f['Name'] = this.skip(':') ? this.name() : f['Alias']
    f['Arguments'] = this.arguments(false)
    f['Directives'] = this.directives(false)
    if (this.peek().kind === '{') f['SelectionSet'] = this.optionalSelectionSet()
    return f
  }

  arguments(isConst: boolean): Node[] {
    const args: Node[] = []
    this.many('(', ')', () => args.push(this.argument(isConst)))
    return args
  }

  argument(isConst: boolean): Node {
    const tok = this.peek()
    const a: Node = this.at({ Name: this.name() }, tok)
    this.expect(':')
    a['Value'] = this.valueLiteral(isConst)
    return a
  }

  fragment(): Node {
    this.expect('...')
    const peek = this.peek()
    if (peek.kind === 'Name' && peek.value !== 'on') {
      return this.at({ Name: this.fragmentName(), Directives: this.directives(false) }, peek)
    }
    const def: Node = this.at({ TypeCondition: '' }, this.peek())
    if (this.peek().value === 'on') {
      this.next()
      def['TypeCondition'] = this.name()
    }
    def['Directives'] = this.directives(false)
    def['SelectionSet'] = this.requiredSelectionSet()
    return def
  }

  fragmentDefinition(): Node {
    const tok = this.peek()
    this.expectKeyword('fragment')
    const def: Node = this.at({ Name: this.fragmentName() }, tok)
    def['VariableDefinition'] = this.variableDefinitions()
    this.expectKeyword('on')
    def['TypeCondition'] = this.name()
    def['Directives'] = this.directives(false)
    def['SelectionSet'] = this.requiredSelectionSet()
    return def
  }

  fragmentName(): string {
    if (this.peek().value === 'on') {
      this.unexpected()
      return ''
    }
    return this.name()
  }

  valueLiteral(isConst: boolean): Node | undefined {
    const tok = this.peek()
    let kind: number
    switch (tok.kind) {
      case '[':
        return this.list(isConst)
      case '{':
        return this.object(isConst)
      case '$':
        if (isConst) {
          this.unexpected()
          return undefined
        }
        return this.at({ Raw: this.variable(), Kind: ValueKind.Variable, ExpectedTypeHasDefault: false }, tok)
      case 'Int':
        kind = ValueKind.IntValue
        break
      case 'Float':
        kind = ValueKind.FloatValue
        break
      case 'String':
        kind = ValueKind.StringValue
        break
      case 'BlockString':
        kind = ValueKind.BlockValue
        break
      case 'Name':
        kind =
          tok.value === 'true' || tok.value === 'false'
            ? ValueKind.BooleanValue
            : tok.value === 'null'
              ? ValueKind.NullValue
              : ValueKind.EnumValue
        break
      default:
        this.unexpected()
        return undefined
    }
    this.next()
    return this.at({ Raw: tok.value, Kind: kind, ExpectedTypeHasDefault: false }, tok)
  }

  list(isConst: boolean): Node {
    const tok = this.peek()
    const values: Node[] = []
    this.many('[', ']', () => values.push({ Name: '', Value: this.valueLiteral(isConst) }))
    return this.at({ Raw: '', Children: values, Kind: ValueKind.ListValue, ExpectedTypeHasDefault: false }, tok)
  }

  object(isConst: boolean): Node {
    const tok = this.peek()
    const fields: Node[] = []
    this.many('{', '}', () => {
      const ftok = this.peek()
      const f: Node = this.at({ Name: this.name() }, ftok)
      this.expect(':')
      f['Value'] = this.valueLiteral(isConst)
      fields.push(f)
    })
    return this.at({ Raw: '', Children: fields, Kind: ValueKind.ObjectValue, ExpectedTypeHasDefault: false }, tok)
  }

  directives(isConst: boolean): Node[] {
    const dirs: Node[] = []
    while (this.peek().kind === '@') {
      if (this.err) break
      this.expect('@')
      const tok = this.peek()
      dirs.push(this.at({ Name: this.name(), Arguments: this.arguments(isConst), Location: '' }, tok))
    }
    return dirs
  }

  typeReference(): Node {
    const t: Node = { NamedType: '', NonNull: false }
    if (this.skip('[')) {
      this.at(t, this.peek())
      t['Elem'] = this.typeReference()
      this.expect(']')
    } else {
      this.at(t, this.peek())
      t['NamedType'] = this.name()
    }
    if (this.skip('!')) t['NonNull'] = true
    return t
  }

  name(): string {
    return this.expect('Name').value
  }

  // --- schema documents

  schemaDocument(): Node | undefined {
    const doc = {
      Schema: [] as Node[],
      SchemaExtension: [] as Node[],
      Directives: [] as Node[],
      Definitions: [] as Node[],
      Extensions: [] as Node[],
    }
    while (this.peek().kind !== '<EOF>') {
      if (this.err) return undefined
      let description = ''
      if (this.peek().kind === 'BlockString' || this.peek().kind === 'String') description = this.description()
      if (this.peek().kind !== 'Name') {
        this.unexpected()
        break
      }
      switch (this.peek().value) {
        case 'scalar':
        case 'type':
        case 'interface':
        case 'union':
        case 'enum':
        case 'input':
          doc.Definitions.push(this.typeSystemDefinition(description))
          break
        case 'schema':
          doc.Schema.push(this.schemaDefinition(description))
          break
        case 'directive':
          doc.Directives.push(this.directiveDefinition(description))
          break
        case 'extend':
          if (description !== '') this.unexpected(this.prev)
          this.typeSystemExtension(doc)
          break
        default:
          this.unexpected()
          return undefined
      }
    }
    return doc
  }

  description(): string {
    const t = this.peek()
    if (t.kind !== 'BlockString' && t.kind !== 'String') return ''
    return this.next().value
  }

  typeSystemDefinition(description: string): Node {
    switch (this.peek().value) {
      case 'scalar':
        this.expectKeyword('scalar')
        return this.definition('SCALAR', description, () => ({ Directives: this.directives(true) }))
      case 'type':
        this.expectKeyword('type')
        return this.definition('OBJECT', description, () => ({
          Interfaces: this.implementsInterfaces(),
          Directives: this.directives(true),
          Fields: this.fieldsDefinition(),
        }))
      case 'interface':
        this.expectKeyword('interface')
        return this.definition('INTERFACE', description, () => ({
          Interfaces: this.implementsInterfaces(),
          Directives: this.directives(true),
          Fields: this.fieldsDefinition(),
        }))
      case 'union':
        this.expectKeyword('union')
        return this.definition('UNION', description, () => ({
          Directives: this.directives(true),
          Types: this.unionMemberTypes(),
        }))
      case 'enum':
        this.expectKeyword('enum')
        return this.definition('ENUM', description, () => ({
          Directives: this.directives(true),
          EnumValues: this.enumValues(),
        }))
      default:
        this.expectKeyword('input')
        return this.definition('INPUT_OBJECT', description, () => ({
          Directives: this.directives(true),
          Fields: this.inputFields(),
        }))
    }
  }

  private definition(kind: string, description: string, rest: () => Node): Node {
    const tok = this.peek()
    const def: Node = this.at({ Kind: kind, Description: description, Name: this.name(), BuiltIn: false }, tok)
    return Object.assign(def, rest())
  }

  schemaDefinition(description: string): Node {
    this.expectKeyword('schema')
    const def: Node = this.at({ Description: description }, this.peek())
    def['Directives'] = this.directives(true)
    const ops: Node[] = []
    this.some('{', '}', () => ops.push(this.operationTypeDefinition()))
    def['OperationTypes'] = ops
    return def
  }

  operationTypeDefinition(): Node {
    const tok = this.peek()
    const op: Node = this.at({ Operation: this.operationType() }, tok)
    this.expect(':')
    op['Type'] = this.name()
    return op
  }

  implementsInterfaces(): string[] {
    const types: string[] = []
    if (this.peek().value === 'implements') {
      this.next()
      this.skip('&')
      types.push(this.name())
      while (this.skip('&') && !this.err) types.push(this.name())
    }
    return types
  }

  fieldsDefinition(): Node[] {
    const defs: Node[] = []
    this.some('{', '}', () => defs.push(this.fieldDefinition()))
    return defs
  }

  fieldDefinition(): Node {
    const tok = this.peek()
    const def: Node = this.at({ Description: this.description(), Name: '' }, tok)
    def['Name'] = this.name()
    def['Arguments'] = this.argumentDefs()
    this.expect(':')
    def['Type'] = this.typeReference()
    def['Directives'] = this.directives(true)
    return def
  }

  argumentDefs(): Node[] {
    const args: Node[] = []
    this.some('(', ')', () => args.push(this.inputValueDef()))
    return args
  }

  inputValueDef(): Node {
    const tok = this.peek()
    const def: Node = this.at({ Description: this.description(), Name: '' }, tok)
    def['Name'] = this.name()
    this.expect(':')
    def['Type'] = this.typeReference()
    if (this.skip('=')) def['DefaultValue'] = this.valueLiteral(true)
    def['Directives'] = this.directives(true)
    return def
  }

  unionMemberTypes(): string[] {
    const types: string[] = []
    if (this.skip('=')) {
      this.skip('|')
      types.push(this.name())
      while (this.skip('|') && !this.err) types.push(this.name())
    }
    return types
  }

  enumValues(): Node[] {
    const values: Node[] = []
    this.some('{', '}', () => {
      const tok = this.peek()
      const v: Node = this.at({ Description: this.description(), Name: '' }, tok)
      v['Name'] = this.name()
      v['Directives'] = this.directives(true)
      values.push(v)
    })
    return values
  }

  inputFields(): Node[] {
    const values: Node[] = []
    this.some('{', '}', () => values.push(this.inputValueDef()))
    return values
  }

  typeSystemExtension(doc: { SchemaExtension: Node[]; Extensions: Node[] }): void {
    this.expectKeyword('extend')
    const len = (v: unknown) => (v as unknown[]).length
    switch (this.peek().value) {
      case 'schema': {
        this.expectKeyword('schema')
        const def: Node = this.at({ Description: '' }, this.peek())
        def['Directives'] = this.directives(true)
        const ops: Node[] = []
        this.some('{', '}', () => ops.push(this.operationTypeDefinition()))
        def['OperationTypes'] = ops
        if (len(def['Directives']) === 0 && ops.length === 0) this.unexpected()
        doc.SchemaExtension.push(def)
        return
      }
      case 'scalar': {
        this.expectKeyword('scalar')
        const def = this.definition('SCALAR', '', () => ({ Directives: this.directives(true) }))
        if (len(def['Directives']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      case 'type': {
        this.expectKeyword('type')
        const def = this.definition('OBJECT', '', () => ({
          Interfaces: this.implementsInterfaces(),
          Directives: this.directives(true),
          Fields: this.fieldsDefinition(),
        }))
        if (len(def['Interfaces']) === 0 && len(def['Directives']) === 0 && len(def['Fields']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      case 'interface': {
        this.expectKeyword('interface')
        const def = this.definition('INTERFACE', '', () => ({
          Directives: this.directives(true),
          Fields: this.fieldsDefinition(),
        }))
        if (len(def['Directives']) === 0 && len(def['Fields']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      case 'union': {
        this.expectKeyword('union')
        const def = this.definition('UNION', '', () => ({
          Directives: this.directives(true),
          Types: this.unionMemberTypes(),
        }))
        if (len(def['Directives']) === 0 && len(def['Types']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      case 'enum': {
        this.expectKeyword('enum')
        const def = this.definition('ENUM', '', () => ({
          Directives: this.directives(true),
          EnumValues: this.enumValues(),
        }))
        if (len(def['Directives']) === 0 && len(def['EnumValues']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      case 'input': {
        this.expectKeyword('input')
        const def = this.definition('INPUT_OBJECT', '', () => ({
          Directives: this.directives(false),
          Fields: this.inputFields(),
        }))
        if (len(def['Directives']) === 0 && len(def['Fields']) === 0) this.unexpected()
        doc.Extensions.push(def)
        return
      }
      default:
        this.unexpected()
    }
  }

  directiveDefinition(description: string): Node {
    this.expectKeyword('directive')
    this.expect('@')
    const tok = this.peek()
    const def: Node = this.at({ Description: description, Name: this.name(), IsRepeatable: false }, tok)
    def['Arguments'] = this.argumentDefs()
    const peek = this.peek()
    if (peek.kind === 'Name' && peek.value === 'repeatable') {
      def['IsRepeatable'] = true
      this.skip('Name')
    }
    this.expectKeyword('on')
    this.skip('|')
    const locations = [this.directiveLocation()]
    while (this.skip('|') && !this.err) locations.push(this.directiveLocation())
    def['Locations'] = locations
    return def
  }

  directiveLocation(): string {
    const name = this.expect('Name')
    if (DIRECTIVE_LOCATIONS.has(name.value)) return name.value
    this.unexpected(name)
    return ''
  }
}

export function parseQueryDocument(input: string): Node {
  const p = new Parser(input)
  const doc = p.queryDocument()
  if (p.err) throw new GqlSyntaxError(p.err)
  return doc
}

export function parseSchemaDocument(input: string, builtIn = false): Node {
  const p = new Parser(input)
  const doc = p.schemaDocument()
  if (p.err || !doc) throw new GqlSyntaxError(p.err ?? { message: 'unexpected error', line: 0, column: 0 })
  if (builtIn)
    for (const d of [...(doc['Definitions'] as Node[]), ...(doc['Extensions'] as Node[])]) d['BuiltIn'] = true
  return doc
}
