/**
 * The checker as one ordered table of stages, as OPA's compile.go has it.
 * The driver runs them in order and stops after the first stage that leaves
 * errors (later stages assume earlier ones held). `stopAfter` ends a run
 * early: tests look at one stage's output with it, and `cordon fmt` checks
 * imports only. "Compile" here is OPA's sense (`ast.CompileModules`, the
 * checker and its rewrites), not code generation (`compileWasm` in @cordon/wasm).
 */
import type { Body, Module } from '../ast.js'
import { builtinDecls } from '@cordon/builtins/declarations'
import { DEFAULT_ERROR_LIMIT, sortDiagnostics, type Diagnostic } from '../diagnostics.js'
import { buildDependencyGraph, groupTree, refsOf } from './build-dependency-graph.js'
import { buildRuleTree } from './build-rule-tree.js'
import { checkDeprecatedBuiltins } from './check-deprecated-builtins.js'
import { checkImports } from './check-imports.js'
import type { SchemaSet } from './check-schema-refs.js'
import { checkRecursion } from './check-recursion.js'
import { checkRuleConflicts } from './check-rule-conflicts.js'
import { checkSafety } from './check-safety.js'
import { checkTypes } from './check-types.js'
import { checkUndefinedFunctions } from './check-undefined-functions.js'
import { resolveRefs } from './resolve-refs.js'
import { rewriteDeepTerms } from './rewrite-deep-terms.js'
import { rewriteLocalVars } from './rewrite-local-vars.js'
import { rewriteNegatedOperands } from './rewrite-negated-operands.js'
import { rewriteWithTargets } from './rewrite-with-targets.js'
import { timeStage } from '../timing/stage-times.js'
import type { BuiltinDecl, CompiledPolicy, CompiledQuery, CompileState, Stage, StageName } from './types.js'

export const stages: readonly Stage[] = [
  // First: every later stage walks terms recursively and needs them shallow.
  { name: 'rewrite-deep-terms', run: rewriteDeepTerms },
  // Before resolution: a name `input`/`data` or a duplicate import would resolve wrongly.
  { name: 'check-imports', run: checkImports },
  // No errors of its own; resolution and every later lookup of rules and functions read it.
  { name: 'build-rule-tree', run: buildRuleTree },
  // Needs the rule tree's package exports; must run before locals are renamed, which
  // would hide which names are rules.
  { name: 'resolve-refs', run: resolveRefs },
  // After resolution, so a local that shadows a rule name is already known as local.
  { name: 'rewrite-local-vars', run: rewriteLocalVars },
  { name: 'rewrite-with-targets', run: rewriteWithTargets },
  { name: 'check-rule-conflicts', run: checkRuleConflicts },
  // Needs resolved operators and the rule tree's arities.
  { name: 'check-undefined-functions', run: checkUndefinedFunctions },
  // Needs known arities: a call binds its extra, last argument.
  { name: 'check-safety', run: checkSafety },
  // After safety has put each negated expression after the bindings of its variables:
  // what OPA evaluates before a negation goes right in front of it.
  { name: 'rewrite-negated-operands', run: rewriteNegatedOperands },
  { name: 'build-dependency-graph', run: buildDependencyGraph },
  { name: 'check-recursion', run: checkRecursion },
  // Last, as in OPA: type errors in recursive or unsafe code would only add noise.
  { name: 'check-types', run: checkTypes },
  // Strict mode only; after the type check, as in OPA.
  { name: 'check-deprecated-builtins', run: checkDeprecatedBuiltins },
]

export interface CompileOptions {
  /** How many errors to report at most (default 10). */
  errorLimit?: number
  /** The builtins a policy may call (default: every builtin OPA declares). */
  builtins?: ReadonlyMap<string, BuiltinDecl>
  /** Stop after this stage (its errors, if any, are still reported). */
  stopAfter?: StageName
  /** OPA's strict mode: unused imports, local assignments and arguments, deprecated builtins are errors. */
  strict?: boolean
  /** JSON Schemas for `input` (and, through METADATA `schemas:` annotations, `data`). */
  schemas?: SchemaSet
  /**
   * The caller gives `modules` up: the checker rewrites them themselves
   * instead of copies. Copying trivy-checks' parsed policy took ~90 ms of
   * CPU and ~18 MB of the build's peak memory (179–185 → 160–163 MB).
   */
  inPlace?: boolean
}

function newState(modules: Module[], options: CompileOptions): CompileState {
  const errorLimit = options.errorLimit ?? DEFAULT_ERROR_LIMIT
  const diagnostics: Diagnostic[] = []
  return {
    modules,
    builtins: options.builtins ?? builtinDecls,
    errorLimit,
    strict: options.strict ?? false,
    ...(options.schemas && { schemas: options.schemas }),
    diagnostics,
    rules: new Map(),
    graph: new Map(),
    order: [],
    rewrittenVars: new Map(),
    localPrefix: '__local',
    counter: { locals: 0, wildcards: 0 },
    report(code, location, message, details, hint) {
      if (diagnostics.length < errorLimit)
        diagnostics.push({ code, location, message, ...(details && { details }), ...(hint && { hint }) })
    },
  }
}

function run(state: CompileState, stopAfter?: StageName, skip: readonly StageName[] = []): void {
  for (const stage of stages) {
    if (!skip.includes(stage.name)) timeStage(`check ${stage.name}`, () => stage.run(state))
    if (state.diagnostics.length > 0 || stage.name === stopAfter) return
  }
}

/**
 * Checks modules as one policy and rewrites copies of them for the planner.
 * The input modules are not changed, unless `options.inPlace`. `compiled` is set when there are no errors.
 *
 * @example
 * const { diagnostics, compiled } = compileModules([parseModule(src, { file: 'a.rego' }).module!])
 */
export function compileModules(
  modules: Module[],
  options: CompileOptions = {},
): { diagnostics: Diagnostic[]; compiled?: CompiledPolicy } {
  const state = newState(options.inPlace ? modules : timeStage('check clone', () => cloneTree(modules)), options)
  run(state, options.stopAfter)
  const diagnostics = sortDiagnostics(state.diagnostics)
  if (diagnostics.length > 0) return { diagnostics }
  const { rules, graph, order, builtins, rewrittenVars } = state
  const functions = new Map([...rules.values()].filter((g) => g.kind === 'function').map((g) => [g.path, g.arity!]))
  return {
    diagnostics,
    compiled: { modules: state.modules, rules, graph, order, functions, builtins, rewrittenVars },
  }
}

/**
 * Checks a query (`data.test.p = x`) against a compiled policy: renames its
 * locals (`__localqN__`), checks calls, reorders it for safety. Refs in a query
 * are absolute already; there is no package to resolve against.
 */
export function compileQuery(body: Body, compiled: CompiledPolicy, options: CompileOptions = {}): CompiledQuery {
  const state = newState([], { builtins: compiled.builtins, ...options })
  state.rules = new Map(compiled.rules)
  state.query = cloneTree(body)
  state.localPrefix = '__localq'
  // The policy's rules are built already; a query has no rules, conflicts or imports of its own.
  run(state, options.stopAfter, [
    'build-rule-tree',
    'resolve-refs',
    'check-rule-conflicts',
    'build-dependency-graph',
    'check-recursion',
  ])
  const diagnostics = sortDiagnostics(state.diagnostics)
  const dependencies = refsOf(state.query, [], groupTree(compiled.rules.values()))
  return {
    diagnostics,
    rewrittenVars: state.rewrittenVars,
    dependencies,
    ...(diagnostics.length === 0 && { body: state.query }),
  }
}

/** How deep {@link cloneTree} recurses before it copies the rest of a branch with an explicit stack. */
const CLONE_RECURSION_LIMIT = 200

/**
 * Copies a JSON-shaped tree, keeping the order of keys. Source locations
 * (`loc`) are shared, not copied: nothing changes a location once the parser
 * made it, and they are a third of the objects. Recursion is the fast way for
 * the usual shallow tree; a branch deeper than CLONE_RECURSION_LIMIT (a
 * 2,000-deep operator chain, which `structuredClone` overflows the stack on)
 * is copied by {@link cloneDeepBranch}.
 */
function cloneTree<T>(tree: T): T {
  return cloneShallow(tree, 0) as T
}

function cloneShallow(from: unknown, depth: number): unknown {
  if (typeof from !== 'object' || from === null) return from
  if (depth > CLONE_RECURSION_LIMIT) return cloneDeepBranch(from)
  if (Array.isArray(from)) {
    const copy: unknown[] = new Array(from.length)
    for (let i = 0; i < from.length; i++) copy[i] = cloneShallow(from[i], depth + 1)
    return copy
  }
  const copy: Record<string, unknown> = {}
  for (const k in from) {
    const x = (from as Record<string, unknown>)[k]
    copy[k] = k === 'loc' ? x : cloneShallow(x, depth + 1)
  }
  return copy
}

/** {@link cloneTree} without recursion, for deep branches. */
function cloneDeepBranch(tree: object): unknown {
  const root: { v?: unknown } = {}
  const stack: [from: unknown, into: Record<string | number, unknown>, key: string | number][] = [[tree, root, 'v']]
  while (stack.length > 0) {
    const [from, into, key] = stack.pop()!
    if (Array.isArray(from)) {
      const copy: unknown[] = new Array(from.length)
      into[key] = copy
      from.forEach((x, i) => stack.push([x, copy as unknown as Record<number, unknown>, i]))
    } else if (from !== null && typeof from === 'object') {
      const copy: Record<string, unknown> = {}
      for (const k of Object.keys(from)) copy[k] = undefined
      into[key] = copy
      for (const [k, x] of Object.entries(from)) {
        if (k === 'loc') copy[k] = x
        else stack.push([x, copy, k])
      }
    } else into[key] = from
  }
  return root.v
}
