/**
 * The staged Rego checker: `compileModules` checks and rewrites a policy for
 * the planner, `compileQuery` checks a query against it, `stages` is the
 * ordered stage table (tests run part of it with `stopAfter`). The names
 * follow OPA's `ast.CompileModules`; no code is generated here.
 */
export { compileModules, compileQuery, stages, type CompileOptions } from './pipeline.js'
export type { SchemaSet } from './check-schema-refs.js'
export { schemaToType, type SchemaOrigin } from './schema-types.js'
export type { BuiltinDecl, CompiledPolicy, CompiledQuery, RuleGroup, RuleKind, Stage, StageName } from './types.js'
