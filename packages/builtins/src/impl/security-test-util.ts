/** Helpers for the security builtin tests. */
import type { Value } from '../value/index.js'
import { hostBuiltinImpls } from './index.js'
import { BuiltinError, type BuiltinContext, newBuiltinContext } from './types.js'

export const ctx = (nowNs = 1_780_000_000_000_000_000n): BuiltinContext => newBuiltinContext({ strict: true, nowNs })

export function run(name: string, args: Value[], c: BuiltinContext = ctx()): Value | undefined {
  const impl = hostBuiltinImpls.get(name)
  if (!impl) throw new Error(`no implementation of ${name}`)
  return impl(args, c)
}

/** The BuiltinError a call throws, as { code, message }; fails when it returns. */
export function failure(name: string, args: Value[], c: BuiltinContext = ctx()): { code: string; message: string } {
  try {
    const v = run(name, args, c)
    throw new Error(`${name} returned ${String(v)} instead of failing`)
  } catch (e) {
    if (!(e instanceof BuiltinError)) throw e
    return { code: e.code, message: e.message }
  }
}
