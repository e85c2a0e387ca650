/**
 * The Rego abstract syntax tree: the contract between the parser, the checker
 * stages and the planner. Every node carries the location of its source text.
 *
 * The shapes follow OPA's AST where that keeps the semantics obvious (refs are
 * a list of terms whose head is a variable; infix operators are calls of the
 * builtin they stand for), and use explicit node kinds where OPA overloads one
 * (a `some … in` declaration is its own kind, not a call inside a `some`).
 */
import type { Location } from './location.js'

// ─── Terms ───────────────────────────────────────────────────────────────────

interface Node {
  loc: Location
}

export interface NullTerm extends Node {
  type: 'null'
}
export interface BooleanTerm extends Node {
  type: 'boolean'
  value: boolean
}
/**
 * A number literal. `value` is its text, normalised only by dropping a leading
 * `+`, so integers of any size and decimals stay exact (`"12345678901234567890"`,
 * `"0.1"`, `"1e400"`, `"-3"`).
 */
export interface NumberTerm extends Node {
  type: 'number'
  value: string
}
/** A string literal with its escapes already decoded. */
export interface StringTerm extends Node {
  type: 'string'
  value: string
  /** True for a raw (backtick) string; kept for printing only. */
  raw?: boolean
}
/** A variable. `_` is the wildcard; each `_` is a distinct variable, renamed apart by the checker. */
export interface VarTerm extends Node {
  type: 'var'
  name: string
}
/**
 * A reference: `terms[0]` is the head (a variable such as `data`, `input` or a
 * local, or a composite/call term as in `[1,2][0]` or `f(x).y`); the rest are
 * the path. `a.b` puts the string term `"b"` in the path; `a[x]` the variable x.
 */
export interface RefTerm extends Node {
  type: 'ref'
  terms: Term[]
}
export interface ArrayTerm extends Node {
  type: 'array'
  items: Term[]
}
export interface ObjectTerm extends Node {
  type: 'object'
  entries: [key: Term, value: Term][]
}
/** A set literal `{a, b}` or `set()` (no items). */
export interface SetTerm extends Node {
  type: 'set'
  items: Term[]
}
export interface ArrayComprehension extends Node {
  type: 'arraycomp'
  term: Term
  body: Body
}
export interface SetComprehension extends Node {
  type: 'setcomp'
  term: Term
  body: Body
}
export interface ObjectComprehension extends Node {
  type: 'objectcomp'
  key: Term
  value: Term
  body: Body
}
/**
 * A call used as a value (`x := f(y)`, `count(xs) > 1`, `a + b` inside another
 * term). `operator` names the function: a builtin (`count`, `io.jwt.decode`,
 * `plus` for `+`) or a user function (`data.pkg.f` after resolution).
 */
export interface CallTerm extends Node {
  type: 'call'
  operator: RefTerm
  args: Term[]
}
/**
 * A template string `$"Hello {input.name}!"`: literal parts are strings, the
 * rest are the embedded expressions' terms, in source order.
 */
export interface TemplateStringTerm extends Node {
  type: 'template'
  parts: (StringTerm | Term)[]
  /** True for the raw form `$\`…\``. */
  raw?: boolean
  /**
   * The `with` modifiers of embedded expressions that have some
   * (`$"{a with input as x}"`), at the same index as their part in `parts`;
   * absent when no part has any.
   */
  partWith?: (With[] | undefined)[]
}

export type ScalarTerm = NullTerm | BooleanTerm | NumberTerm | StringTerm
export type Term =
  | ScalarTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm
  | TemplateStringTerm

// ─── Expressions and bodies ──────────────────────────────────────────────────

/** `with target as value`: target is a ref to `input…`, `data…`, a function or a builtin. */
export interface With extends Node {
  type: 'with'
  target: RefTerm
  value: Term
}

/** A bare term used as an expression: true when defined and not `false`. */
export interface TermExpr {
  kind: 'term'
  term: Term
}
/**
 * A call expression. Infix operators become calls of the builtin they stand
 * for: `=` eq, `:=` assign, `==` equal, `!=` neq, `<` lt, `<=` lte, `>` gt,
 * `>=` gte, `+` plus, `-` minus, `*` mul, `/` div, `%` rem, `&` and, `|` or,
 * `x in xs` internal.member_2, `k, v in xs` internal.member_3.
 */
export interface CallExpr {
  kind: 'call'
  operator: RefTerm
  args: Term[]
}
/** `some x, y`: declares local variables. */
export interface SomeDecl {
  kind: 'some'
  vars: VarTerm[]
}
/** `some v in xs` / `some k, v in xs`: declares and binds by iteration. `key`/`value` may be patterns. */
export interface SomeIn {
  kind: 'somein'
  key?: Term
  value: Term
  domain: Term
}
/** `every v in xs { … }` / `every k, v in xs { … }`. */
export interface Every {
  kind: 'every'
  key?: VarTerm
  value: VarTerm
  domain: Term
  body: Body
}
/**
 * Experimental (`import future.keywords.and` / `.or`): `a and b`, `a or b`.
 * Each operand is a body: an explicit `{ … }` block or a single expression
 * (a parenthesised group is a body holding one expression).
 */
export interface LogicExpr {
  kind: 'logic'
  op: 'and' | 'or'
  left: Body
  right: Body
}
/** Experimental (`import future.keywords.not`): `not { … }`; the expression is negated. */
export interface BlockExpr {
  kind: 'block'
  body: Body
}

export type ExprKind = TermExpr | CallExpr | SomeDecl | SomeIn | Every | LogicExpr | BlockExpr

export interface ExprCommon {
  type: 'expr'
  /** `not expr` */
  negated: boolean
  with: With[]
  loc: Location
  /** Set on expressions the compiler made, so messages never point at them as if written. */
  generated?: boolean
}

export type Expr = ExprCommon & ExprKind

/** A rule body or query: expressions joined by `;` or new lines, all of which must hold. */
export type Body = Expr[]

// ─── Rules, imports, packages, modules ───────────────────────────────────────

/**
 * A rule head. The rule's path is `ref` (relative to the package: `p`,
 * `a.b.c`, `p[k]`, `a.b[x].c`).
 *
 * - complete rule (`p := v`, `p = v`, `p if …` with implicit `true`): `value` set, no `key`;
 * - partial set (`p contains x`, `a.b[x].c contains y`): `key` is the element, no `value`;
 * - partial object / ref head with a variable (`p[k] := v`): the key is the last
 *   term of `ref`, `value` set;
 * - function (`f(x, y) := v`): `args` set.
 */
export interface RuleHead extends Node {
  type: 'head'
  ref: RefTerm
  args?: Term[]
  key?: Term
  value?: Term
  /** `:=` (true) or `=` / implicit (false). */
  assign: boolean
  /** The value is the implicit `true` of `p if …` (no value written). */
  implicitValue?: boolean
}

export interface Rule extends Node {
  type: 'rule'
  default: boolean
  head: RuleHead
  /** Empty for rules with no body (`p := 1`, `default p := false`). */
  body: Body
  /** The next `else` clause, if any. Its head shares the rule's ref and args. */
  else?: Rule
  /** `# METADATA` blocks attached to this rule. */
  annotations: Annotation[]
  /** The module (file) the rule was written in. */
  file: string
}

export interface Import extends Node {
  type: 'import'
  /** `data.x.y`, `input.z`, `rego.v1`, `future.keywords.in`, … */
  path: RefTerm
  alias?: string
}

export interface Package extends Node {
  type: 'package'
  /** The package path as a ref starting at `data`: `package a.b` is `data.a.b`. */
  path: RefTerm
}

export interface Comment extends Node {
  type: 'comment'
  /** The text after `#`. */
  text: string
}

/** A `# METADATA` block, its YAML read with the `yaml` package. */
export interface Annotation extends Node {
  type: 'annotation'
  scope: 'package' | 'subpackages' | 'rule' | 'document'
  title?: string
  description?: string
  entrypoint?: boolean
  /** Every field as written, including `custom`, `authors`, `schemas`, `related_resources`, … */
  fields: Record<string, unknown>
}

/** The Rego language version a module is written in (OPA's `--v0-compatible` selects v0). */
export type RegoVersion = 'v0' | 'v1'

export interface Module extends Node {
  type: 'module'
  file: string
  /**
   * Set to 'v0' for a module parsed as Rego v0 that does not import rego.v1:
   * the checks Rego v1 turns on (OPA's strict-mode subset) do not apply to it.
   * Absent for Rego v1.
   */
  regoVersion?: 'v0'
  package: Package
  imports: Import[]
  rules: Rule[]
  comments: Comment[]
  /** Annotations that do not sit on a rule (package, subpackages, document scope). */
  annotations: Annotation[]
}

export type AnyNode = Term | Expr | With | RuleHead | Rule | Import | Package | Module | Comment | Annotation
