import type { DenyCode, Reason } from './decision.js'
import { PolicyEvalError } from './errors.js'

/** How a thrown evaluation error maps to a deny, and whether the instance must be rebuilt. */
export interface Classified {
  code: DenyCode
  reasons: Reason[]
  message: string
  /** The Wasm state may be damaged (trap, abort outside the runtime's own error paths, memory cap). */
  rebuild: boolean
}

export function classifyError(err: unknown): Classified {
  const message = err instanceof Error ? err.message : String(err)
  if (err instanceof PolicyEvalError) {
    if (err.code === 'resource_exhausted')
      return { code: 'resource_exhausted', reasons: [{ code: err.code, message }], message, rebuild: true }
    if (err.code !== 'engine_error')
      return { code: 'engine_error', reasons: [{ code: err.code, message }], message, rebuild: false }
    if (/failed to parse input/.test(message))
      return {
        code: 'invalid_input',
        reasons: [{ instancePath: '', message: 'the policy module could not parse the input' }],
        message,
        rebuild: true,
      }
    return { code: 'engine_error', reasons: [{ code: err.code, message }], message, rebuild: true }
  }
  if (err instanceof RangeError && /memory|grow|allocat|Array buffer/i.test(message)) {
    return { code: 'resource_exhausted', reasons: [{ code: 'resource_exhausted', message }], message, rebuild: true }
  }
  // Traps (WebAssembly.RuntimeError), stack overflows (RangeError), host bugs.
  return { code: 'engine_error', reasons: [{ code: 'engine_error', message }], message, rebuild: true }
}
