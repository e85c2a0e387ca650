/**
 * The staged Rego checker: `compileModules` checks and rewrites a policy for
 * the planner, `compileQuery` checks a query against it, `stages` is the
 * ordered stage table (for tests and the CLI's `--after <stage>`).
 */
export { compileModules, compileQuery, stages, type CompileOptions } from './pipeline.js'
export type { SchemaSet } from './check-schema-refs.js'
export { schemaToType, type SchemaOrigin } from './schema-types.js'
export type {
  BuiltinDecl,
  CompiledPolicy,
  CompiledQuery,
  RuleGroup,
  RuleKind,
  Stage,
  StageName,
} from './types.js'
