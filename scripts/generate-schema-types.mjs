#!/usr/bin/env node
/**
 * Generates TypeScript types from the JSON Schemas of the ai_access policies,
 * so the types are never written twice:
 *
 *   node scripts/generate-schema-types.mjs           # writes packages/fetch/src/generated/ai-access-types.ts
 *   node scripts/generate-schema-types.mjs --check   # exits 1 when the file is out of date
 *
 * A small generator for the subset of JSON Schema (draft-07) those schemas
 * use: type, properties, required, additionalProperties, propertyNames (a
 * $ref to an enum), items, enum, const, $ref to #/definitions, anyOf/oneOf,
 * title and description. A keyword it does not know that would change the
 * type is an error, never silently ignored. Validation-only keywords
 * (pattern, minLength, minItems, …) are kept as JSDoc only.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The schemas, in output order. */
export const SCHEMAS = [
  'schemas/request-context.schema.json',
  'schemas/decision.schema.json',
  'schemas/ai-access-data.schema.json',
]
export const OUTPUT = 'packages/fetch/src/generated/ai-access-types.ts'

const IGNORED = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'definitions',
  'examples',
  'default',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minProperties',
  'maxProperties',
])
const KNOWN = new Set([
  ...IGNORED,
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'enum',
  'const',
  '$ref',
  'anyOf',
  'oneOf',
])

/** A literal type, single-quoted as the repository writes strings. */
const literal = (v) =>
  typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v)
const pascal = (s) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c) => c.toUpperCase())
const validIdent = (k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)

function jsdoc(schema, indent) {
  const lines = []
  if (schema.description) lines.push(...schema.description.split('\n'))
  const notes = []
  if (schema.pattern) notes.push(`pattern \`${schema.pattern}\``)
  if (schema.minLength !== undefined) notes.push(`minLength ${schema.minLength}`)
  if (schema.minItems !== undefined) notes.push(`minItems ${schema.minItems}`)
  if (notes.length) lines.push(`Schema: ${notes.join(', ')}.`)
  if (lines.length === 0) return ''
  if (lines.length === 1) return `${indent}/** ${lines[0].replace(/\*\//g, '*\\/')} */\n`
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, '*\\/')}`.trimEnd()).join('\n')}\n${indent} */\n`
}

class Generator {
  constructor() {
    /** name → { source, text, key } */
    this.decls = new Map()
  }

  /** Adds one schema file: its definitions, then its root type (named by title). */
  addSchema(file) {
    const schema = JSON.parse(readFileSync(path.join(root, file), 'utf8'))
    if (!schema.title) throw new Error(`${file}: the root schema needs a title (the type's name)`)
    this.file = file
    this.defs = schema.definitions ?? {}
    for (const [name, def] of Object.entries(this.defs)) this.declare(pascal(name), def)
    this.declare(pascal(schema.title), schema)
  }

  /** Declares a named type; identical declarations from several schemas are emitted once. */
  declare(name, schema) {
    const isInterface = schema.type === 'object' && schema.properties && !schema.anyOf?.some((s) => s.type)
    const body = isInterface ? this.objectBody(schema, '') : this.type(schema, '')
    const text = isInterface ? `export interface ${name} ${body}` : `export type ${name} = ${body}`
    const decl = `${jsdoc(schema, '')}${text}\n`
    const prev = this.decls.get(name)
    if (prev && prev.text !== decl)
      throw new Error(`${this.file}: type ${name} differs from its declaration in ${prev.source}`)
    if (!prev) this.decls.set(name, { source: this.file, text: decl })
  }

  type(schema, indent) {
    for (const key of Object.keys(schema)) {
      if (!KNOWN.has(key)) throw new Error(`${this.file}: unsupported keyword ${key}`)
    }
    if (schema.$ref) {
      const m = /^#\/definitions\/(.+)$/.exec(schema.$ref)
      if (!m || !(m[1] in this.defs)) throw new Error(`${this.file}: unsupported $ref ${schema.$ref}`)
      return pascal(m[1])
    }
    if (schema.const !== undefined) return literal(schema.const)
    if (schema.enum) return schema.enum.map(literal).join(' | ')
    const alternatives = schema.anyOf ?? schema.oneOf
    if (alternatives && !schema.properties) return alternatives.map((s) => this.wrap(this.type(s, indent))).join(' | ')
    const types = Array.isArray(schema.type) ? schema.type : [schema.type]
    if (schema.type === undefined) return 'unknown'
    return types.map((t) => this.wrap(this.single(t, schema, indent))).join(' | ')
  }

  wrap(t) {
    return / \| /.test(t) ? `(${t})` : t
  }

  single(type, schema, indent) {
    switch (type) {
      case 'string':
      case 'boolean':
      case 'null':
        return type
      case 'number':
      case 'integer':
        return 'number'
      case 'array':
        return schema.items ? `${this.wrap(this.type(schema.items, indent))}[]` : 'unknown[]'
      case 'object':
        if (schema.title && indent !== '') {
          // A titled object inside another type: a named interface of its own.
          this.declare(pascal(schema.title), schema)
          return pascal(schema.title)
        }
        return this.objectBody(schema, indent)
      default:
        throw new Error(`${this.file}: unsupported type ${type}`)
    }
  }

  objectBody(schema, indent) {
    const props = schema.properties ?? {}
    const required = new Set(schema.required ?? [])
    const extra = schema.additionalProperties
    const inner = indent + '  '
    if (Object.keys(props).length === 0) {
      if (extra === false) return 'Record<string, never>'
      const value = extra && extra !== true ? this.type(extra, inner) : 'unknown'
      if (schema.propertyNames) return `Partial<Record<${this.type(schema.propertyNames, inner)}, ${value}>>`
      return `Record<string, ${value}>`
    }
    const lines = ['{']
    for (const [key, prop] of Object.entries(props)) {
      const name = validIdent(key) ? key : JSON.stringify(key)
      lines.push(`${jsdoc(prop, inner)}${inner}${name}${required.has(key) ? '' : '?'}: ${this.type(prop, inner)}`)
    }
    if (extra !== undefined && extra !== false) {
      lines.push(`${inner}[key: string]: ${extra === true ? 'unknown' : this.type(extra, inner)}`)
    } else if (extra === undefined) {
      lines.push(`${inner}/** JSON Schema allows other properties. */`, `${inner}[key: string]: unknown`)
    }
    lines.push(`${indent}}`)
    return lines.join('\n')
  }

  render() {
    const header = `/**
 * GENERATED by scripts/generate-schema-types.mjs from ${SCHEMAS.join(', ')}.
 * Do not edit: change the schemas and run \`node scripts/generate-schema-types.mjs\`.
 */
/* eslint-disable */
`
    return header + [...this.decls.values()].map((d) => '\n' + d.text).join('')
  }
}

export function generate() {
  const g = new Generator()
  for (const file of SCHEMAS) g.addSchema(file)
  return g.render()
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const text = generate()
  const out = path.join(root, OUTPUT)
  if (process.argv.includes('--check')) {
    let current = ''
    try {
      current = readFileSync(out, 'utf8')
    } catch {
      // no file yet: it is out of date
    }
    if (current !== text) {
      process.stderr.write(`${OUTPUT} is out of date: run node scripts/generate-schema-types.mjs\n`)
      process.exit(1)
    }
    process.stdout.write(`${OUTPUT} is up to date\n`)
  } else {
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, text)
    process.stdout.write(`wrote ${OUTPUT}\n`)
  }
}
