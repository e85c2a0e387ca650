/**
 * Host builtins the module calls that the host which will run it lacks, each
 * reported at its first call site (`file:row:col`), at build time: the engine
 * would otherwise refuse the whole module at load time with no location.
 */
import { walkPolicy, type Diagnostic, type Policy, type StmtLocation } from '@cordon/rego'

/** Where each of `names` is first called (plans, then funcs, each in statement order); names never called directly are absent. */
export function firstCalls(policy: Policy, names: ReadonlySet<string>): Map<string, StmtLocation> {
  const sites = new Map<string, StmtLocation>()
  walkPolicy(policy, (s) => {
    if (s.type === 'Call' && s.loc && names.has(s.func) && !sites.has(s.func)) sites.set(s.func, s.loc)
  })
  return sites
}

export function missingHostBuiltins(
  policy: Policy,
  hostBuiltins: readonly string[],
  available: ReadonlySet<string>,
): Diagnostic[] {
  const missing = new Set(hostBuiltins.filter((n) => !available.has(n)))
  if (missing.size === 0) return []
  const sites = new Map<string, Diagnostic['location']>()
  for (const [name, loc] of firstCalls(policy, missing))
    sites.set(name, { file: policy.files[loc.file] ?? '', row: loc.row, col: loc.col, offset: 0, end: 0 })
  return [...missing].sort().map((name) => ({
    code: 'rego_type_error',
    message: `${name}: the host that runs this module does not provide this builtin (provide it, e.g. with --builtins)`,
    location: sites.get(name) ?? { file: '', row: 1, col: 1, offset: 0, end: 0 },
  }))
}
