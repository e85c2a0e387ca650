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
import { everyStmt, walkStmts, type Policy } from '@cordon/rego'
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

/** The most statements a call of an uncharged func may run without spending (its uncharged callees' included). */
const MAX_UNCHARGED_STMTS = 256

/**
 * The funcs whose calls spend no fuel at entry: those whose call runs a
 * bounded number of statements without spending, so it can be charged to
 * the step that made it (whose code, Rego having no recursion, bounds how
 * many it makes). A scan's body is charged to its steps, each spending one
 * unit; the rest of a func (its statements outside scan bodies, plus those
 * of the uncharged funcs they call, once per call site) must number at most
 * MAX_UNCHARGED_STMTS, and it must have no `with` and no `CallDynamic`
 * anywhere; a func that spends at entry pays for its own. So a chain of n
 * funcs each calling the next twice (2^n calls) goes uncharged only for its
 * last few levels, and runs out of fuel as before. (Memoised rules count
 * like any func: an undefined value is not memoised, so a rule can run again
 * on every call.)
 */
export function funcsWithoutEntryFuel(policy: Policy): Set<string> {
  const IN_PROGRESS = -1
  const funcs = new Map(policy.funcs.map((f) => [f.name, f]))
  /** Statements a call runs without spending; Infinity for a func that spends at entry. */
  const work = new Map<string, number>()
  const workOf = (name: string): number => {
    const known = work.get(name)
    if (known !== undefined) return known
    work.set(name, IN_PROGRESS)
    let stmts = 0
    let straight = true
    walkStmts(funcs.get(name)!.blocks, (s) => {
      if (!straight) return false
      if (s.type === 'With' || s.type === 'CallDynamic') return (straight = false)
      stmts++
      if (s.type === 'Scan') {
        // Its body is charged to its steps; it may not rebind or call dynamically either.
        straight = everyStmt([s.block], (t) => t.type !== 'With' && t.type !== 'CallDynamic')
        return false
      }
      if (s.type === 'Call' && funcs.has(s.func)) {
        const callee = workOf(s.func)
        // A func on a cycle (none in checked Rego) spends at entry.
        if (callee === IN_PROGRESS) return (straight = false)
        if (callee !== Infinity) stmts += callee
      }
      straight = stmts <= MAX_UNCHARGED_STMTS
      return straight
    })
    const total = straight ? stmts : Infinity
    work.set(name, total)
    return total
  }
  const out = new Set<string>()
  for (const name of funcs.keys()) if (workOf(name) !== Infinity) out.add(name)
  return out
}
