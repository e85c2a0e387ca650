/**
 * The host builtin a parameterized test's marked module calls with the case
 * it starts (test-cases.ts), and the names OPA's tester gives cases. Light
 * imports only: the evaluation worker loads this.
 */
import { toJson, type BuiltinImpl, type Value } from '@cordon/builtins/core'

export const TEST_CASE_BUILTIN = 'cordon.test_case'

/** The recording builtin and the case paths it saw since the last `take()`. */
export function caseRecorder(): { impl: ReadonlyMap<string, BuiltinImpl>; take(): string[][] } {
  let seen: string[][] = []
  const impl: BuiltinImpl = ([path]) => {
    if (Array.isArray(path)) seen.push(path.map(caseName))
    return true
  }
  return {
    impl: new Map([[TEST_CASE_BUILTIN, impl]]),
    take: () => {
      const out = seen
      seen = []
      return out
    },
  }
}

/** A case's name as OPA's tester prints it: strings as they are, other values as Go's JSON (object keys sorted). */
function caseName(v: Value): string {
  return typeof v === 'string' ? v : sortedJson(toJson(v))
}

function sortedJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(sortedJson).join(',')}]`
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
      .join(',')}}`
  }
  return typeof x === 'bigint' ? x.toString() : JSON.stringify(x)
}
