/**
 * YAML decision tables (`*.cases.yaml`) next to policies: a list of cases
 * `{ name?, entrypoint, input, data?, expect }`, validated against
 * `schemas/decision-cases.schema.json`. A case passes when, for every field of
 * `expect`, the entrypoint's value has an equal field; `expect.result`
 * compares the whole value instead. `loadCases` (load-cases.ts) reads a file.
 */
import { normalizeEntrypoint } from '@cordon/engine'
import AjvModule, { type ErrorObject } from 'ajv'
import YAML, { LineCounter, isMap, isSeq } from 'yaml'
import schema from '../../../../schemas/decision-cases.schema.json' with { type: 'json' }
import { UsageError } from '../usage-error.js'
import type { SourceRef } from './types.js'

export interface DecisionCase {
  name: string
  /** Slash form. */
  entrypoint: string
  input: unknown
  data?: Record<string, unknown>
  expect: Record<string, unknown>
  location: SourceRef
  /** Where the `entrypoint:` value is written, for errors about it. */
  entrypointAt: { row: number; col: number }
}

// ajv is CommonJS: its default export is the class, or holds it as `default`.
type AjvClass = typeof AjvModule
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule
let validator: ReturnType<InstanceType<AjvClass>['compile']> | undefined

export const isCasesFile = (file: string): boolean => /\.cases\.ya?ml$/.test(file)

/** Validates one table's text (no file access: the playground parses its editor's table). Throws UsageError naming the file and the schema error. */
export function parseCases(file: string, text: string): DecisionCase[] {
  const lineCounter = new LineCounter()
  const doc = YAML.parseDocument(text, { lineCounter })
  if (doc.errors.length > 0) throw new UsageError(`${file}: not valid YAML: ${doc.errors[0]!.message}`)
  const value = doc.toJS() as unknown
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema)
  if (!validator(value))
    throw new UsageError(`${file}: does not match decision-cases.schema.json:\n${formatErrors(validator.errors ?? [])}`)
  const items = isSeq(doc.contents) ? doc.contents.items : []
  return (value as Omit<DecisionCase, 'location'>[]).map((c, i) => {
    const item = items[i]
    const offset = (item as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0
    const value = isMap(item)
      ? (item.get('entrypoint', true) as { range?: [number, number, number] } | undefined)
      : undefined
    const at = lineCounter.linePos(value?.range?.[0] ?? offset)
    return {
      ...c,
      name: c.name ?? `case ${i + 1}`,
      entrypoint: normalizeEntrypoint(c.entrypoint),
      location: { file, row: lineCounter.linePos(offset).line },
      entrypointAt: { row: at.line, col: at.col },
    }
  })
}

function formatErrors(errors: readonly ErrorObject[]): string {
  return errors
    .map(
      (e) =>
        `  ${e.instancePath || '/'}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('\n')
}

/** Field-by-field differences between `expect` and the entrypoint's value (`undefined`: no value). */
export function compareExpect(
  expect: Record<string, unknown>,
  value: unknown,
): { field: string; expected: unknown; actual: unknown }[] {
  const out: { field: string; expected: unknown; actual: unknown }[] = []
  for (const [field, expected] of Object.entries(expect)) {
    const actual = field === 'result' ? value : isRecord(value) ? value[field] : undefined
    if (!deepEqual(expected, actual)) out.push({ field, expected, actual })
  }
  return out
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]))
  }
  return false
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `base` with `patch` merged in: objects merge key by key, anything else replaces. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) out[k] = mergePatch(base[k], v)
  return out
}
