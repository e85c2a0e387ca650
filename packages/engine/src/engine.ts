/**
 * `createEngine` and `Engine`: typed decisions over a live policy that can be
 * swapped atomically, with input validation, decision logs and fail-closed
 * error handling. Web-standard APIs only.
 */
import { lightHostBuiltinImpls, type BuiltinImpl, type HostBuiltinFamily } from '@cordon/builtins/core'
import type { BundleVerification } from './bundle/verify-signature.js'
import { classifyError } from './classify-error.js'
import { getIn, parseDataPath, setIn, type DataPath } from './data-path.js'
import { DataOverlay } from './data-overlay.js'
import { RevisionHistory, type RollbackRule } from './rollback.js'
import {
  denied,
  verdictFromResultSet,
  type Decision,
  type DenyCode,
  type Reason,
  type ResultSet,
  type Verdict,
} from './decision.js'
import { DecisionLogger, type DecisionLogOptions } from './decision-log/logger.js'
import { parsePointer } from './decision-log/mask.js'
import type { DecisionEvent, DecisionLogSink } from './decision-log/event.js'
import { randomId } from './random-id.js'
import { InputNotJsonError, inputJsonText, PolicyEvalError } from './errors.js'
import { BundleFiles, LivePolicy, type PolicySource } from './live-policy.js'
import { readBundleFilesWith } from './bundle/read-bundle.js'
import { gunzip } from './bundle/gunzip.js'
import { applyPatchOperations, checkDeltaManifest, readDeltaBundle, type DeltaBundle } from './bundle/delta.js'
import { verifyBundleSignature } from './bundle/verify-signature.js'
import { writeDelta } from './write-delta.js'
import type { EvaluateOptions, ExtraBuiltins } from './policy-instance.js'
import { validationReasons, type ValidateFunction } from './validate.js'
import { normalizeEntrypoint } from './entrypoint-name.js'
import type { EngineExtras } from './extras.js'

export interface EngineLimits {
  /**
   * Cap on the policy's linear memory, in 64 KiB pages; reaching it denies
   * with `resource_exhausted`. Default {@link DEFAULT_MAX_MEMORY_PAGES}
   * (128 MiB); `Infinity` lifts it.
   */
  maxMemoryPages?: number
  /** Initial linear memory in pages (default 5, or the module's minimum). */
  initialMemoryPages?: number
  /**
   * Linear memory never shrinks: after a decision that left the instance
   * more than this many times its size when built (and 16 MiB larger), it is
   * rebuilt, giving the spike back. Default 4; `Infinity`: never.
   */
  memoryRebuildFactor?: number
  /** The largest bundle `load` accepts, as given (compressed), in bytes. Default 32 MiB. */
  maxBundleBytes?: number
  /** The largest tar a `.tar.gz` bundle may inflate to; gunzipping stops there. Default 128 MiB. */
  maxUncompressedBundleBytes?: number
  /**
   * Steps (loop iterations and rule/function calls) one evaluation may take;
   * past it the decision denies with `resource_exhausted`. Default: the
   * budget compiled into the module (Cordon's compiler: 10,000,000). Modules
   * built by OPA have no counter and rely on the memory cap.
   */
  fuel?: number
}

/** 2048 pages, 128 MiB: the default cap on a policy's linear memory. */
export const DEFAULT_MAX_MEMORY_PAGES = 2048

/** A JSON Schema that the data document must satisfy at `path` (default: the whole document). */
export interface DataSchema {
  path?: DataPath
  /** Compiled with ajv when the engine is created (needs `new Function`: Node, Deno, Bun); `@cordon/engine` only, the lean entry refuses it. */
  schema?: object
  /** A validator precompiled by `cordon schema compile` (every runtime); wins over `schema`. */
  validate?: ValidateFunction
}

/** Options of `load`. */
export interface LoadOptions {
  /** Load a revision the rollback rule would refuse (a deliberate rollback). */
  allowRollback?: boolean
}

/** Options of {@link createEngine}. Give `bundle`, or `wasm` (+ `data`), or neither (decisions deny `no_policy` until `load`). */
export interface EngineOptions {
  /** A `bundle.tar.gz` (built by `cordon build` or `opa build -t wasm`). */
  bundle?: Uint8Array | ArrayBuffer
  /** A compiled module (edge runtimes: the imported `.wasm`) or its bytes, instead of a bundle. */
  wasm?: WebAssembly.Module | BufferSource
  /** The data document that goes with `wasm`. */
  data?: Record<string, unknown>
  /** The revision reported for `wasm` + `data`. */
  revision?: string
  /** A JSON Schema the input must satisfy; compiled with ajv here (needs `new Function`: Node, Deno, Bun); `@cordon/engine` only, the lean entry refuses it. */
  schema?: object
  /** A validator precompiled by `cordon schema compile` (works on every runtime); wins over `schema`. */
  validate?: ValidateFunction
  /** Where decision events go and what to mask. */
  decisionLog?: DecisionLogOptions
  /**
   * Extra builtins: SDK-style functions (plain JSON in and out) by Rego name,
   * and custom builtins made by `defineBuiltin` (in the record or as a list).
   * A module calling a builtin that is provided neither here nor by `hostBuiltins` fails to load, naming it.
   */
  builtins?: ExtraBuiltins
  /**
   * Value-level host builtins; `builtins` are added to them. Default: Cordon's
   * `hostBuiltinImpls`, of which only the light set (`lightHostBuiltinImpls`) is
   * imported up front; the rest is imported when a loaded module first needs it
   * (`@cordon/engine/lean`: the light set, and no more unless given in `hostBuiltinFamilies`).
   */
  hostBuiltins?: ReadonlyMap<string, BuiltinImpl>
  /**
   * Families of host builtins (`@cordon/builtins/families/*`) added to
   * `hostBuiltins`. With `@cordon/engine/lean`, which imports no family by
   * itself, give those holding the builtins the module calls (`cordon build`
   * lists them); with `@cordon/engine` they are imported on first need anyway.
   */
  hostBuiltinFamilies?: readonly HostBuiltinFamily[]
  /** Strict builtin errors: a failing builtin is an error (deny `engine_error`) instead of undefined. */
  strict?: boolean
  limits?: EngineLimits
  /** Refuse bundles that are not signed by one of these keys (OPA's `.signatures.json`). */
  verification?: BundleVerification
  /**
   * Schemas of the data: `load`, `setData` and `patchData` refuse data that
   * fails one (with the reasons), and the old data stays live.
   */
  dataSchemas?: readonly DataSchema[]
  /** Which revisions `load` refuses as a rollback (default `'history'`). */
  rollback?: RollbackRule
  /** Used when `decide` gets no entrypoint (default: the bundle manifest's first). */
  defaultEntrypoint?: string
  /** Throw a {@link DecisionError} instead of returning a deny when no decision can be made. */
  throwOnError?: boolean
  /**
   * A smoke evaluation every new policy must pass before it goes live (default:
   * the default entrypoint with input `{}` must not trap); `false` skips it.
   */
  smokeTest?: false | { input?: unknown; entrypoint?: string }
  /** Load, reload and rebuild events, for monitoring. */
  onEvent?: (event: EngineEvent) => void
  /** Where the policy's `print` / `opa_println` output goes. */
  print?: (message: string) => void
}

export interface DecideOptions {
  /** The entrypoint, as a slash path (`ai_access/decision`) or `data.ai_access.decision`. */
  entrypoint?: string
  throwOnError?: boolean
}

/** What happened to the engine's policy. */
export type EngineEvent =
  /** `delta`: a delta bundle patched the live data (the policy stayed). */
  | { type: 'loaded'; revision?: string; previousRevision?: string; delta?: true }
  | { type: 'load_failed'; error: string; revision?: string }
  | { type: 'rebuilt'; revision?: string; reason: string }
  | { type: 'shadow_diff'; entrypoint: string; decisionId: string; live: Decision; shadow: Decision }
  /** A live patch the new data replaced at its path (see `patchData`). */
  | { type: 'patch_dropped'; path: string[]; revision?: string }

/** The engine's status: what is live and the last update that failed. */
export interface EngineStatus {
  revision?: string
  entrypoints: string[]
  loadedAt?: string
  lastError?: { message: string; at: string }
  /** Decisions made, and how many were denied for engine reasons (not by the policy). */
  decisions: number
  failures: number
  rebuilds: number
}

/** Thrown by `decide` with `throwOnError` when no decision can be made. */
export class DecisionError extends Error {
  override name = 'DecisionError'
  constructor(
    readonly code: DenyCode,
    message: string,
    readonly decision: Decision,
  ) {
    super(message)
  }
}

/** Thrown (rejected) by `load` when the new policy cannot go live; the old one stays. */
export class BundleLoadError extends Error {
  override name = 'BundleLoadError'
}

/** Thrown by `setData` / `patchData` (and the cause of a `BundleLoadError`) when data fails a data schema; the old data stays. */
export class DataValidationError extends Error {
  override name = 'DataValidationError'
  constructor(
    message: string,
    readonly reasons: Reason[],
  ) {
    super(message)
  }
}

/**
 * Decision ids: UUID-shaped (`xxxxxxxx-xxxx-4xxx-yxxx-cccccccccccc`, 36
 * characters, lower-case hex). The first 24 characters are a random v4 UUID's,
 * drawn once per generator (74 random bits); the last 12 are a counter. Unique
 * within an engine, unique across engines and processes with overwhelming
 * probability, and far cheaper than a fresh random UUID per decision.
 */
class DecisionIds {
  private prefix = randomId().slice(0, 24)
  private counter = 0
  /** The prefix and the counter's hex digits but the last three, which change every 4,096 ids. */
  private head = ''
  next(): string {
    const low = this.counter & 0xfff
    if (low === 0) {
      if (this.counter >= 0xffffffffffff) {
        this.prefix = randomId().slice(0, 24)
        this.counter = 0
      }
      this.head =
        this.prefix +
        Math.floor(this.counter / 0x1000)
          .toString(16)
          .padStart(9, '0')
    }
    this.counter++
    return this.head + lowHex(low)
  }
}

let LOW_HEX: string[] | undefined
/** Three hex digits, from a table: Number#toString(16) would cost more than the rest of the id. */
function lowHex(n: number): string {
  LOW_HEX ??= Array.from({ length: 0x1000 }, (_, i) => i.toString(16).padStart(3, '0'))
  return LOW_HEX[n]!
}

/**
 * A verdict with the decision's identity. Written out rather than spread:
 * V8's object spread costs microseconds here, on every decision.
 */
function withIdentity(v: Verdict, decisionId: string, revision: string | undefined, entrypoint: string): Decision {
  return v.code === undefined
    ? { allow: v.allow, reasons: v.reasons, result: v.result, decisionId, revision, entrypoint }
    : { allow: v.allow, code: v.code, reasons: v.reasons, result: v.result, decisionId, revision, entrypoint }
}

/** The deny for input that is not JSON data. */
function notJson(err: InputNotJsonError): { verdict: Verdict; error: string; inputError: true } {
  const error = `the input is not JSON: ${err.message}`
  return { verdict: denied('invalid_input', [{ instancePath: '', message: error }]), error, inputError: true }
}

/**
 * What is wrong with `decide`'s options, or undefined: they come from callers
 * that may pass anything, and a wrong type must deny, never throw.
 */
function invalidOptions(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return 'decide: options must be an object'
  const o = options as { entrypoint?: unknown; throwOnError?: unknown }
  if (o.entrypoint !== undefined && typeof o.entrypoint !== 'string')
    return 'decide: options.entrypoint must be a string'
  if (o.throwOnError !== undefined && typeof o.throwOnError !== 'boolean')
    return 'decide: options.throwOnError must be a boolean'
  return undefined
}

/** `limits.maxMemoryPages` as the Memory's maximum: the default cap, or none for `Infinity`. */
const memoryCap = (pages: number | undefined): number | undefined =>
  pages === undefined ? DEFAULT_MAX_MEMORY_PAGES : Number.isFinite(pages) ? pages : undefined

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/**
 * A policy engine: one live policy, swapped atomically by `load`, evaluated
 * by `decide` into typed decisions that fail closed. Create with
 * {@link createEngine}.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ bundle, schema })
 * const d = await engine.decide({ user: 'alice' }, { entrypoint: 'ai_access/decision' })
 * if (!d.allow) return new Response(JSON.stringify(d), { status: 403 })
 * ```
 */
export class Engine<Input = unknown, Result extends object = Record<string, unknown>> {
  private live: LivePolicy | undefined
  private shadowPolicy: LivePolicy | undefined
  private loading: Promise<unknown> = Promise.resolve()
  private closed = false
  private logger: DecisionLogger | undefined
  private readonly listeners = new Set<(event: EngineEvent) => void>()
  private readonly stats: EngineStatus = { entrypoints: [], decisions: 0, failures: 0, rebuilds: 0 }

  /** @internal use {@link createEngine} */
  constructor(
    private readonly options: EngineOptions,
    private readonly validator: ValidateFunction | undefined,
    private readonly dataValidators: readonly { path: string[]; validate: ValidateFunction }[] = [],
    private readonly extras: EngineExtras = {},
  ) {
    if (options.decisionLog) {
      for (const rule of options.decisionLog.mask ?? []) parsePointer(typeof rule === 'string' ? rule : rule.path)
      this.logger = new DecisionLogger(options.decisionLog)
    }
  }

  /** The live bundle's revision (undefined when none is loaded). */
  get revision(): string | undefined {
    return this.live?.revision
  }

  /** The live policy's entrypoints. */
  get entrypoints(): string[] {
    return this.live?.entrypoints ?? []
  }

  /** What is live, when it went live, and the last failed update. */
  get status(): Readonly<EngineStatus> {
    return { ...this.stats, revision: this.live?.revision, entrypoints: this.entrypoints }
  }

  /** Bytes of linear memory the live instance holds (for monitoring the cap). */
  get memoryBytes(): number {
    return this.live?.instance.memoryBytes ?? 0
  }

  /**
   * Decides: validates the input, evaluates the entrypoint and maps its value
   * to a {@link Decision}. Never throws (unless `throwOnError`): any failure is
   * `allow: false` with a stable `code`.
   */
  async decide(input: Input, options: DecideOptions = {}): Promise<Decision<Result>> {
    return this.decideSync(input, options)
  }

  /** `decide`, synchronously (evaluation is synchronous; only loads are async). */
  decideSync(input: Input, options: DecideOptions = {}): Decision<Result> {
    // The clock is read only for the decision log's duration.
    const started = this.logger ? now() : 0
    const decisionId = this.ids.next()
    const live = this.closed ? undefined : this.live
    const badOptions = invalidOptions(options)
    if (badOptions !== undefined) options = {}
    const entrypoint = this.normalized(
      options.entrypoint ?? this.options.defaultEntrypoint ?? live?.defaultEntrypoint ?? '',
    )
    const run =
      badOptions === undefined
        ? this.run(live, input, entrypoint)
        : { verdict: denied('invalid_options', [badOptions]), error: badOptions }
    const decision = withIdentity(run.verdict, decisionId, live?.revision, entrypoint)
    if (live !== undefined && live.instance.memoryBytes > live.memoryCeiling)
      this.rebuild(live, 'memory grew past the rebuild factor')
    this.stats.decisions++
    if (run.error) this.stats.failures++
    const shadow = this.shadowPolicy
    if (shadow && !run.inputError) this.compareShadow(shadow, input, entrypoint, decision)
    if (this.logger) {
      this.logger.log({
        decision_id: decisionId,
        timestamp: new Date().toISOString(),
        entrypoint,
        revision: live?.revision,
        input,
        result: run.value,
        allow: decision.allow,
        ...(decision.code === undefined ? {} : { code: decision.code }),
        duration_ms: now() - started,
        ...(run.error ? { error: run.error } : {}),
      })
    }
    if (run.error && (options.throwOnError ?? this.options.throwOnError))
      throw new DecisionError(decision.code as DenyCode, run.error, decision)
    // The fields are the policy's: `Result` is the caller's statement of what they are.
    return decision as Decision<Result>
  }

  /**
   * The raw result set of one evaluation, as `@open-policy-agent/opa-wasm`
   * returns it (`[]` or `[{ result }]`). Unlike `decide`, errors are thrown
   * (PolicyEvalError); the instance is rebuilt after a trap all the same.
   */
  evaluate(input: unknown, entrypoint: string): ResultSet {
    const live = this.live
    if (!live || this.closed) throw new PolicyEvalError('engine_error', 'no policy is loaded')
    const ep = normalizeEntrypoint(entrypoint)
    if (!live.instance.hasEntrypoint(ep))
      throw new PolicyEvalError('engine_error', `entrypoint ${ep} is not in this policy`)
    try {
      return live.instance.evaluate(input, ep, { strict: this.options.strict })
    } catch (err) {
      if (classifyError(err).rebuild) this.rebuild(live, err)
      throw err
    }
  }

  /**
   * Replaces the live policy atomically: reads, verifies (when configured),
   * compiles, instantiates and smoke-evaluates the new one first. On any
   * failure the old policy stays live, `status.lastError` says why, and the
   * returned promise rejects with a {@link BundleLoadError}. Loads run one at
   * a time, in call order.
   */
  load(source: PolicySource, options: LoadOptions = {}): Promise<{ revision?: string; delta?: boolean }> {
    const next = this.loading.then(() => this.loadNow(source, options))
    this.loading = next.catch(() => {})
    return next
  }

  /**
   * Replaces the data document atomically. The live patches are laid over it
   * as over a new bundle's data (see `patchData`). On failure (not JSON, a
   * data schema, memory cap) the old data stays and the error is thrown.
   */
  setData(data: Record<string, unknown>): void {
    const live = this.requireLive('setData')
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new TypeError('setData: the data document must be an object')
    const base = JSON.parse(JSON.stringify(data)) as Record<string, unknown>
    const { data: next, kept, dropped } = this.overlay.rebase(base)
    this.checkData(next)
    this.applyData(live, next, () => live.instance.setData(next))
    live.base = base
    this.overlay.keep(kept)
    for (const p of dropped) this.emit({ type: 'patch_dropped', path: [...p.path], revision: live.revision })
  }

  /**
   * Sets (or with `undefined` removes) one value in the data document,
   * atomically: in place through ABI 1.3's `opa_value_add_path` /
   * `opa_value_remove_path` where the module has them, else by rebuilding the
   * data document. `path`: `'a/b'`, `'data.a.b'` or `['a', 'b']`. Data that
   * fails a data schema is refused (thrown) and the old data stays.
   *
   * A patch is an overlay: it survives `load` and `setData` until
   * `clearPatches` removes it, or until new data changes the value at its
   * path (then the new data wins, and a `patch_dropped` event says so).
   */
  patchData(path: DataPath, value: unknown): void {
    const live = this.requireLive('patchData')
    const keys = parseDataPath(path)
    const copy = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown)
    const next = setIn(live.data, keys, copy)
    this.checkData(next)
    this.applyData(live, next, () => {
      if (keys.length === 0 || !live.instance.patchData(keys, copy)) live.instance.setData(next)
    })
    this.overlay.add(live.base, keys, copy)
  }

  /** The live patches, in the order they apply (see `patchData`). */
  get patches(): { path: string[]; value: unknown }[] {
    return this.overlay.patches.map((p) => ({ path: [...p.path], value: p.value }))
  }

  /**
   * Removes the live patches at or below `path` (all without one) and puts
   * back the data underneath; returns how many were removed.
   */
  clearPatches(path?: DataPath): number {
    const live = this.requireLive('clearPatches')
    const keys = path === undefined ? undefined : parseDataPath(path)
    const removed = this.overlay.clear(keys)
    if (removed > 0) {
      const { data: next } = this.overlay.rebase(live.base)
      this.applyData(live, next, () => live.instance.setData(next))
    }
    return removed
  }

  /**
   * Runs a candidate policy beside the live one on the same inputs: decisions
   * that differ are reported as `shadow_diff` events; callers always get the
   * live decision. `undefined` stops shadowing.
   */
  async setShadow(source: PolicySource | undefined): Promise<void> {
    this.shadowPolicy = source === undefined ? undefined : await this.prepare(source)
  }

  /** Flushes the decision log and stops serving: later decisions deny `no_policy`. */
  async close(): Promise<void> {
    this.closed = true
    await this.loading
    await this.logger?.close()
  }

  /**
   * Records a decision made outside the engine (an adapter's deny for a
   * request it could not build an input for) in the decision log, masked
   * like the engine's own. No-op without a decision log.
   */
  logDecision(event: Omit<DecisionEvent, 'erased' | 'masked'>): void {
    this.logger?.log(event)
  }

  /**
   * Adds a decision-log sink after creation (telemetry, status, a second
   * collector); returns a function that removes it. Without a `decisionLog`
   * option the engine starts one, with no mask, on the first call.
   */
  addDecisionSink(sink: DecisionLogSink): () => void {
    this.logger ??= new DecisionLogger({ sinks: [] })
    return this.logger.add(sink)
  }

  /**
   * Calls `listener` with every later {@link EngineEvent}, after `onEvent`;
   * returns a function that unsubscribes. A listener that throws is ignored.
   */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Sends queued decision events now. */
  async flushLogs(): Promise<void> {
    await this.logger?.flush()
  }

  private readonly ids = new DecisionIds()
  private readonly overlay = new DataOverlay()
  private readonly revisions = new RevisionHistory()
  /** The same options object for every evaluation (not one per decision). */
  private get evaluateOptions(): EvaluateOptions {
    return (this.evalOptions ??= { strict: this.options.strict, print: this.options.print })
  }
  private evalOptions: EvaluateOptions | undefined
  private readonly entrypointCache = new Map<string, string>()

  /** `normalizeEntrypoint`, cached per engine (callers pass the same few names decision after decision). */
  private normalized(entrypoint: string): string {
    // Most callers pass one name: the last one is checked first, without a Map lookup.
    if (entrypoint === this.lastEntrypoint) return this.lastNormalized
    let ep = this.entrypointCache.get(entrypoint)
    if (ep === undefined) {
      ep = normalizeEntrypoint(entrypoint)
      if (this.entrypointCache.size >= 256) this.entrypointCache.clear()
      this.entrypointCache.set(entrypoint, ep)
    }
    this.lastEntrypoint = entrypoint
    this.lastNormalized = ep
    return ep
  }

  private lastEntrypoint: string | undefined
  private lastNormalized = ''

  private run(
    live: LivePolicy | undefined,
    input: unknown,
    entrypoint: string,
  ): { verdict: Verdict; value?: unknown; error?: string; inputError?: boolean } {
    if (!live) return { verdict: denied('no_policy', ['no policy is loaded']), error: 'no policy is loaded' }
    const id = live.instance.entrypointNumber(entrypoint)
    if (id === undefined) {
      const error = `entrypoint ${entrypoint || '(none)'} is not in this policy`
      return { verdict: denied('entrypoint_not_found', [error]), error }
    }
    if (this.validator) {
      // Not-JSON input is reported as such before the schema has its say.
      try {
        inputJsonText(input)
      } catch (err) {
        return notJson(err as InputNotJsonError)
      }
      let ok = false
      let reasons: Reason[]
      try {
        ok = this.validator(input)
        reasons = validationReasons(this.validator)
      } catch (err) {
        reasons = [{ instancePath: '', message: `validation failed: ${(err as Error).message}` }]
      }
      if (!ok)
        return {
          verdict: denied('invalid_input', reasons),
          error: 'the input does not match the schema',
          inputError: true,
        }
    }
    try {
      // The decision log records the entrypoint's value; without one, the verdict is read straight from memory.
      if (!this.logger) return { verdict: live.instance.evaluateVerdict(input, id, this.evaluateOptions) }
      const resultSet = live.instance.evaluate(input, id, this.evaluateOptions)
      return { verdict: verdictFromResultSet(resultSet), value: resultSet[0]?.result }
    } catch (err) {
      if (err instanceof InputNotJsonError) return notJson(err)
      const c = classifyError(err)
      if (c.rebuild) this.rebuild(live, err)
      return { verdict: denied(c.code, c.reasons), error: c.message, inputError: c.code === 'invalid_input' }
    }
  }

  private compareShadow(shadow: LivePolicy, input: unknown, entrypoint: string, live: Decision): void {
    try {
      const run = this.run(shadow, input, entrypoint)
      const other = withIdentity(run.verdict, live.decisionId, shadow.revision, entrypoint)
      if (
        other.allow !== live.allow ||
        other.code !== live.code ||
        JSON.stringify(other.result) !== JSON.stringify(live.result)
      ) {
        this.emit({ type: 'shadow_diff', entrypoint, decisionId: live.decisionId, live, shadow: other })
      }
    } catch {
      // the shadow never affects the live decision
    }
  }

  private rebuild(live: LivePolicy, err: unknown): void {
    this.stats.rebuilds++
    try {
      live.rebuild()
      this.emit({
        type: 'rebuilt',
        revision: live.revision,
        reason: typeof err === 'string' ? err : classifyError(err).message,
      })
    } catch (e) {
      // Keep the damaged instance out of service: the next decision tries again.
      this.stats.lastError = { message: `rebuild failed: ${(e as Error).message}`, at: new Date().toISOString() }
    }
  }

  private applyData(live: LivePolicy, next: Record<string, unknown>, apply: () => void): void {
    try {
      apply()
      live.data = next
      live.setCeiling()
    } catch (err) {
      // The instance may hold half-written data: rebuild it from the old document.
      this.rebuild(live, err)
      throw err
    }
  }

  /** Throws a DataValidationError when `data` fails a data schema. */
  private checkData(data: Record<string, unknown>): void {
    for (const { path, validate } of this.dataValidators) {
      const at = path.length === 0 ? 'the data document' : `data at ${path.join('/')}`
      const value = getIn(data, path)
      if (value === undefined)
        throw new DataValidationError(`${at} is missing, but a data schema is configured for it`, [
          { instancePath: '', message: 'is missing' },
        ])
      if (validate(value)) continue
      const reasons = validationReasons(validate)
      const text = reasons
        .map((r) => (typeof r === 'string' ? r : `${r.instancePath || '/'} ${r.message}`))
        .slice(0, 5)
        .join('; ')
      throw new DataValidationError(`${at} does not match its schema: ${text}`, reasons)
    }
  }

  private requireLive(what: string): LivePolicy {
    if (!this.live || this.closed) throw new Error(`${what}: no policy is loaded`)
    return this.live
  }

  private prepare(source: PolicySource | BundleFiles): Promise<LivePolicy> {
    const o = this.options
    const { moreHostBuiltins, readYaml } = this.extras
    // By default only the light builtins are loaded; a family of the others (which
    // import @noble/curves, graphql, re2js, yaml, …) only for a module that calls one.
    const base = o.hostBuiltins ?? lightHostBuiltinImpls
    const hostBuiltins = o.hostBuiltinFamilies?.length
      ? new Map([...base, ...o.hostBuiltinFamilies.flatMap((f) => Object.entries(f))])
      : base
    return LivePolicy.prepare(source, {
      hostBuiltins,
      moreHostBuiltins:
        o.hostBuiltins || !moreHostBuiltins ? undefined : (missing) => moreHostBuiltins(hostBuiltins, missing),
      readYaml,
      builtins: o.builtins,
      maxMemoryPages: memoryCap(o.limits?.maxMemoryPages),
      initialMemoryPages: o.limits?.initialMemoryPages,
      memoryRebuildFactor: o.limits?.memoryRebuildFactor ?? 4,
      bundleLimits: { maxBytes: o.limits?.maxBundleBytes, maxUncompressedBytes: o.limits?.maxUncompressedBundleBytes },
      fuel: o.limits?.fuel,
      verification: o.verification,
      println: o.print,
    })
  }

  private async loadNow(source: PolicySource, options: LoadOptions): Promise<{ revision?: string; delta?: boolean }> {
    if (this.closed) throw new BundleLoadError('load: the engine is closed')
    let candidate: LivePolicy
    let rebased: ReturnType<DataOverlay['rebase']>
    try {
      let read: PolicySource | BundleFiles = source
      if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
        const limits = this.options.limits
        const files = await readBundleFilesWith(
          source instanceof Uint8Array ? source : new Uint8Array(source),
          gunzip,
          { maxBytes: limits?.maxBundleBytes, maxUncompressedBytes: limits?.maxUncompressedBundleBytes },
        )
        const delta = readDeltaBundle(files)
        if (delta) return await this.applyDelta(delta, files, options)
        read = new BundleFiles(files)
      }
      candidate = await this.prepare(read)
      if (options.allowRollback !== true)
        this.revisions.check(this.options.rollback ?? 'history', candidate.revision, this.live?.revision)
      // The live patches go over the new data where it has not changed under them.
      rebased = this.overlay.rebase(candidate.base)
      this.checkData(rebased.data)
      if (rebased.kept.length > 0) {
        candidate.instance.setData(rebased.data)
        candidate.data = rebased.data
        candidate.setCeiling()
      }
      this.smoke(candidate)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.stats.lastError = { message, at: new Date().toISOString() }
      this.emit({ type: 'load_failed', error: message })
      throw new BundleLoadError(message, { cause: err })
    }
    const previousRevision = this.live?.revision
    this.revisions.retire(previousRevision, candidate.revision)
    this.live = candidate
    this.overlay.keep(rebased.kept)
    this.stats.loadedAt = new Date().toISOString()
    for (const p of rebased.dropped)
      this.emit({ type: 'patch_dropped', path: [...p.path], revision: candidate.revision })
    this.emit({ type: 'loaded', revision: candidate.revision, previousRevision })
    return { revision: candidate.revision }
  }

  /**
   * A delta bundle: its operations patch the live data in place, as OPA
   * applies them, without a reload of the policy. Any failure throws (and
   * `loadNow` records it) before the live data changes.
   */
  private async applyDelta(
    delta: DeltaBundle,
    files: ReadonlyMap<string, Uint8Array>,
    options: LoadOptions,
  ): Promise<{ revision?: string; delta: true }> {
    if (!this.live) throw new Error('delta bundle: no snapshot bundle is live to patch')
    if (this.options.verification) await verifyBundleSignature(files, this.options.verification)
    // No await from here on: the data patched is the data live now.
    const live = this.requireLive('delta bundle')
    checkDeltaManifest(delta.manifest, live.manifest)
    const revision = delta.manifest.revision
    if (options.allowRollback !== true)
      this.revisions.check(this.options.rollback ?? 'history', revision, live.revision)
    const base = applyPatchOperations(live.base, delta.operations)
    const { data: next, kept, dropped } = this.overlay.rebase(base)
    this.checkData(next)
    const before = live.data
    const noOverlay = this.overlay.patches.length === 0
    this.applyData(live, next, () =>
      noOverlay ? writeDelta(live.instance, before, next, delta.operations) : live.instance.setData(next),
    )
    live.base = base
    this.overlay.keep(kept)
    const previousRevision = live.revision
    this.revisions.retire(previousRevision, revision)
    live.revision = revision
    live.manifest = { ...live.manifest, revision, metadata: delta.manifest.metadata }
    this.stats.loadedAt = new Date().toISOString()
    for (const p of dropped) this.emit({ type: 'patch_dropped', path: [...p.path], revision })
    this.emit({ type: 'loaded', revision, previousRevision, delta: true })
    return { revision, delta: true }
  }

  private smoke(candidate: LivePolicy): void {
    const test = this.options.smokeTest
    if (test === false) return
    const entrypoint = normalizeEntrypoint(
      test?.entrypoint ?? this.options.defaultEntrypoint ?? candidate.defaultEntrypoint ?? '',
    )
    if (!candidate.instance.hasEntrypoint(entrypoint)) {
      if (test?.entrypoint) throw new Error(`smoke test: entrypoint ${entrypoint} is not in the new policy`)
      return
    }
    try {
      candidate.instance.evaluateText(JSON.stringify(test?.input ?? {}), entrypoint, { strict: false })
    } catch (err) {
      const c = classifyError(err)
      // A Rego error on the smoke input is the policy's business; a trap is not.
      // The code leads, so fuel and the memory cap read alike (resource_exhausted).
      if (c.rebuild)
        throw new Error(`smoke test: ${c.message.startsWith(`${c.code}: `) ? c.message : `${c.code}: ${c.message}`}`, {
          cause: err,
        })
    }
  }

  private emit(event: EngineEvent): void {
    for (const listener of [this.options.onEvent, ...this.listeners]) {
      try {
        listener?.(event)
      } catch {
        // monitoring never breaks the engine
      }
    }
  }

  /** @internal the initial load of createEngine */
  async init(source: PolicySource | undefined): Promise<void> {
    if (source !== undefined) await this.load(source)
  }
}

/**
 * `createEngine` of an entry (`@cordon/engine` or `@cordon/engine/lean`),
 * with that entry's extras.
 */
export async function createEngineWith<Input, Result extends object>(
  extras: EngineExtras,
  options: EngineOptions,
): Promise<Engine<Input, Result>> {
  const compile = (schema: object, what: string) => {
    if (!extras.compileSchema)
      throw new TypeError(
        `${what}: @cordon/engine/lean compiles no JSON Schema; precompile it with 'cordon schema compile' and pass a validate function, or use @cordon/engine`,
      )
    return extras.compileSchema(schema)
  }
  const validate = options.validate ?? (options.schema ? await compile(options.schema, 'schema') : undefined)
  const dataValidators = await Promise.all(
    (options.dataSchemas ?? []).map(async (d) => {
      const fn = d.validate ?? (d.schema ? await compile(d.schema, 'dataSchemas') : undefined)
      if (!fn) throw new TypeError('dataSchemas: each entry needs a schema or a validate function')
      return { path: d.path === undefined ? [] : parseDataPath(d.path), validate: fn }
    }),
  )
  const engine = new Engine<Input, Result>(options, validate, dataValidators, extras)
  const source: PolicySource | undefined =
    options.bundle !== undefined
      ? options.bundle
      : options.wasm !== undefined
        ? { wasm: options.wasm, data: options.data, revision: options.revision }
        : undefined
  await engine.init(source)
  return engine
}
