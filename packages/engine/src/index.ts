/**
 * @module @cordon/engine
 *
 * Loads policies compiled to WebAssembly in OPA's Wasm ABI (by Cordon or by
 * `opa build -t wasm`) and decides with them. Uses only Web-standard APIs, so
 * it runs unchanged in Node, workerd, Vercel's edge runtime, Deno and Bun.
 * Never imports the compiler. Node-only helpers are in `@cordon/engine/node`.
 *
 * @example
 * ```ts
 * import { createEngine } from '@cordon/engine'
 *
 * const engine = await createEngine({ bundle, schema, decisionLog: { sinks: [consoleSink()], mask: ['/user/id'] } })
 * const d = await engine.decide(input, { entrypoint: 'ai_access/decision' })
 * // d: { allow, code, reasons, result, decisionId, revision, entrypoint }
 * await engine.load(newBundle) // atomic; on any failure the old one stays live
 * ```
 */
export {
  createEngine,
  Engine,
  DecisionError,
  BundleLoadError,
  DataValidationError,
  DEFAULT_MAX_MEMORY_PAGES,
  normalizeEntrypoint,
  type DataSchema,
  type LoadOptions,
  type EngineOptions,
  type EngineLimits,
  type DecideOptions,
  type EngineEvent,
  type EngineStatus,
} from './engine.js'
export { verdictFromResultSet, type Decision, type DenyCode, type Reason, type ResultSet } from './decision.js'
export type { PolicySource } from './live-policy.js'
export { compareRevisions, type RollbackRule } from './rollback.js'
export type { DataPath } from './data-path.js'
export { compileSchema, type ValidateFunction, type ValidationError } from './validate.js'
export * from './decision-log/index.js'
export { createBundlePoller, type BundlePoller, type BundlePollerOptions, type PollResult } from './bundle-poller.js'
export { PolicyInstance, type EvaluateOptions, type ExtraBuiltins, type HostBuiltin, type InstanceOptions } from './policy-instance.js'
export { InputNotJsonError, MissingBuiltinsError, PolicyEvalError, errorFromAbort, type EvalErrorCode } from './errors.js'
export * from './bundle/index.js'
export { readStream, concatBytes } from './bundle/read-stream.js'
