/**
 * What `@cordon/engine` and `@cordon/engine/lean` both export: all but
 * `createEngine`, `readBundle` and `compileSchema`, which differ.
 */
export {
  Engine,
  DecisionError,
  BundleLoadError,
  DataValidationError,
  DEFAULT_MAX_MEMORY_PAGES,
  type DataSchema,
  type LoadOptions,
  type EngineOptions,
  type EngineLimits,
  type DecideOptions,
  type EngineEvent,
  type EngineStatus,
} from './engine.js'
export { normalizeEntrypoint } from './entrypoint-name.js'
export { verdictFromResultSet, type Decision, type DenyCode, type Reason, type ResultSet } from './decision.js'
export type { PolicySource } from './live-policy.js'
export { compareRevisions, type RollbackRule } from './rollback.js'
export type { DataPath } from './data-path.js'
export type { ValidateFunction, ValidationError } from './validate.js'
export * from './decision-log/index.js'
export { createBundlePoller, LONG_POLLING_CONTENT_TYPE, type BundlePoller, type BundlePollerOptions, type PollResult } from './bundle-poller.js'
export type { ServiceCredentials } from './bundle/credentials.js'
export type { AwsSigningCredentials } from './bundle/sigv4.js'
export { PolicyInstance, type EvaluateOptions, type ExtraBuiltins, type HostBuiltin, type InstanceOptions } from './policy-instance.js'
export { InputNotJsonError, MissingBuiltinsError, PolicyEvalError, errorFromAbort, type EvalErrorCode } from './errors.js'
export * from './bundle/index.js'
export { readStream, concatBytes } from './bundle/read-stream.js'
export * from './status/index.js'
