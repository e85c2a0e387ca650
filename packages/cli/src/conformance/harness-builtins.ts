import { builtinDecls, hostBuiltinImpls, type BuiltinDecl, type BuiltinImpl } from '@cordon/builtins'
import { regoParserBuiltins } from '@cordon/rego'

/**
 * `test.sleep(duration)`: a builtin OPA's own test harness registers, used by
 * one conformance case to show `time.now_ns()` is constant within a query.
 * It blocks for real (Atomics.wait), as OPA's sleeps.
 */
const sleepDecl: BuiltinDecl = { name: 'test.sleep', decl: { type: 'function', args: [{ type: 'string' }] } }

const sleep: BuiltinImpl = ([duration]) => {
  const m = /^(\d+)(ms|s)$/.exec(String(duration))
  if (!m) return undefined
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
  return null
}

/** Every builtin declaration plus the harness's own, for compiling conformance cases. */
export const harnessDecls: ReadonlyMap<string, BuiltinDecl> = new Map([...builtinDecls, [sleepDecl.name, sleepDecl]])

/** Cordon's host builtins, the parser's (`rego.parse_module`), plus the harness's own. */
export const harnessImpls: ReadonlyMap<string, BuiltinImpl> = new Map([
  ...hostBuiltinImpls,
  ...regoParserBuiltins,
  [sleepDecl.name, sleep],
])
