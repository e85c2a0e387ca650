/** Text both renderers share: field labels and values, test summaries and failures, rule groups. */
import type { TestReport } from '../test-runner/types.js'
import type { RuleDoc } from './types.js'

const FIELD_LABELS: Record<string, string> = {
  legal_basis: 'Legal basis',
  owner: 'Owner',
  authors: 'Authors',
  organizations: 'Organizations',
  related_resources: 'Related resources',
  schemas: 'Schemas',
}
export const label = (k: string) => FIELD_LABELS[k] ?? k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

export function fieldText(v: unknown): string {
  if (typeof v === 'string') return v.trim()
  if (Array.isArray(v))
    return v
      .map((x) => (typeof x === 'object' && x !== null ? describeObject(x as Record<string, unknown>) : String(x)))
      .join('; ')
  if (typeof v === 'object' && v !== null) return describeObject(v as Record<string, unknown>)
  return String(v)
}

function describeObject(o: Record<string, unknown>): string {
  if (typeof o.name === 'string') return o.email ? `${o.name} <${String(o.email)}>` : o.name
  if (typeof o.ref === 'string') return o.description ? `${String(o.description)} (${o.ref})` : o.ref
  return JSON.stringify(o)
}

export function testSummary(r: TestReport): string {
  const s = r.summary
  return `${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped (${s.total} in all)`
}

export function failureText(t: TestReport['results'][number]): string {
  if (t.error) return `${t.error.code}: ${t.error.message}`
  if (t.mismatches?.length)
    return t.mismatches
      .map((m) => `${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
      .join('; ')
  if (t.failure?.expr)
    return `failed at ${t.failure.location ? `${t.failure.location.file}:${t.failure.location.row}` : ''}: ${t.failure.expr}`
  return 'failed'
}

/** Definitions of the same rule, together, in source order. */
export function groupRules(rules: readonly RuleDoc[]): RuleDoc[][] {
  const groups = new Map<string, RuleDoc[]>()
  for (const r of rules) groups.set(r.path, [...(groups.get(r.path) ?? []), r])
  return [...groups.values()]
}

export const hasAnnotations = (r: RuleDoc) => Boolean(r.title || r.description || Object.keys(r.fields).length)
