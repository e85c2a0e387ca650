/**
 * The shapes the checker stages share: the per-run state they read and fill
 * in, and the `CompiledPolicy` the planner builds on.
 */
import type { BuiltinDecl } from '@cordon/builtins/declarations'
import type { Body, Module, Rule } from '../ast.js'
import type { Diagnostic, DiagnosticCode, Hint } from '../diagnostics.js'
import type { Location } from '../location.js'
import type { SchemaSet } from './check-schema-refs.js'

export type { BuiltinDecl }

/**
 * What a rule group defines at its path:
 * - `complete`: one value (`p := 1`, `a.b.c if …`);
 * - `partial-set`: `p contains x`;
 * - `partial-object`: the head ref has a variable after its ground prefix (`p[k] := v`, `a[x].b := v`);
 * - `function`: `f(x) := …`.
 */
export type RuleKind = 'complete' | 'partial-set' | 'partial-object' | 'function'

/** All rules that define one path (`data.a.b.p`), in module order. */
export interface RuleGroup {
  /** The full dotted path: `data.a.b.p`. */
  path: string
  /** The path as segments: `['data', 'a', 'b', 'p']`. */
  segments: string[]
  kind: RuleKind
  /** Non-default rules; each may carry an `else` chain (`rule.else`). */
  rules: Rule[]
  /** `default` rules (more than one is an error reported by check-rule-conflicts). */
  defaults: Rule[]
  /** Number of arguments, for functions. */
  arity?: number
  /**
   * Set by the planner on a group with a variable in its head ref that takes
   * in the rules of the paths below it (`a[x].r contains y` with
   * `a.p.r contains 7`): each such rule with the segments from this path to
   * its own.
   */
  folded?: Map<Rule, string[]>
}

/** The result of a successful run: everything a planner needs. */
export interface CompiledPolicy {
  /**
   * Rewritten copies of the checked modules (the caller's modules are not
   * changed): refs resolved (`data.pkg.rule`, import aliases expanded, user
   * function operators `data.pkg.f`), locals renamed apart (`__localN__`,
   * wildcards `$N`), `:=` turned into `=` (operator `eq`), bodies reordered
   * so every variable is bound before it is used. `rules` holds these same
   * rule objects.
   */
  modules: Module[]
  /** The rule tree, flattened: rule groups by full path (`data.a.b.p`). */
  rules: ReadonlyMap<string, RuleGroup>
  /** Rule path → rule paths its rules read (refs, calls, `with` values). */
  graph: ReadonlyMap<string, ReadonlySet<string>>
  /** Rule paths ordered so that every rule comes after the rules it depends on. */
  order: readonly string[]
  /** Function path → number of arguments. */
  functions: ReadonlyMap<string, number>
  /** The builtins the policy was checked against. */
  builtins: ReadonlyMap<string, BuiltinDecl>
  /** Generated local name (`__local3__`) → the name written in the source. */
  rewrittenVars: ReadonlyMap<string, string>
}

/** A query checked against a compiled policy. */
export interface CompiledQuery {
  diagnostics: Diagnostic[]
  /** The rewritten, reordered query body (absent when there are errors). */
  body?: Body
  /** Generated query-local name (`__localq0__`) → the name written in the query. */
  rewrittenVars: ReadonlyMap<string, string>
  /** Rule paths the query reads. */
  dependencies: ReadonlySet<string>
}

/** The mutable state of one run, passed from stage to stage. */
export interface CompileState {
  modules: Module[]
  builtins: ReadonlyMap<string, BuiltinDecl>
  errorLimit: number
  /** OPA's strict mode (`opa check --strict`): unused imports, locals and arguments, deprecated builtins. */
  strict: boolean
  /** JSON Schemas that type `input` and `data` (`check -s`, METADATA `schemas:`). */
  schemas?: SchemaSet
  diagnostics: Diagnostic[]
  rules: Map<string, RuleGroup>
  graph: Map<string, Set<string>>
  order: string[]
  rewrittenVars: Map<string, string>
  /** Prefix of generated local names: `__local` for modules, `__localq` for queries. */
  localPrefix: string
  counter: { locals: number; wildcards: number }
  /** For a query run: the query body; stages then check it instead of the modules. */
  query?: Body
  report(code: DiagnosticCode, location: Location, message: string, details?: string[], hint?: Hint): void
}

/** A stage of the checker: reads and rewrites the state, reports through `state.report`. */
export interface Stage {
  name: StageName
  run(state: CompileState): void
}

export type StageName =
  | 'rewrite-deep-terms'
  | 'check-imports'
  | 'resolve-refs'
  | 'rewrite-local-vars'
  | 'rewrite-with-targets'
  | 'build-rule-tree'
  | 'check-rule-conflicts'
  | 'check-undefined-functions'
  | 'check-safety'
  | 'rewrite-negated-operands'
  | 'build-dependency-graph'
  | 'check-recursion'
  | 'check-types'
  | 'check-deprecated-builtins'
