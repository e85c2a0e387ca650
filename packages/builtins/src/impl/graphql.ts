/**
 * graphql.*: parsing with gqlparser's behaviour (./graphql-parser.ts), schema
 * validation as gqlparser's ValidateSchemaDocument does it, and query
 * validation with graphql-js's standard rules against the validated schema.
 * Results are gqlparser's AST as OPA returns it: no positions, no null or
 * empty members.
 */
import { buildASTSchema, type GraphQLSchema, parse as gqlParse, validate as gqlValidate } from 'graphql'
import { RegoObject, toJson, type Value } from '../value/index.js'
import {
  GqlSyntaxError,
  type Node,
  parseQueryDocument,
  parseSchemaDocument,
  positionOf,
  setPosition,
} from './graphql-parser.js'
import { BuiltinError, builtinError, type BuiltinImpl, typeError } from './types.js'

const PRELUDE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @oneOf on INPUT_OBJECT
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean = false): [__InputValue!]
  ofType: __Type
  specifiedByURL: String
  isOneOf: Boolean
}
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive {
  name: String!
  description: String
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  isRepeatable: Boolean!
}
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION
  SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}
`
const BUILTIN_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf'])

let preludeDoc: Node | undefined
const prelude = (): Node => (preludeDoc ??= parseSchemaDocument(PRELUDE, true))

// ---------------------------------------------------------------------------
// Errors

class GqlValidationError extends Error {}

function posError(node: object | undefined, message: string): GqlValidationError {
  const p = node ? positionOf(node) : undefined
  const e = new GqlValidationError(message)
  ;(e as GqlValidationError & { line?: number; column?: number }).line = p?.line ?? 0
  ;(e as GqlValidationError & { line?: number; column?: number }).column = p?.column ?? 0
  return e
}

function syntaxMessage(e: GqlSyntaxError): string {
  return `${e.err.message} in GraphQL string at location ${e.err.line}:${e.err.column}`
}

// ---------------------------------------------------------------------------
// AST helpers

const arr = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : [])
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const bool = (v: unknown): boolean => v === true

function typeName(t: Node | undefined): string {
  if (!t) return ''
  return str(t['NamedType']) !== '' ? str(t['NamedType']) : typeName(t['Elem'] as Node | undefined)
}

function typeString(t: Node | undefined): string {
  if (!t) return ''
  const nn = bool(t['NonNull']) ? '!' : ''
  return str(t['NamedType']) !== '' ? str(t['NamedType']) + nn : `[${typeString(t['Elem'] as Node)}]${nn}`
}

function typeCompatible(t: Node | undefined, other: Node | undefined): boolean {
  if (!t || !other) return t === other
  if (str(t['NamedType']) !== str(other['NamedType'])) return false
  if (t['Elem'] && !other['Elem']) return false
  if (t['Elem'] && !typeCompatible(t['Elem'] as Node, other['Elem'] as Node)) return false
  if (bool(other['NonNull'])) return bool(t['NonNull'])
  return true
}

// --- objects given as AST: normalise to the struct shapes (json.Unmarshal into gqlparser's types)

function normType(o: unknown): Node | undefined {
  if (typeof o !== 'object' || o === null) return undefined
  const r = o as Node
  const t: Node = { NamedType: str(r['NamedType']), NonNull: bool(r['NonNull']) }
  if (r['Elem']) t['Elem'] = normType(r['Elem'])
  return t
}

function normValue(o: unknown): Node | undefined {
  if (typeof o !== 'object' || o === null) return undefined
  const r = o as Node
  return {
    Raw: str(r['Raw']),
    Children: arr(r['Children']).map((c) => ({ Name: str(c['Name']), Value: normValue(c['Value']) })),
    Kind: typeof r['Kind'] === 'number' ? r['Kind'] : 0,
    ExpectedTypeHasDefault: bool(r['ExpectedTypeHasDefault']),
  }
}

const normArgs = (v: unknown): Node[] => arr(v).map((a) => ({ Name: str(a['Name']), Value: normValue(a['Value']) }))
const normDirectives = (v: unknown): Node[] =>
  arr(v).map((d) => ({ Name: str(d['Name']), Arguments: normArgs(d['Arguments']), Location: str(d['Location']) }))

function normSelection(s: Node): Node {
  if ('Alias' in s || 'Arguments' in s || ('Name' in s && 'SelectionSet' in s && !('TypeCondition' in s))) {
    const f: Node = {
      Alias: str(s['Alias']) || str(s['Name']),
      Name: str(s['Name']),
      Arguments: normArgs(s['Arguments']),
      Directives: normDirectives(s['Directives']),
      SelectionSet: arr(s['SelectionSet']).map(normSelection),
    }
    if (!('Alias' in s)) f['Alias'] = ''
    return f
  }
  if ('TypeCondition' in s || 'SelectionSet' in s) {
    return {
      TypeCondition: str(s['TypeCondition']),
      Directives: normDirectives(s['Directives']),
      SelectionSet: arr(s['SelectionSet']).map(normSelection),
    }
  }
  return { Name: str(s['Name']), Directives: normDirectives(s['Directives']) }
}

const normVarDefs = (v: unknown): Node[] =>
  arr(v).map((d) => ({
    Variable: str(d['Variable']),
    Type: normType(d['Type']),
    DefaultValue: normValue(d['DefaultValue']),
    Directives: normDirectives(d['Directives']),
    Used: bool(d['Used']),
  }))

function normQueryDocument(o: Node): Node {
  return {
    Operations: arr(o['Operations']).map((op) => ({
      Operation: str(op['Operation']),
      Name: str(op['Name']),
      VariableDefinitions: normVarDefs(op['VariableDefinitions']),
      Directives: normDirectives(op['Directives']),
      SelectionSet: arr(op['SelectionSet']).map(normSelection),
    })),
    Fragments: arr(o['Fragments']).map((f) => ({
      Name: str(f['Name']),
      VariableDefinition: normVarDefs(f['VariableDefinition']),
      TypeCondition: str(f['TypeCondition']),
      Directives: normDirectives(f['Directives']),
      SelectionSet: arr(f['SelectionSet']).map(normSelection),
    })),
  }
}

const normInputValues = (v: unknown): Node[] =>
  arr(v).map((a) => ({
    Description: str(a['Description']),
    Name: str(a['Name']),
    DefaultValue: normValue(a['DefaultValue']),
    Type: normType(a['Type']),
    Directives: normDirectives(a['Directives']),
  }))

const normFields = (v: unknown): Node[] =>
  arr(v).map((f) => ({
    Description: str(f['Description']),
    Name: str(f['Name']),
    Arguments: normInputValues(f['Arguments']),
    DefaultValue: normValue(f['DefaultValue']),
    Type: normType(f['Type']),
    Directives: normDirectives(f['Directives']),
  }))

const normDefinitions = (v: unknown): Node[] =>
  arr(v).map((d) => ({
    Kind: str(d['Kind']),
    Description: str(d['Description']),
    Name: str(d['Name']),
    Directives: normDirectives(d['Directives']),
    Interfaces: strs(d['Interfaces']),
    Fields: normFields(d['Fields']),
    Types: strs(d['Types']),
    EnumValues: arr(d['EnumValues']).map((e) => ({
      Description: str(e['Description']),
      Name: str(e['Name']),
      Directives: normDirectives(e['Directives']),
    })),
    BuiltIn: bool(d['BuiltIn']),
  }))

const normSchemaDefs = (v: unknown): Node[] =>
  arr(v).map((s) => ({
    Description: str(s['Description']),
    Directives: normDirectives(s['Directives']),
    OperationTypes: arr(s['OperationTypes']).map((o) => ({ Operation: str(o['Operation']), Type: str(o['Type']) })),
  }))

function normSchemaDocument(o: Node): Node {
  return {
    Schema: normSchemaDefs(o['Schema']),
    SchemaExtension: normSchemaDefs(o['SchemaExtension']),
    Directives: arr(o['Directives']).map((d) => ({
      Description: str(d['Description']),
      Name: str(d['Name']),
      Arguments: normInputValues(d['Arguments']),
      Locations: strs(d['Locations']),
      IsRepeatable: bool(d['IsRepeatable']),
    })),
    Definitions: normDefinitions(o['Definitions']),
    Extensions: normDefinitions(o['Extensions']),
  }
}

// ---------------------------------------------------------------------------
// Schema validation (gqlparser's ValidateSchemaDocument)

interface Schema {
  types: Map<string, Node>
  directives: Map<string, Node>
  possibleTypes: Map<string, Node[]>
  query?: Node
  mutation?: Node
  subscription?: Node
}

function validateName(node: object, name: string): void {
  if (name.startsWith('__'))
    throw posError(node, `Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`)
}

function isInputType(def: Node | undefined): boolean {
  const k = def ? str(def['Kind']) : ''
  return k === 'SCALAR' || k === 'ENUM' || k === 'INPUT_OBJECT'
}

function validateTypeRef(s: Schema, t: Node | undefined): void {
  if (!s.types.has(typeName(t))) throw posError(t, `Undefined type ${typeName(t)}.`)
}

function validateDirectives(s: Schema, dirs: Node[], location: string, current?: Node): void {
  for (const d of dirs) {
    const name = str(d['Name'])
    validateName(d, name)
    if (current && name === str(current['Name'])) throw posError(d, `Directive ${name} cannot refer to itself.`)
    const def = s.directives.get(name)
    if (!def) throw posError(d, `Undefined directive ${name}.`)
    if (!strs(def['Locations']).includes(location))
      throw posError(d, `Directive ${name} is not applicable on ${location}.`)
  }
}

function validateArgs(s: Schema, args: Node[], current?: Node): void {
  for (const a of args) {
    validateName(a, str(a['Name']))
    validateTypeRef(s, a['Type'] as Node)
    const def = s.types.get(typeName(a['Type'] as Node))
    if (!isInputType(def)) {
      throw posError(
        a,
        `cannot use ${typeString(a['Type'] as Node)} as argument ${str(a['Name'])} because ${str(def?.['Kind'])} is not a valid input type`,
      )
    }
    validateDirectives(s, arr(a['Directives']), 'ARGUMENT_DEFINITION', current)
  }
}

function isCovariant(s: Schema, required: Node | undefined, actual: Node | undefined): boolean {
  if (!required || !actual) return false
  if (bool(required['NonNull']) && !bool(actual['NonNull'])) return false
  const rn = str(required['NamedType'])
  if (rn !== '') {
    if (rn === str(actual['NamedType'])) return true
    return (s.possibleTypes.get(rn) ?? []).some((pt) => str(pt['Name']) === str(actual['NamedType']))
  }
  if (required['Elem'] && !actual['Elem']) return false
  return isCovariant(s, required['Elem'] as Node, actual['Elem'] as Node)
}

function validateImplements(s: Schema, def: Node, intfName: string): void {
  const intf = s.types.get(intfName)
  const defName = str(def['Name'])
  if (!intf) throw posError(def, `Undefined type "${intfName}".`)
  if (str(intf['Kind']) !== 'INTERFACE')
    throw posError(def, `"${intfName}" is a non interface type ${str(intf['Kind'])}.`)
  const fields = arr(def['Fields'])
  for (const req of arr(intf['Fields'])) {
    const found = fields.find((f) => str(f['Name']) === str(req['Name']))
    if (!found)
      throw posError(def, `For ${defName} to implement ${intfName} it must have a field called ${str(req['Name'])}.`)
    if (!isCovariant(s, req['Type'] as Node, found['Type'] as Node)) {
      throw posError(
        found,
        `For ${defName} to implement ${intfName} the field ${str(req['Name'])} must have type ${typeString(req['Type'] as Node)}.`,
      )
    }
    for (const reqArg of arr(req['Arguments'])) {
      const foundArg = arr(found['Arguments']).find((a) => str(a['Name']) === str(reqArg['Name']))
      if (!foundArg) {
        throw posError(
          found,
          `For ${defName} to implement ${intfName} the field ${str(req['Name'])} must have the same arguments but it is missing ${str(reqArg['Name'])}.`,
        )
      }
      if (!typeCompatible(reqArg['Type'] as Node, foundArg['Type'] as Node)) {
        throw posError(
          foundArg,
          `For ${defName} to implement ${intfName} the field ${str(req['Name'])} must have the same arguments but ${str(reqArg['Name'])} has the wrong type.`,
        )
      }
    }
    for (const fa of arr(found['Arguments'])) {
      const inReq = arr(req['Arguments']).some((a) => str(a['Name']) === str(fa['Name']))
      if (!inReq && bool((fa['Type'] as Node)?.['NonNull']) && !fa['DefaultValue']) {
        throw posError(
          fa,
          `For ${defName} to implement ${intfName} any additional arguments on ${str(found['Name'])} must be optional or have a default value but ${str(fa['Name'])} is required.`,
        )
      }
    }
  }
  for (const transitive of strs(intf['Interfaces'])) {
    if (!strs(def['Interfaces']).includes(transitive)) {
      if (transitive === defName)
        throw posError(
          def,
          `Type ${defName} cannot implement ${intfName} because it would create a circular reference.`,
        )
      throw posError(def, `Type ${defName} must implement ${transitive} because it is implemented by ${intfName}.`)
    }
  }
}

function validateDefinition(s: Schema, def: Node): void {
  const kind = str(def['Kind'])
  const name = str(def['Name'])
  const fields = arr(def['Fields'])
  for (const f of fields) {
    validateName(f, str(f['Name']))
    validateTypeRef(s, f['Type'] as Node)
    validateArgs(s, arr(f['Arguments']))
    validateDirectives(s, arr(f['Directives']), kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION')
  }
  for (const t of strs(def['Types'])) {
    const td = s.types.get(t)
    if (!td) throw posError(def, `Undefined type "${t}".`)
    if (str(td['Kind']) !== 'OBJECT') throw posError(def, `${kind} type "${t}" must be OBJECT.`)
  }
  for (const intf of strs(def['Interfaces'])) validateImplements(s, def, intf)
  switch (kind) {
    case 'OBJECT':
    case 'INTERFACE':
      if (fields.length === 0) throw posError(def, `${kind} ${name}: must define one or more fields.`)
      for (const f of fields) {
        const t = s.types.get(typeName(f['Type'] as Node))
        if (t && !['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'].includes(str(t['Kind']))) {
          throw posError(f, `${kind} ${name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`)
        }
      }
      break
    case 'ENUM': {
      const values = arr(def['EnumValues'])
      if (values.length === 0) throw posError(def, `${kind} ${name}: must define one or more unique enum values.`)
      for (const v of values) {
        if (['true', 'false', 'null'].includes(str(v['Name'])))
          throw posError(def, `${kind} ${name}: non-enum value ${str(v['Name'])}.`)
      }
      break
    }
    case 'INPUT_OBJECT':
      if (fields.length === 0) throw posError(def, `${kind} ${name}: must define one or more input fields.`)
      for (const f of fields) {
        const t = s.types.get(typeName(f['Type'] as Node))
        if (t && !['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(str(t['Kind']))) {
          throw posError(f, `${str(t['Kind'])} ${str(f['Name'])}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`)
        }
      }
      break
  }
  for (let i = 0; i < fields.length; i++) {
    for (const f2 of fields.slice(i + 1)) {
      if (str(fields[i]!['Name']) === str(f2['Name']))
        throw posError(f2, `Field ${name}.${str(f2['Name'])} can only be defined once.`)
    }
  }
  if (!bool(def['BuiltIn'])) validateName(def, name)
  validateDirectives(s, arr(def['Directives']), kind)
}

/** ValidateSchemaDocument on the prelude merged with the document. */
function validateSchema(userDoc: Node): Schema {
  const pre = prelude()
  const doc = {
    Schema: [...arr(pre['Schema']), ...arr(userDoc['Schema'])],
    SchemaExtension: [...arr(pre['SchemaExtension']), ...arr(userDoc['SchemaExtension'])],
    Directives: [...arr(pre['Directives']), ...arr(userDoc['Directives'])],
    Definitions: [...arr(pre['Definitions']), ...arr(userDoc['Definitions'])],
    Extensions: arr(userDoc['Extensions']),
  }
  const s: Schema = { types: new Map(), directives: new Map(), possibleTypes: new Map() }
  for (const def of doc.Definitions) {
    const name = str(def['Name'])
    if (s.types.has(name)) throw posError(def, `Cannot redeclare type ${name}.`)
    s.types.set(name, def)
  }
  const defs = [...doc.Definitions]
  for (const ext of doc.Extensions) {
    let def = s.types.get(str(ext['Name']))
    if (!def) {
      def = { Kind: str(ext['Kind']), Name: str(ext['Name']), BuiltIn: false }
      posCopy(def, ext)
      s.types.set(str(ext['Name']), def)
      defs.push(def)
    }
    if (str(def['Kind']) !== str(ext['Kind'])) {
      throw posError(
        ext,
        `Cannot extend type ${str(ext['Name'])} because the base type is a ${str(def['Kind'])}, not ${str(ext['Kind'])}.`,
      )
    }
    for (const k of ['Directives', 'Interfaces', 'Fields', 'Types', 'EnumValues'])
      def[k] = [...arr(def[k]), ...arr(ext[k])]
  }
  const addPossible = (name: string, def: Node | undefined) => {
    if (!def) return
    const list = s.possibleTypes.get(name) ?? []
    if (!list.includes(def)) list.push(def)
    s.possibleTypes.set(name, list)
  }
  for (const def of defs) {
    const kind = str(def['Kind'])
    if (kind === 'UNION') for (const t of strs(def['Types'])) addPossible(str(def['Name']), s.types.get(t))
    else if (kind === 'INPUT_OBJECT' || kind === 'OBJECT') {
      for (const intf of strs(def['Interfaces'])) addPossible(intf, def)
      addPossible(str(def['Name']), def)
    } else if (kind === 'INTERFACE') for (const intf of strs(def['Interfaces'])) addPossible(intf, def)
  }
  for (const dir of doc.Directives) {
    const name = str(dir['Name'])
    if (s.directives.has(name)) {
      if (BUILTIN_DIRECTIVES.has(name)) continue
      throw posError(dir, `Cannot redeclare directive ${name}.`)
    }
    s.directives.set(name, dir)
  }
  if (doc.Schema.length > 1)
    throw posError(doc.Schema[1], 'Cannot have multiple schema entry points, consider schema extensions instead.')
  const setRoots = (entry: Node) => {
    for (const ep of arr(entry['OperationTypes'])) {
      const def = s.types.get(str(ep['Type']))
      if (!def)
        throw posError(
          ep,
          `Schema root ${str(ep['Operation'])} refers to a type ${str(ep['Type'])} that does not exist.`,
        )
      if (ep['Operation'] === 'query') s.query = def
      else if (ep['Operation'] === 'mutation') s.mutation = def
      else if (ep['Operation'] === 'subscription') s.subscription = def
    }
  }
  if (doc.Schema.length === 1) setRoots(doc.Schema[0]!)
  for (const ext of doc.SchemaExtension) setRoots(ext)
  for (const name of [...s.types.keys()].sort()) validateDefinition(s, s.types.get(name)!)
  for (const name of [...s.directives.keys()].sort()) {
    const dir = s.directives.get(name)!
    validateName(dir, name)
    validateArgs(s, arr(dir['Arguments']), dir)
  }
  if (doc.Schema.length === 0) {
    s.query ??= s.types.get('Query')
    s.mutation ??= s.types.get('Mutation')
    s.subscription ??= s.types.get('Subscription')
  }
  return s
}

function posCopy(to: object, from: object): void {
  const p = positionOf(from)
  if (p) setPosition(to, p)
}

// ---------------------------------------------------------------------------
// Printing, for graphql-js

function printValue(v: Node | undefined): string {
  if (!v) return 'null'
  const raw = str(v['Raw'])
  switch (v['Kind']) {
    case 0:
      return '$' + raw
    case 3:
    case 4:
      return JSON.stringify(raw)
    case 8:
      return `[${arr(v['Children'])
        .map((c) => printValue(c['Value'] as Node))
        .join(', ')}]`
    case 9:
      return `{${arr(v['Children'])
        .map((c) => `${str(c['Name'])}: ${printValue(c['Value'] as Node)}`)
        .join(', ')}}`
    default:
      return raw
  }
}

const printArgs = (args: Node[]): string =>
  args.length === 0 ? '' : `(${args.map((a) => `${str(a['Name'])}: ${printValue(a['Value'] as Node)}`).join(', ')})`

const printDirectives = (dirs: Node[]): string =>
  dirs.map((d) => ` @${str(d['Name'])}${printArgs(arr(d['Arguments']))}`).join('')

const printInputValue = (a: Node): string =>
  `${str(a['Name'])}: ${typeString(a['Type'] as Node)}${a['DefaultValue'] ? ` = ${printValue(a['DefaultValue'] as Node)}` : ''}${printDirectives(arr(a['Directives']))}`

const printArgDefs = (args: Node[]): string => (args.length === 0 ? '' : `(${args.map(printInputValue).join(', ')})`)

function printDefinition(d: Node): string {
  const name = str(d['Name'])
  const dirs = printDirectives(arr(d['Directives']))
  const fields = () => {
    const fs = arr(d['Fields'])
    return fs.length === 0
      ? ''
      : ` {\n${fs.map((f) => `  ${str(f['Name'])}${printArgDefs(arr(f['Arguments']))}: ${typeString(f['Type'] as Node)}${printDirectives(arr(f['Directives']))}`).join('\n')}\n}`
  }
  const impl = strs(d['Interfaces']).length > 0 ? ` implements ${strs(d['Interfaces']).join(' & ')}` : ''
  switch (str(d['Kind'])) {
    case 'SCALAR':
      return `scalar ${name}${dirs}`
    case 'OBJECT':
      return `type ${name}${impl}${dirs}${fields()}`
    case 'INTERFACE':
      return `interface ${name}${impl}${dirs}${fields()}`
    case 'UNION':
      return `union ${name}${dirs}${strs(d['Types']).length > 0 ? ` = ${strs(d['Types']).join(' | ')}` : ''}`
    case 'ENUM':
      return `enum ${name}${dirs} {\n${arr(d['EnumValues'])
        .map((v) => `  ${str(v['Name'])}${printDirectives(arr(v['Directives']))}`)
        .join('\n')}\n}`
    case 'INPUT_OBJECT': {
      const fs = arr(d['Fields'])
      return `input ${name}${dirs}${fs.length === 0 ? '' : ` {\n${fs.map((f) => `  ${printInputValue(f)}`).join('\n')}\n}`}`
    }
  }
  return ''
}

function printSchema(s: Schema): string {
  const parts: string[] = []
  for (const d of s.types.values()) if (!bool(d['BuiltIn'])) parts.push(printDefinition(d))
  for (const d of s.directives.values()) {
    if (BUILTIN_DIRECTIVES.has(str(d['Name']))) continue
    parts.push(
      `directive @${str(d['Name'])}${printArgDefs(arr(d['Arguments']))}${bool(d['IsRepeatable']) ? ' repeatable' : ''} on ${strs(d['Locations']).join(' | ')}`,
    )
  }
  const roots = (
    [
      ['query', s.query],
      ['mutation', s.mutation],
      ['subscription', s.subscription],
    ] as const
  ).filter(([, d]) => d)
  if (roots.length > 0) parts.push(`schema {\n${roots.map(([op, d]) => `  ${op}: ${str(d!['Name'])}`).join('\n')}\n}`)
  return parts.join('\n\n')
}

function printSelections(sel: Node[]): string {
  if (sel.length === 0) return ''
  return ` { ${sel
    .map((s) => {
      if ('Alias' in s) {
        const alias = str(s['Alias']) && str(s['Alias']) !== str(s['Name']) ? `${str(s['Alias'])}: ` : ''
        return `${alias}${str(s['Name'])}${printArgs(arr(s['Arguments']))}${printDirectives(arr(s['Directives']))}${printSelections(arr(s['SelectionSet']))}`
      }
      if ('TypeCondition' in s) {
        const on = str(s['TypeCondition']) ? ` on ${str(s['TypeCondition'])}` : ''
        return `...${on}${printDirectives(arr(s['Directives']))}${printSelections(arr(s['SelectionSet']))}`
      }
      return `...${str(s['Name'])}${printDirectives(arr(s['Directives']))}`
    })
    .join(' ')} }`
}

function printVarDefs(defs: Node[]): string {
  if (defs.length === 0) return ''
  return `(${defs
    .map(
      (d) =>
        `$${str(d['Variable'])}: ${typeString(d['Type'] as Node)}${d['DefaultValue'] ? ` = ${printValue(d['DefaultValue'] as Node)}` : ''}${printDirectives(arr(d['Directives']))}`,
    )
    .join(', ')})`
}

function printQuery(doc: Node): string {
  const parts: string[] = []
  for (const op of arr(doc['Operations'])) {
    parts.push(
      `${str(op['Operation']) || 'query'} ${str(op['Name'])}${printVarDefs(arr(op['VariableDefinitions']))}${printDirectives(arr(op['Directives']))}${printSelections(arr(op['SelectionSet']))}`,
    )
  }
  for (const f of arr(doc['Fragments'])) {
    parts.push(
      `fragment ${str(f['Name'])}${printVarDefs(arr(f['VariableDefinition']))} on ${str(f['TypeCondition'])}${printDirectives(arr(f['Directives']))}${printSelections(arr(f['SelectionSet']))}`,
    )
  }
  return parts.join('\n')
}

// ---------------------------------------------------------------------------
// Query validation

interface QueryInput {
  doc: Node
  source: string
}

function validateQuery(schema: Schema, query: QueryInput): void {
  for (const op of arr(query.doc['Operations'])) {
    const kind = str(op['Operation'])
    const root =
      kind === 'query'
        ? schema.query
        : kind === 'mutation'
          ? schema.mutation
          : kind === 'subscription'
            ? schema.subscription
            : undefined
    if (!root) throw posError(op, `Schema does not support operation type "${kind}"`)
  }
  let gqlSchema: GraphQLSchema
  try {
    gqlSchema = buildASTSchema(gqlParse(printSchema(schema)), { assumeValid: true, assumeValidSDL: true })
  } catch (e) {
    throw posError(undefined, `Error in gqlparser SchemaDocument to Schema conversion: ${(e as Error).message}`)
  }
  // An empty document is valid for gqlparser; graphql-js would not parse it.
  if (arr(query.doc['Operations']).length === 0 && arr(query.doc['Fragments']).length === 0) return
  let parsed
  try {
    parsed = gqlParse(query.source)
  } catch {
    try {
      parsed = gqlParse(printQuery(query.doc))
    } catch (e) {
      throw posError(undefined, (e as Error).message)
    }
  }
  const errors = gqlValidate(gqlSchema, parsed)
  if (errors.length > 0) {
    const e = errors[0]!
    const err = new GqlValidationError(e.message)
    const loc = e.locations?.[0]
    Object.assign(err, { line: loc?.line ?? 0, column: loc?.column ?? 0 })
    throw err
  }
}

function validationMessage(e: GqlValidationError): string {
  const { line, column } = e as GqlValidationError & { line?: number; column?: number }
  return `${e.message.replace(/\.$/, '')} in GraphQL string at location ${line ?? 0}:${column ?? 0}`
}

// ---------------------------------------------------------------------------
// Conversion to Rego values: drop null, empty arrays and empty objects.

function prune(v: unknown): Value | undefined {
  if (v === null || v === undefined) return undefined
  if (Array.isArray(v)) {
    const out: Value[] = []
    for (const x of v) {
      const p = prune(x)
      if (p === undefined) continue
      if (Array.isArray(p) && p.length === 0) continue
      if (p instanceof RegoObject && p.size === 0) continue
      out.push(p)
    }
    return out
  }
  if (typeof v === 'object') {
    const o = new RegoObject()
    for (const [k, x] of Object.entries(v as object)) {
      if (k === 'Position') continue
      const p = prune(x)
      if (p === undefined) continue
      if (Array.isArray(p) && p.length === 0) continue
      if (p instanceof RegoObject && p.size === 0) continue
      o.set(k, p)
    }
    return o
  }
  return v as Value
}

const astValue = (doc: Node): Value => prune(doc) ?? new RegoObject()

// ---------------------------------------------------------------------------
// Builtins

function queryFrom(v: Value): QueryInput {
  if (typeof v === 'string') return { doc: parseQueryDocument(v), source: v }
  const doc = normQueryDocument(toJson(v) as Node)
  return { doc, source: printQuery(doc) }
}

function schemaFrom(v: Value): Node {
  if (typeof v === 'string') return parseSchemaDocument(v)
  return normSchemaDocument(toJson(v) as Node)
}

const isStrOrObj = (v: Value): boolean => typeof v === 'string' || v instanceof RegoObject

function rethrow(name: string, e: unknown): never {
  if (e instanceof BuiltinError) throw e
  if (e instanceof GqlSyntaxError) throw builtinError(name, syntaxMessage(e))
  if (e instanceof GqlValidationError) throw builtinError(name, validationMessage(e))
  throw builtinError(name, e instanceof Error ? e.message : String(e))
}

/** Parses and validates; throws. */
function parseAndValidate(q: Value, s: Value): [Value, Value] {
  const query = queryFrom(q)
  const schemaDoc = schemaFrom(s)
  const qv = astValue(query.doc)
  const sv = astValue(schemaDoc)
  let schema: Schema
  try {
    schema = validateSchema(schemaDoc)
  } catch (e) {
    if (e instanceof GqlValidationError) {
      const { line, column } = e as GqlValidationError & { line?: number; column?: number }
      throw new Error(
        `Error in gqlparser SchemaDocument to Schema conversion: input:${line ?? 0}:${column ?? 0}: ${e.message}`,
        { cause: e },
      )
    }
    throw e
  }
  validateQuery(schema, query)
  return [qv, sv]
}

export const graphqlImpls: Readonly<Record<string, BuiltinImpl>> = {
  'graphql.parse_query': (args) => {
    const name = 'graphql.parse_query'
    const v = args[0]!
    if (typeof v !== 'string') throw typeError(name, 1, 'string', v)
    try {
      return astValue(parseQueryDocument(v))
    } catch (e) {
      rethrow(name, e)
    }
  },
  'graphql.parse_schema': (args) => {
    const name = 'graphql.parse_schema'
    const v = args[0]!
    if (typeof v !== 'string') throw typeError(name, 1, 'string', v)
    try {
      return astValue(parseSchemaDocument(v))
    } catch (e) {
      rethrow(name, e)
    }
  },
  'graphql.parse': (args) => {
    const name = 'graphql.parse'
    const [q, s] = args as [Value, Value]
    // OPA numbers these operands from 0 here.
    if (!isStrOrObj(q)) throw typeError(name, 0, 'one of {string, object}', q)
    if (!isStrOrObj(s)) throw typeError(name, 1, 'one of {string, object}', s)
    try {
      return parseAndValidate(q, s)
    } catch (e) {
      rethrow(name, e)
    }
  },
  'graphql.parse_and_verify': (args) => {
    const [q, s] = args as [Value, Value]
    const unverified: Value = [false, new RegoObject(), new RegoObject()]
    if (!isStrOrObj(q) || !isStrOrObj(s)) return unverified
    try {
      const [qv, sv] = parseAndValidate(q, s)
      return [true, qv, sv]
    } catch {
      return unverified
    }
  },
  'graphql.is_valid': (args) => {
    const [q, s] = args as [Value, Value]
    if (!isStrOrObj(q) || !isStrOrObj(s)) return false
    try {
      parseAndValidate(q, s)
      return true
    } catch {
      return false
    }
  },
  'graphql.schema_is_valid': (args) => {
    const s = args[0]!
    if (!isStrOrObj(s)) return false
    try {
      validateSchema(schemaFrom(s))
      return true
    } catch {
      return false
    }
  },
}
