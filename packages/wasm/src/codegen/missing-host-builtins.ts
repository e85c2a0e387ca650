/**
 * Host builtins the module calls that the host which will run it lacks, each
 * reported at its first call site (`file:row:col`), at build time: the engine
 * would otherwise refuse the whole module at load time with no location.
 */
import { childBlocks, type Block, type Diagnostic, type Policy } from '@cordon/rego'

export function missingHostBuiltins(policy: Policy, hostBuiltins: readonly string[], available: ReadonlySet<string>): Diagnostic[] {
  const missing = new Set(hostBuiltins.filter((n) => !available.has(n)))
  if (missing.size === 0) return []
  const sites = new Map<string, Diagnostic['location']>()
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      for (const s of b.stmts) {
        if (s.type === 'Call' && missing.has(s.func) && !sites.has(s.func) && s.loc) {
          sites.set(s.func, { file: policy.files[s.loc.file] ?? '', row: s.loc.row, col: s.loc.col, offset: 0, end: 0 })
        }
        visit(childBlocks(s))
      }
    }
  }
  for (const p of policy.plans) visit(p.blocks)
  for (const f of policy.funcs) visit(f.blocks)
  return [...missing].sort().map((name) => ({
    code: 'rego_type_error',
    message: `${name}: the host that runs this module does not provide this builtin (provide it, e.g. with --builtins)`,
    location: sites.get(name) ?? { file: '', row: 1, col: 1, offset: 0, end: 0 },
  }))
}
