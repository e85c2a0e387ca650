/**
 * The `cordon` command line. Its programmatic surface is small: the file
 * finder and the diagnostic reporters, shared with tools that embed it, and
 * `expectDecision` for application tests that assert decisions.
 *
 * @module \@cordon/cli
 */
export { findFiles } from './fs/find-files.js'
export { renderJson } from './reporters/json.js'
export { renderPretty } from './reporters/pretty.js'
export {
  expectDecision,
  type DecisionAssertions,
  type DecisionSource,
  type Evaluator,
} from './assertions/expect-decision.js'
/** The conformance runner behind `cordon conformance`, for scripts that report on it. */
export * as conformance from './conformance/index.js'
