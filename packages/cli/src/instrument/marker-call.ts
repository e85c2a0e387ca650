import type { Expr, Location, Term } from '@cordon/rego'

/**
 * A generated call expression of a recording host builtin (`cordon.cover`, `cordon.explain_*`,
 * `cordon.test_case`), for the instrumented copies of modules the runner
 * compiles; `name` is `namespace.function`, or a plain builtin (`assign`).
 */
export function markerCall(name: string, args: Term[], at: Location): Expr {
  const [ns, ...path] = name.split('.') as [string, ...string[]]
  return {
    type: 'expr',
    kind: 'call',
    negated: false,
    with: [],
    loc: at,
    generated: true,
    operator: {
      type: 'ref',
      loc: at,
      terms: [
        { type: 'var', name: ns, loc: at },
        ...path.map((value) => ({ type: 'string' as const, value, loc: at })),
      ],
    },
    args,
  }
}
