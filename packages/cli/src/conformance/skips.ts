import { existsSync, readFileSync } from 'node:fs'
import YAML from 'yaml'
import { caseId, type ConformanceCase } from './cases.js'

/**
 * The one list of skipped cases: `file#index` (or a whole `file`) mapped to
 * the reason. A skipped case counts as not passed.
 */
export function readSkips(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map()
  const doc = (YAML.parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>
  const out = new Map<string, string>()
  for (const [key, reason] of Object.entries(doc)) {
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`${file}: skip ${key} needs a reason`)
    out.set(key, reason)
  }
  return out
}

/** Why case `c` is skipped (by its id, or its whole file), or undefined when it runs. */
export function skipReason(skips: Map<string, string>, c: ConformanceCase): string | undefined {
  return skips.get(caseId(c)) ?? skips.get(c.file)
}
