/**
 * Cordon's host builtins for OPA's own JavaScript SDK
 * (`@open-policy-agent/opa-wasm`), whose `loadPolicy(wasm, memory,
 * customBuiltins)` calls `customBuiltins[name](...args)` with the arguments
 * as plain JSON values and loads the result back as JSON. The SDK implements
 * only OPA_WASM_SDK_BUILTINS itself (and its own win over custom ones).
 *
 *   import { loadPolicy } from '@open-policy-agent/opa-wasm'
 *   import { opaWasmCustomBuiltins } from '@cordon/builtins'
 *   const policy = await loadPolicy(wasm, undefined, opaWasmCustomBuiltins())
 *
 * Values cross as JSON, so sets arrive as arrays and object keys as strings
 * (the SDK's limits, not Cordon's). Results go back as exact JSON text (an
 * ArrayBuffer, which the SDK passes to `opa_json_parse` unchanged), so big
 * integers and numbers past a double stay exact on the way out.
 */
import { fromJson, type Value } from '../value/index.js'
import { marshal } from './json.js'
import { hostBuiltinImpls } from './index.js'
import { BuiltinError, newBuiltinContext, type BuiltinContext, type BuiltinImpl } from './types.js'

/** A builtin in the SDK's `customBuiltins` shape. */
export type OpaWasmCustomBuiltin = (...args: unknown[]) => ArrayBuffer | undefined

/** Options of {@link opaWasmCustomBuiltins}. */
export interface OpaWasmCustomBuiltinsOptions {
  /**
   * Failing builtins throw (ending the evaluation with `code: message`)
   * instead of being undefined (OPA's default, and the default here).
   */
  strict?: boolean
  /** Let `http.send` and `net.lookup_ip_addr` reach the network (default false). */
  allowNetwork?: boolean
  /** Where `print` output goes (default: dropped). */
  print?: (message: string) => void
  /**
   * The context of a call: the SDK has no per-evaluation hook, so by default
   * each call gets a fresh one (`time.now_ns` is then stable within a call,
   * not within an evaluation). Pass one to share it across calls.
   */
  context?: () => BuiltinContext
  /** Which builtins to provide (default: every Cordon host builtin). */
  names?: Iterable<string>
}

/** Cordon's host builtins adapted to the SDK's `customBuiltins` (JSON values in, JSON out). */
export function opaWasmCustomBuiltins(
  options: OpaWasmCustomBuiltinsOptions = {},
): Record<string, OpaWasmCustomBuiltin> {
  const context =
    options.context ??
    (() => newBuiltinContext({ strict: options.strict, allowNetwork: options.allowNetwork, print: options.print }))
  const out: Record<string, OpaWasmCustomBuiltin> = {}
  for (const name of options.names ?? hostBuiltinImpls.keys()) {
    const impl = hostBuiltinImpls.get(name)
    if (impl) out[name] = adapt(name, impl, context, options.strict ?? false)
  }
  return out
}

function adapt(name: string, impl: BuiltinImpl, context: () => BuiltinContext, strict: boolean): OpaWasmCustomBuiltin {
  return (...args) => {
    let result: Value | undefined
    try {
      result = impl(args.map(fromJson), context())
    } catch (err) {
      const conflict = err instanceof BuiltinError && err.code === 'eval_conflict_error'
      if (!strict && !conflict) return undefined
      if (err instanceof BuiltinError) throw new Error(`${err.code}: ${err.message}`, { cause: err })
      throw new Error(`eval_builtin_error: ${name}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      })
    }
    if (result === undefined) return undefined
    const bytes = new TextEncoder().encode(marshal(result, '', ''))
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }
}
