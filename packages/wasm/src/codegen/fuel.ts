/**
 * Fuel: a budget of steps per evaluation, so no policy runs away with
 * `decide()` or `load()`'s smoke test (issue 14.13). A step is a scan
 * iteration (the loop's back-edge) or a func call (function entry); Rego has
 * no other loop in generated code. A func that does bounded work by itself
 * (see `funcsWithoutEntryFuel`) spends nothing at entry: its work is charged to
 * the step that called it. A scan's step is the runtime's
 * `cordon_scan_step`, which spends the fuel in the runtime's counter. Every evaluation (`eval`, `cordon_warm`)
 * starts with the exported mutable global `cordon_fuel_limit` in an internal
 * counter; when it runs out the module aborts with FUEL_EXHAUSTED, which the
 * engine reports as `resource_exhausted`. The host may set the limit (the
 * engine's `limits.fuel`); hosts that know nothing of it (the OPA SDK) get
 * the one compiled in. Loops inside the runtime's native builtins are not
 * counted: their work is bounded by the size of their arguments and the
 * memory cap.
 */
import { everyStmt, type Policy } from '@cordon/rego'
import { ExternalKind, ValType, type ModuleLinker } from '../binary/index.js'

/** Steps an evaluation may take when neither the compiler nor the host says otherwise. */
const DEFAULT_FUEL = 10_000_000
/** The largest limit an i32 counter holds. */
const MAX_FUEL = 0x7fffffff

/** The abort message; its `resource_exhausted: ` prefix is what the engine matches. */
export const FUEL_EXHAUSTED = 'resource_exhausted: the evaluation used up its fuel (steps: scan iterations and calls)'

/**
 * The fuel globals, and whether a scan's step is the runtime's
 * `cordon_scan_step`, which spends the fuel itself and leaves the value at
 * the cursor in the global `scanStep.value`.
 */
export interface Fuel {
  counter: number
  limit: number
  scanStep?: { value: number }
}

/**
 * Adds the exported limit, and the counter unless the runtime has its own
 * (`runtime`: the globals `cordon_fuel` and `cordon_scan_v` of
 * runtime/assembly/fuel.ts, which `cordon_scan_step` sets); returns their
 * global indices.
 */
export function addFuel(
  linker: ModuleLinker,
  limit = DEFAULT_FUEL,
  runtime?: { counter: number; scanValue: number },
): Fuel {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`fuel must be a positive integer, got ${limit}`)
  const fuel = {
    counter: runtime?.counter ?? linker.addGlobal(ValType.i32, true, 0),
    limit: linker.addGlobal(ValType.i32, true, Math.min(limit, MAX_FUEL)),
    scanStep: runtime && { value: runtime.scanValue },
  }
  linker.addExport('cordon_fuel_limit', ExternalKind.global, fuel.limit)
  return fuel
}

/**
 * The funcs whose calls spend no fuel at entry: those that do a bounded
 * amount of work per call by themselves, so their calls can be charged to the
 * step that made them (whose code, Rego having no recursion, bounds how many
 * it makes). A func qualifies when it has no scan, no `with` and no
 * `CallDynamic` ("straight"), and every func it calls either spends fuel
 * itself or is straight and calls no func. So at most two levels of calls go
 * uncharged: a chain of n funcs each calling the next twice (2^n calls) still
 * spends at every level but the last two, and runs out of fuel as before.
 * (Memoised rules count like any func: an undefined value is not memoised,
 * so a rule can run again on every call.)
 */
export function funcsWithoutEntryFuel(policy: Policy): Set<string> {
  const straight = new Map<string, Set<string>>()
  const known = new Set(policy.funcs.map((f) => f.name))
  for (const func of policy.funcs) {
    const callees = new Set<string>()
    const ok = everyStmt(func.blocks, (s) => {
      if (s.type === 'Scan' || s.type === 'With' || s.type === 'CallDynamic') return false
      if (s.type === 'Call' && known.has(s.func)) callees.add(s.func)
      return true
    })
    if (ok) straight.set(func.name, callees)
  }
  const out = new Set<string>()
  for (const [name, callees] of straight) {
    let bounded = true
    for (const c of callees) {
      const calleeCalls = straight.get(c)
      // A straight callee that calls funcs may itself go uncharged: not a third level.
      if (calleeCalls !== undefined && calleeCalls.size > 0) bounded = false
    }
    if (bounded) out.add(name)
  }
  return out
}
