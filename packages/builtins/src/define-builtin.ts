/**
 * `defineBuiltin`: a custom Rego builtin declared once — name, argument and
 * result types in OPA's capabilities form, and the TypeScript implementation —
 * and usable everywhere Cordon takes builtins: the checker and compiler (it is
 * a `BuiltinDecl`), the engine (it is a `BuiltinImpl`), `cordon … --builtins`.
 *
 * The decision path is synchronous (Wasm calls the host synchronously), so
 * implementations must be synchronous: an `async function` is refused here,
 * and a Promise returned at run time is an `eval_builtin_error`.
 */
import { builtinDecls } from './registry.js'
import type { BuiltinDecl, FunctionDecl, TypeDecl } from './types.js'
import { BuiltinError, builtinError, typeError, type BuiltinContext, type BuiltinImpl } from './impl/types.js'
import { DecimalNumber, RegoObject, RegoSet, toTermText, typeName, type Value } from './value/index.js'

/** The most arguments `opa_builtin0..4` pass one by one; host builtins with more get them packed in one array. */
export const MAX_UNPACKED_HOST_ARGS = 4

/** The TypeScript type of an argument declared as `T`. */
export type ArgValue<T extends TypeDecl> = T extends { type: 'string' }
  ? string
  : T extends { type: 'number' }
    ? number | bigint
    : T extends { type: 'boolean' }
      ? boolean
      : T extends { type: 'null' }
        ? null
        : T extends { type: 'array' }
          ? Value[]
          : T extends { type: 'object' }
            ? RegoObject
            : T extends { type: 'set' }
              ? RegoSet
              : Value

/** What an implementation may return: Rego values, or plain JS arrays / objects / Sets / Maps holding them. */
export type Returnable =
  | Value
  | readonly Returnable[]
  | { readonly [key: string]: Returnable }
  | ReadonlySet<Returnable>
  | ReadonlyMap<Returnable, Returnable>

/** The TypeScript type of a result declared as `T` (plain JS containers are converted). */
export type ResultValue<T extends TypeDecl | undefined> = T extends { type: 'string' }
  ? string
  : T extends { type: 'number' }
    ? number | bigint
    : T extends { type: 'boolean' }
      ? boolean
      : T extends { type: 'null' }
        ? null
        : T extends { type: 'array' }
          ? readonly Returnable[]
          : T extends { type: 'object' }
            ? RegoObject | { readonly [key: string]: Returnable } | ReadonlyMap<Returnable, Returnable>
            : T extends { type: 'set' }
              ? RegoSet | ReadonlySet<Returnable>
              : Returnable

type ArgValues<A extends readonly TypeDecl[]> = {
  -readonly [K in keyof A]: A[K] extends TypeDecl ? ArgValue<A[K]> : never
}

/** What `defineBuiltin` takes. */
export interface BuiltinSpec<
  A extends readonly TypeDecl[] = readonly TypeDecl[],
  R extends TypeDecl | undefined = TypeDecl | undefined,
> {
  /** The Rego name, dotted for namespaces: `acme.risk_score`. */
  name: string
  /** Argument types, in OPA's capabilities form (`{ type: 'string' }`, `{ type: 'set', of: … }`, …). */
  args: A
  /** The result type (default `{ type: 'any' }`). */
  result?: R
  /** A new value per call (clock, randomness, I/O): memoised per evaluation by arguments, as OPA does. */
  nondeterministic?: boolean
  /** Allow a name OPA already declares (the declaration and host implementation are replaced; builtins the Wasm runtime implements natively stay native, and so do the common calls of those with a native fast path, such as valid timestamps of time.parse_rfc3339_ns). */
  override?: boolean
  /** A short description, for docs and the capabilities file. */
  description?: string
  /**
   * The implementation: the arguments (typed from `args`), then the
   * evaluation's context. Return `undefined` for "no value"; throw to fail
   * (undefined in non-strict mode, `eval_builtin_error` in strict mode).
   * Must be synchronous.
   */
  impl: (...args: [...ArgValues<A>, BuiltinContext]) => ResultValue<R> | undefined
}

/** A custom builtin: a `BuiltinDecl` (for the checker and compiler) that is also its `BuiltinImpl` (for the engine). */
export interface BuiltinDefinition extends BuiltinDecl, BuiltinImpl {
  /** Also assignable to SDK-style `(...args: unknown[]) => unknown` slots (the engine tells definitions apart at run time). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: any[]): Value | undefined
  readonly name: string
  readonly decl: FunctionDecl
  readonly nondeterministic?: boolean
  readonly description?: string
  readonly [DEFINITION]: true
}

/** Marks definitions; `Symbol.for` so that two copies of this package recognise each other's. */
const DEFINITION: unique symbol = Symbol.for('cordon.builtin-definition') as never

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/

/**
 * Declares a custom builtin and its implementation in one. The argument types
 * of `impl` are inferred from `args`:
 *
 * ```ts
 * export const riskScore = defineBuiltin({
 *   name: 'acme.risk_score',
 *   args: [{ type: 'string' }, { type: 'number' }],
 *   result: { type: 'number' },
 *   impl: (model, tokens) => (model.startsWith('gpt') ? 2 : 1) * Number(tokens),
 * })
 * ```
 *
 * At run time the arguments are checked against the declared top-level types
 * (a mismatch is OPA's `eval_type_error`), numbers too large for a double
 * arrive as their nearest double, and builtins with more than 4 arguments are
 * unpacked from the single array the compiler passes them in.
 */
export function defineBuiltin<const A extends readonly TypeDecl[], const R extends TypeDecl | undefined = undefined>(
  spec: BuiltinSpec<A, R>,
): BuiltinDefinition {
  const { name, impl } = spec
  if (typeof name !== 'string' || !NAME.test(name))
    throw new TypeError(
      `defineBuiltin: invalid builtin name ${JSON.stringify(name)} (letters, digits and _, dotted: acme.risk_score)`,
    )
  if (typeof impl !== 'function') throw new TypeError(`defineBuiltin ${name}: impl must be a function`)
  if (impl.constructor?.name === 'AsyncFunction' || impl.constructor?.name === 'AsyncGeneratorFunction') {
    throw new TypeError(
      `defineBuiltin ${name}: impl is async, but builtins run inside a synchronous Wasm call and cannot await; make it synchronous (fetch what it needs before the decision and pass it as input or data)`,
    )
  }
  if (!Array.isArray(spec.args))
    throw new TypeError(`defineBuiltin ${name}: args must be an array of type declarations`)
  if (builtinDecls.has(name) && !spec.override)
    throw new TypeError(
      `defineBuiltin: ${name} is one of OPA's builtins; choose another name (acme.${name}) or pass override: true`,
    )
  const argTypes = spec.args as readonly TypeDecl[]
  const arity = argTypes.length
  const decl: FunctionDecl = { type: 'function', args: [...argTypes], result: spec.result ?? { type: 'any' } }
  const call = impl as unknown as (...args: unknown[]) => unknown

  const run = (args: Value[], ctx: BuiltinContext): Value | undefined => {
    // Over 4 arguments, the compiled call passes them packed in one array (see MAX_UNPACKED_HOST_ARGS).
    if (arity > MAX_UNPACKED_HOST_ARGS && args.length === 1 && Array.isArray(args[0])) args = args[0]
    if (args.length !== arity) throw builtinError(name, `expected ${arity} arguments, got ${args.length}`)
    const typed = args.map((a, i) => checkArg(name, i, argTypes[i]!, a))
    let out: unknown
    try {
      out = call(...typed, ctx)
    } catch (err) {
      if (err instanceof BuiltinError) throw err
      throw builtinError(name, err instanceof Error ? err.message : String(err))
    }
    if (
      out !== null &&
      (typeof out === 'object' || typeof out === 'function') &&
      typeof (out as { then?: unknown }).then === 'function'
    ) {
      ;(out as Promise<unknown>).then(undefined, () => {}) // no unhandled rejection from the refused promise
      throw builtinError(name, 'returned a Promise, but builtins must be synchronous (the decision path cannot await)')
    }
    if (out === undefined) return undefined
    const value = toValue(name, out)
    const want = decl.result!
    if (!conforms(value, want)) throw builtinError(name, `returned ${typeName(value)}, declared ${describe(want)}`)
    return value
  }

  const fn = spec.nondeterministic
    ? (args: Value[], ctx: BuiltinContext): Value | undefined => {
        // OPA's rule: within one evaluation, the same call gives the same value.
        const key = `${name}\u0000${args.map(toTermText).join('\u0000')}`
        const hit = ctx.cache.get(key)
        if (hit !== undefined) return hit
        const v = run(args, ctx)
        if (v !== undefined) ctx.cache.set(key, v)
        return v
      }
    : run
  Object.defineProperty(fn, 'name', { value: name })
  Object.defineProperty(fn, 'length', { value: 2 })
  const def = Object.assign(fn, {
    decl,
    ...(spec.nondeterministic ? { nondeterministic: true } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    [DEFINITION]: true as const,
  })
  return def as unknown as BuiltinDefinition
}

/** Whether `x` was made by `defineBuiltin` (by any copy of this package). */
export function isBuiltinDefinition(x: unknown): x is BuiltinDefinition {
  return typeof x === 'function' && (x as unknown as Record<symbol, unknown>)[DEFINITION] === true
}

/** A declaration map: `base` (default: OPA's builtins) plus the definitions, which win. */
export function withCustomBuiltins(
  defs: readonly BuiltinDecl[],
  base: ReadonlyMap<string, BuiltinDecl> = builtinDecls,
): Map<string, BuiltinDecl> {
  const out = new Map(base)
  for (const d of defs)
    out.set(d.name, { name: d.name, decl: d.decl, ...(d.nondeterministic ? { nondeterministic: true } : {}) })
  return out
}

function checkArg(name: string, i: number, want: TypeDecl, v: Value): unknown {
  if (!conforms(v, want)) throw typeError(name, i + 1, describe(want), v)
  // Numbers beyond a double's exact range or precision come as DecimalNumber: give the nearest double.
  return v instanceof DecimalNumber ? Number(v.text) : v
}

/** Top-level check of a value against a declared type (contents of composites are not walked). */
function conforms(v: Value, t: TypeDecl): boolean {
  switch (t.type) {
    case 'any':
      return !t.of || t.of.length === 0 || t.of.some((o) => conforms(v, o))
    case 'function':
      return false
    default:
      return typeName(v) === t.type
  }
}

function describe(t: TypeDecl): string {
  if (t.type === 'any' && t.of?.length) return `one of {${t.of.map(describe).join(', ')}}`
  return t.type
}

/** Plain JS results → Rego values (arrays, plain objects, Sets, Maps); anything else is an error. */
function toValue(name: string, x: unknown): Value {
  switch (typeof x) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return x
    case 'number':
      if (!Number.isFinite(x)) throw builtinError(name, `returned ${x}, which is not a Rego number`)
      return x
    case 'object': {
      if (x === null || x instanceof RegoObject || x instanceof RegoSet || x instanceof DecimalNumber) return x
      if (Array.isArray(x)) return x.map((e) => toValue(name, e))
      if (x instanceof Set) return new RegoSet([...x].map((e) => toValue(name, e)))
      if (x instanceof Map) return new RegoObject([...x].map(([k, v]) => [toValue(name, k), toValue(name, v)] as const))
      const proto = Object.getPrototypeOf(x)
      if (proto === Object.prototype || proto === null) {
        return new RegoObject(
          Object.entries(x)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, toValue(name, v)] as const),
        )
      }
    }
  }
  throw builtinError(
    name,
    `returned a ${typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x}, which is not a Rego value`,
  )
}
