/**
 * Imports and root-document names, checked before anything is resolved:
 * two imports may not bind the same name, and rules, function arguments and
 * `:=` targets may not be called `input` or `data` (OPA checks these in strict
 * mode, which Rego v1 turns on; a Rego v0 module is spared them, as in OPA).
 * Messages are OPA's (rego_compile_error).
 */
import type { Import, Module, Term, VarTerm } from '../ast.js'
import type { CompileState } from './types.js'
import { forEachExpr, refName, ruleBodies } from './visit.js'

const ROOTS = new Set(['input', 'data'])

export function checkImports(state: CompileState): void {
  if (state.query) return checkAssignedRoots(state, state.query)
  for (const m of state.modules) {
    if (m.regoVersion === 'v0') continue
    checkDuplicateImports(state, m)
    checkRootOverrides(state, m)
  }
}

/** The name an import binds: its alias or the last segment of its path. */
export function importName(imp: Import): string | undefined {
  return imp.alias ?? refName(imp.path)?.split('.').at(-1)
}

/** An import as written: `import data.x.y as z`. */
export function importText(imp: Import): string {
  return `import ${refName(imp.path) ?? '…'}${imp.alias ? ` as ${imp.alias}` : ''}`
}

function checkDuplicateImports(state: CompileState, m: Module): void {
  const seen = new Map<string, Import>()
  for (const imp of m.imports) {
    const path = refName(imp.path) ?? ''
    if (path.startsWith('future.') || path === 'rego.v1') continue
    const name = importName(imp)
    if (!name) continue
    const before = seen.get(name)
    if (before) state.report('rego_compile_error', imp.loc, `import must not shadow ${importText(before)}`)
    else seen.set(name, imp)
  }
}

function checkRootOverrides(state: CompileState, m: Module): void {
  for (const rule of m.rules) {
    const head = rule.head.ref.terms[0]
    if (head?.type === 'var' && ROOTS.has(head.name)) {
      state.report('rego_compile_error', rule.loc, `rules must not shadow ${head.name} (use a different rule name)`)
    }
    for (const arg of rule.head.args ?? []) {
      for (const v of patternVars(arg)) {
        if (ROOTS.has(v.name)) {
          state.report('rego_compile_error', v.loc, `args must not shadow ${v.name} (use a different variable name)`)
        }
      }
    }
    for (const { body } of ruleBodies(rule)) checkAssignedRoots(state, body)
  }
}

/** The variables an argument binds: itself, or those in array, set and object-value positions. */
function patternVars(t: Term): VarTerm[] {
  if (t.type === 'var') return [t]
  // The parser writes a bare `input` / `data` as a one-term ref, as OPA does.
  if (t.type === 'ref' && t.terms.length === 1 && t.terms[0]!.type === 'var') return [t.terms[0]!]
  if (t.type === 'array' || t.type === 'set') return t.items.flatMap(patternVars)
  if (t.type === 'object') return t.entries.flatMap(([, v]) => patternVars(v))
  return []
}

function checkAssignedRoots(state: CompileState, body: Parameters<typeof forEachExpr>[0]): void {
  forEachExpr(body, (e) => {
    if (e.kind !== 'call' || refName(e.operator) !== 'assign') return
    for (const v of patternVars(e.args[0]!)) {
      if (ROOTS.has(v.name)) {
        state.report('rego_compile_error', e.loc, `variables must not shadow ${v.name} (use a different variable name)`)
      }
    }
  })
}
