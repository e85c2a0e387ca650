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
export {
  createBundlePoller,
  LONG_POLLING_CONTENT_TYPE,
  type BundlePoller,
  type BundlePollerOptions,
  type PollResult,
} from './bundle-poller.js'
export type { ServiceCredentials } from './bundle/credentials.js'
export type { AwsSigningCredentials } from './bundle/sigv4.js'
export {
  PolicyInstance,
  type EvaluateOptions,
  type ExtraBuiltins,
  type HostBuiltin,
  type InstanceOptions,
} from './policy-instance.js'
export {
  InputNotJsonError,
  MissingBuiltinsError,
  PolicyEvalError,
  errorFromAbort,
  type EvalErrorCode,
} from './errors.js'
export * from './bundle/index.js'
export { readStream, concatBytes } from './bundle/read-stream.js'
export * from './status/index.js'
export { createOciBundlePoller, type OciBundlePollerOptions } from './bundle/oci-poller.js'
export {
  pullOciBundle,
  RegistrySession,
  RegistryError,
  DEFAULT_MAX_MANIFEST_BYTES,
  type OciClientOptions,
  type PulledBundle,
  type FetchedManifest,
} from './bundle/oci-client.js'
export { pushOciBundle, type PushedBundle } from './bundle/oci-push.js'
export { RegistryAuthError, parseChallenge, type RegistryCredentials, type AuthChallenge } from './bundle/oci-auth.js'
export { parseOciReference, formatOciReference, type OciReference } from './bundle/oci-reference.js'
export {
  BUNDLE_LAYER_TYPE,
  OCI_CONFIG_TYPE,
  OCI_MANIFEST_TYPE,
  DOCKER_MANIFEST_TYPE,
  type OciDescriptor,
  type OciManifest,
} from './bundle/oci-manifest.js'
