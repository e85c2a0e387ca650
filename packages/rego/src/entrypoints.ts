import type { Module, RefTerm } from './ast.js'

/** The leading constant segments of a ref (`data.a.b[x]` → `['data','a','b']`). */
export function staticSegments(ref: RefTerm): string[] {
  const out: string[] = []
  for (const [i, t] of ref.terms.entries()) {
    if (i === 0 && t.type === 'var') out.push(t.name)
    else if (t.type === 'string') out.push(t.value)
    else break
  }
  return out
}

const isEntrypoint = (fields: Record<string, unknown>) => fields.entrypoint === true

/**
 * The entrypoints a policy declares with `entrypoint: true` in METADATA, as
 * slash paths below `data` (`ai_access/decision`): rule annotations name the
 * rule, package annotations the package. Sorted, without repeats.
 */
export function annotatedEntrypoints(modules: readonly Module[]): string[] {
  const out = new Set<string>()
  for (const m of modules) {
    const pkg = staticSegments(m.package.path).slice(1)
    if (m.annotations.some((a) => a.scope === 'package' && isEntrypoint(a.fields))) out.add(pkg.join('/'))
    for (const rule of m.rules) {
      if (!rule.annotations.some((a) => isEntrypoint(a.fields))) continue
      out.add([...pkg, ...staticSegments(rule.head.ref)].join('/'))
    }
  }
  return [...out].sort()
}

/** The METADATA annotations of the rules at an entrypoint path, as written, for the bundle manifest. */
export function entrypointAnnotations(modules: readonly Module[], entrypoint: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const m of modules) {
    const pkg = staticSegments(m.package.path).slice(1)
    for (const rule of m.rules) {
      if ([...pkg, ...staticSegments(rule.head.ref)].join('/') !== entrypoint) continue
      out.push(...rule.annotations.map((a) => ({ scope: a.scope, ...a.fields })))
    }
  }
  return out
}
