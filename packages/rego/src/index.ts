/**
 * The Rego v1 front end: lexer, parser, AST with source locations, and the
 * staged checker that reports errors with OPA's codes and exact locations.
 *
 * @module \@cordon/rego
 */
export * from './ast.js'
export * from './location.js'
export * from './diagnostics.js'
export * from './check-sources.js'
export * from './ir/ir.js'
export { childBlocks, everyStmt, walkPolicy, walkStmts } from './ir/walk.js'
export { forEachStmtLocal, type LocalVisitor } from './ir/stmt-locals.js'
export * from './checker/index.js'
export * from './syntax/index.js'
export * from './format/index.js'
export * from './planner/index.js'
export * from './entrypoints.js'
export * from './timing/stage-times.js'
