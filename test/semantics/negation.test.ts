/**
 * The scope of `not`, as OPA gives it (issue #15 §1). Without `import
 * future.keywords.not` OPA's compiler evaluates the operands of a negated
 * expression before the negation (RewriteExprTerms / RewriteDynamicTerms in
 * its compile.go), so an undefined operand fails the body; with the import
 * (or `import future.keywords`) the whole expression is inside the negation.
 * Every rule below is evaluated with input `{"c2": "FR"}`: `input.user`,
 * `input.a`, `input.k`, `input.xs` and `input.obj` are undefined.
 */
import { describe, expect, it } from 'vitest'
import { evalRules } from './support.js'

const RULES = `
blocked(c) if c == "IR"
f(x) := x
s := {"a"}
allowed := {"x"}

call_arg if not blocked(input.user.country)
builtin_arg if not startswith(input.user.name, "a")
nested_call if not blocked(f(input.user.country))
nested_builtin if not count(input.xs) > 0
arith if not input.a + 2 == 42
cmp_neq if not input.a != 1
cmp_gt if not input.a > 1
member if not input.a in s
member_nested if not "k" in object.keys(f(input.obj))
ref_operand if not allowed[input.k]
eq_dynamic if not allowed[input.k] == true
call_head if not f(input.obj).k
composite if not [input.a] == [1]
with_undefined if not blocked(input.user.country) with input as {}
in_comprehension := [1 | not blocked(input.user.country)]
in_every if every _ in [1] { not blocked(input.user.country) }

# The same in both semantics.
eq_ref if not input.a == 1
bare_ref if not input.a
bare_rule if not blocked("FR")
defined if not blocked(input.c2)
with_defined if not blocked(input.user.country) with input as {"user": {"country": "FR"}}
blocked_defined if not blocked(input.c3) with input.c3 as "IR"
`

const NAMES = [...RULES.matchAll(/^(\w+) (?:if|:=)/gm)]
  .map((m) => m[1]!)
  .filter((n) => !['blocked', 'f', 's', 'allowed'].includes(n))
const INPUT = { c2: 'FR' }

const SAME: Record<string, unknown> = {
  eq_ref: true,
  bare_ref: true,
  bare_rule: true,
  defined: true,
  with_defined: true,
  blocked_defined: undefined,
}

describe('not without future.keywords.not: operands are evaluated first', () => {
  const got = evalRules(`package t\n${RULES}`, NAMES, INPUT)
  it.each(NAMES.filter((n) => !(n in SAME)))('%s fails', (name) => {
    // A comprehension is never undefined: its body fails, so it is empty.
    expect(got[name]).toEqual(name === 'in_comprehension' ? [] : undefined)
  })
  it.each(Object.keys(SAME))('%s is as in OPA', (name) => expect(got[name]).toBe(SAME[name]))
})

describe.each(['future.keywords.not', 'future.keywords'])(
  'not with import %s: the whole expression is negated',
  (imp) => {
    const got = evalRules(`package t\nimport ${imp}\n${RULES}`, NAMES, INPUT)
    it.each(NAMES.filter((n) => !(n in SAME)))('%s holds', (name) => {
      expect(got[name]).toEqual(name === 'in_comprehension' ? [1] : true)
    })
    it.each(Object.keys(SAME))('%s is as in OPA', (name) => expect(got[name]).toBe(SAME[name]))
    it('takes not { … } blocks, whose undefined parts make the negation hold', () => {
      const block = evalRules(
        `package t\nimport ${imp}\nno_admin if not {\n  x := input.user.role\n  x == "admin"\n}\nadmin if not { input.c2 == "FR" }`,
        ['no_admin', 'admin'],
        INPUT,
      )
      expect(block).toEqual({ no_admin: true, admin: undefined })
    })
  },
)

describe('the import is per module', () => {
  it('a module without it keeps the legacy scope when another has it', () => {
    const got = evalRules(
      [
        `package t\nimport data.u\nlegacy if not u.blocked(input.user.country)\nfuture := u.future`,
        `package u\nimport future.keywords.not\nblocked(c) if c == "IR"\nfuture if not blocked(input.user.country)`,
      ],
      ['legacy', 'future'],
      INPUT,
    )
    expect(got).toEqual({ legacy: undefined, future: true })
  })
})
