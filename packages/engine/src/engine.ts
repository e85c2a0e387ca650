/**
 * `createEngine` and `Engine`: typed decisions over a live policy that can be
 * swapped atomically, with input validation, decision logs and fail-closed
 * error handling. Web-standard APIs only.
 */
import { lightHostBuiltinImpls, type BuiltinImpl } from '@cordon/builtins/core'
import type { BundleVerification } from './bundle/verify-signature.js'
import { classifyError } from './classify-error.js'
import { parseDataPath, setIn, type DataPath } from './data-path.js'
import { denied, verdictFromResultSet, type Decision, type DenyCode, type Reason, type ResultSet, type Verdict } from './decision.js'
import { DecisionLogger, type DecisionLogOptions } from './decision-log/logger.js'
import { parsePointer } from './decision-log/mask.js'
import type { DecisionEvent } from './decision-log/event.js'
import { InputNotJsonError, inputJsonText, PolicyEvalError } from './errors.js'
import { LivePolicy, type PolicySource } from './live-policy.js'
import type { EvaluateOptions, ExtraBuiltins } from './policy-instance.js'
import { compileSchema, validationReasons, type ValidateFunction } from './validate.js'

/** Cordon's full `hostBuiltinImpls`, imported on first need (it evaluates the heavy libraries). */
const loadAllHostBuiltins = async (): Promise<ReadonlyMap<string, BuiltinImpl>> => (await import('@cordon/builtins/impls')).hostBuiltinImpls

export interface EngineLimits {
  /** Cap on the policy's linear memory, in 64 KiB pages; reaching it denies with `resource_exhausted`. */
  maxMemoryPages?: number
  /** Initial linear memory in pages (default 5, or the module's minimum). */
  initialMemoryPages?: number
  /**
   * Steps (loop iterations and rule/function calls) one evaluation may take;
   * past it the decision denies with `resource_exhausted`. Default: the
   * budget compiled into the module (Cordon's compiler: 10,000,000). Modules
   * built by OPA have no counter and rely on the memory cap.
   */
  fuel?: number
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
  /** A JSON Schema the input must satisfy; compiled with ajv here (needs `new Function`: Node, Deno, Bun). */
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
   * imported up front; the rest is imported when a loaded module first needs it.
   */
  hostBuiltins?: ReadonlyMap<string, BuiltinImpl>
  /** Strict builtin errors: a failing builtin is an error (deny `engine_error`) instead of undefined. */
  strict?: boolean
  limits?: EngineLimits
  /** Refuse bundles that are not signed by one of these keys (OPA's `.signatures.json`). */
  verification?: BundleVerification
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
  | { type: 'loaded'; revision?: string; previousRevision?: string }
  | { type: 'load_failed'; error: string; revision?: string }
  | { type: 'rebuilt'; revision?: string; reason: string }
  | { type: 'shadow_diff'; entrypoint: string; decisionId: string; live: Decision; shadow: Decision }

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

const randomId = (): string =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => ((c === 'x' ? 0 : 8) + Math.floor(Math.random() * (c === 'x' ? 16 : 4))).toString(16))

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
      this.head = this.prefix + Math.floor(this.counter / 0x1000).toString(16).padStart(9, '0')
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

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/** Slash form of an entrypoint: `data.a.b` and `a.b` → `a/b`. */
export function normalizeEntrypoint(entrypoint: string): string {
  if (entrypoint.includes('/')) return entrypoint.replace(/^\/+|\/+$/g, '')
  return entrypoint.replace(/^data\./, '').split('.').join('/')
}

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
export class Engine {
  private live: LivePolicy | undefined
  private shadowPolicy: LivePolicy | undefined
  private loading: Promise<unknown> = Promise.resolve()
  private closed = false
  private readonly logger: DecisionLogger | undefined
  private readonly stats: EngineStatus = { entrypoints: [], decisions: 0, failures: 0, rebuilds: 0 }

  /** @internal use {@link createEngine} */
  constructor(
    private readonly options: EngineOptions,
    private readonly validator: ValidateFunction | undefined,
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
  async decide(input: unknown, options: DecideOptions = {}): Promise<Decision> {
    return this.decideSync(input, options)
  }

  /** `decide`, synchronously (evaluation is synchronous; only loads are async). */
  decideSync(input: unknown, options: DecideOptions = {}): Decision {
    // The clock is read only for the decision log's duration.
    const started = this.logger ? now() : 0
    const decisionId = this.ids.next()
    const live = this.closed ? undefined : this.live
    const entrypoint = this.normalized(options.entrypoint ?? this.options.defaultEntrypoint ?? live?.defaultEntrypoint ?? '')
    const run = this.run(live, input, entrypoint)
    const decision = withIdentity(run.verdict, decisionId, live?.revision, entrypoint)
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
    if (run.error && (options.throwOnError ?? this.options.throwOnError)) throw new DecisionError(decision.code as DenyCode, run.error, decision)
    return decision
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
    if (!(ep in live.instance.entrypoints)) throw new PolicyEvalError('engine_error', `entrypoint ${ep} is not in this policy`)
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
  load(source: PolicySource): Promise<{ revision?: string }> {
    const next = this.loading.then(() => this.loadNow(source))
    this.loading = next.catch(() => {})
    return next
  }

  /**
   * Replaces the data document atomically. On failure (not JSON, memory cap)
   * the old data stays and the error is thrown.
   */
  setData(data: Record<string, unknown>): void {
    const live = this.requireLive('setData')
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new TypeError('setData: the data document must be an object')
    const text = JSON.stringify(data)
    this.applyData(live, JSON.parse(text) as Record<string, unknown>, () => live.instance.setData(text))
  }

  /**
   * Sets (or with `undefined` removes) one value in the data document,
   * atomically: in place through ABI 1.3's `opa_value_add_path` /
   * `opa_value_remove_path` where the module has them, else by rebuilding the
   * data document. `path`: `'a/b'`, `'data.a.b'` or `['a', 'b']`.
   */
  patchData(path: DataPath, value: unknown): void {
    const live = this.requireLive('patchData')
    const keys = parseDataPath(path)
    const copy = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown)
    const next = setIn(live.data, keys, copy)
    this.applyData(live, next, () => {
      if (keys.length === 0 || !live.instance.patchData(keys, copy)) live.instance.setData(next)
    })
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

  /** Sends queued decision events now. */
  async flushLogs(): Promise<void> {
    await this.logger?.flush()
  }

  private readonly ids = new DecisionIds()
  /** The same options object for every evaluation (not one per decision). */
  private get evaluateOptions(): EvaluateOptions {
    return (this.evalOptions ??= { strict: this.options.strict, print: this.options.print })
  }
  private evalOptions: EvaluateOptions | undefined
  private readonly entrypointCache = new Map<string, string>()

  /** `normalizeEntrypoint`, cached per engine (callers pass the same few names decision after decision). */
  private normalized(entrypoint: string): string {
    let ep = this.entrypointCache.get(entrypoint)
    if (ep === undefined) {
      ep = normalizeEntrypoint(entrypoint)
      if (this.entrypointCache.size >= 256) this.entrypointCache.clear()
      this.entrypointCache.set(entrypoint, ep)
    }
    return ep
  }

  private run(live: LivePolicy | undefined, input: unknown, entrypoint: string): { verdict: Verdict; value?: unknown; error?: string; inputError?: boolean } {
    if (!live) return { verdict: denied('no_policy', ['no policy is loaded']), error: 'no policy is loaded' }
    if (!(entrypoint in live.instance.entrypoints)) {
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
      if (!ok) return { verdict: denied('invalid_input', reasons), error: 'the input does not match the schema', inputError: true }
    }
    try {
      // The decision log records the entrypoint's value; without one, the verdict is read straight from memory.
      if (!this.logger) return { verdict: live.instance.evaluateVerdict(input, entrypoint, this.evaluateOptions) }
      const resultSet = live.instance.evaluate(input, entrypoint, this.evaluateOptions)
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
      if (other.allow !== live.allow || other.code !== live.code || JSON.stringify(other.result) !== JSON.stringify(live.result)) {
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
      this.emit({ type: 'rebuilt', revision: live.revision, reason: classifyError(err).message })
    } catch (e) {
      // Keep the damaged instance out of service: the next decision tries again.
      this.stats.lastError = { message: `rebuild failed: ${(e as Error).message}`, at: new Date().toISOString() }
    }
  }

  private applyData(live: LivePolicy, next: Record<string, unknown>, apply: () => void): void {
    try {
      apply()
      live.data = next
    } catch (err) {
      // The instance may hold half-written data: rebuild it from the old document.
      this.rebuild(live, err)
      throw err
    }
  }

  private requireLive(what: string): LivePolicy {
    if (!this.live || this.closed) throw new Error(`${what}: no policy is loaded`)
    return this.live
  }

  private prepare(source: PolicySource): Promise<LivePolicy> {
    const o = this.options
    // By default only the light builtins are loaded; the full set (which imports
    // @noble/curves, graphql, re2js, yaml, …) only for a module that needs more.
    return LivePolicy.prepare(source, {
      hostBuiltins: o.hostBuiltins ?? lightHostBuiltinImpls,
      moreHostBuiltins: o.hostBuiltins ? undefined : loadAllHostBuiltins,
      builtins: o.builtins,
      maxMemoryPages: o.limits?.maxMemoryPages,
      initialMemoryPages: o.limits?.initialMemoryPages,
      fuel: o.limits?.fuel,
      verification: o.verification,
      println: o.print,
    })
  }

  private async loadNow(source: PolicySource): Promise<{ revision?: string }> {
    if (this.closed) throw new BundleLoadError('load: the engine is closed')
    let candidate: LivePolicy
    try {
      candidate = await this.prepare(source)
      this.smoke(candidate)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.stats.lastError = { message, at: new Date().toISOString() }
      this.emit({ type: 'load_failed', error: message })
      throw new BundleLoadError(message, { cause: err })
    }
    const previousRevision = this.live?.revision
    this.live = candidate
    this.stats.loadedAt = new Date().toISOString()
    this.emit({ type: 'loaded', revision: candidate.revision, previousRevision })
    return { revision: candidate.revision }
  }

  private smoke(candidate: LivePolicy): void {
    const test = this.options.smokeTest
    if (test === false) return
    const entrypoint = normalizeEntrypoint(test?.entrypoint ?? this.options.defaultEntrypoint ?? candidate.defaultEntrypoint ?? '')
    if (!(entrypoint in candidate.instance.entrypoints)) {
      if (test?.entrypoint) throw new Error(`smoke test: entrypoint ${entrypoint} is not in the new policy`)
      return
    }
    try {
      candidate.instance.evaluateText(JSON.stringify(test?.input ?? {}), entrypoint, { strict: false })
    } catch (err) {
      const c = classifyError(err)
      // A Rego error on the smoke input is the policy's business; a trap is not.
      if (c.rebuild) throw new Error(`smoke test: ${c.message}`)
    }
  }

  private emit(event: EngineEvent): void {
    try {
      this.options.onEvent?.(event)
    } catch {
      // monitoring never breaks the engine
    }
  }

  /** @internal the initial load of createEngine */
  async init(source: PolicySource | undefined): Promise<void> {
    if (source !== undefined) await this.load(source)
  }
}

/**
 * Creates an engine and loads its first policy. Rejects when that policy
 * cannot be loaded (there is no last-known-good yet) or the schema does not
 * compile; with neither `bundle` nor `wasm` the engine starts empty and
 * denies `no_policy` until `load`.
 *
 * @example Node, from a bundle and a JSON Schema
 * ```ts
 * import { createEngine } from '@cordon/engine'
 * import { loadBundleFromFile } from '@cordon/engine/node'
 *
 * const engine = await createEngine({ bundle: await loadBundleFromFile('bundle.tar.gz'), schema })
 * const d = await engine.decide(input, { entrypoint: 'ai_access/decision' })
 * // d: { allow, code, reasons, result, decisionId, revision, entrypoint }
 * ```
 *
 * @example Edge (workerd): the module imported at top level, a precompiled validator
 * ```ts
 * import wasm from './policy.wasm'
 * import validate from './validator.js' // cordon schema compile schema.json -o validator.js
 * const engine = await createEngine({ wasm, data, validate })
 * ```
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const validate = options.validate ?? (options.schema ? await compileSchema(options.schema) : undefined)
  const engine = new Engine(options, validate)
  const source: PolicySource | undefined =
    options.bundle !== undefined ? options.bundle : options.wasm !== undefined ? { wasm: options.wasm, data: options.data, revision: options.revision } : undefined
  await engine.init(source)
  return engine
}
