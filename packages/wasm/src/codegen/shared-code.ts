/**
 * Whether helper functions pay for themselves in this policy (issue 18). A
 * helper costs its body once (and, for located errors, the runtime's message
 * formatting, ~200 bytes); each place it serves saves ~20 bytes (fuel at a
 * func's entry) or ~90 (a conflict error on a row of its own: no message of its own). A big set
 * has thousands of such places; a one-rule policy one or two, and is smaller
 * with everything inline. Likewise `eval`'s dispatch: a table pays from a
 * few entrypoints on.
 */
import { walkPolicy, type Policy } from '@cordon/rego'

/** Counts from which the helpers are smaller than inline code. */
const MIN_ERROR_MESSAGES = 3
const MIN_FUEL_PLACES = 3
/** Entrypoints from which eval's dispatch through a table is smaller than a compare per plan. */
const MIN_TABLE_PLANS = 3

export interface SharedCode {
  /** Located errors through `abortAtHelper`/`assignOnceHelper` (abort-at.ts, assign-once.ts). */
  errors: boolean
  /** Fuel at func entry through `cordon_burn_fuel` (FnEmitter.burnFuel). */
  fuel: boolean
  /** `eval` calls the plan through the function table (abi-funcs.ts). */
  dispatchTable: boolean
}

export function sharedCode(policy: Policy): SharedCode {
  // Places on one row share one inline message: count the messages.
  const errorMessages = new Set<string>()
  let fuelPlaces = policy.funcs.length
  walkPolicy(policy, (s) => {
    if ((s.type === 'AssignVarOnce' || s.type === 'ObjectInsertOnce') && s.loc)
      errorMessages.add(`${s.type} ${s.loc.file}:${s.loc.row}`)
    else if (s.type === 'Scan') fuelPlaces++
  })
  return {
    errors: errorMessages.size >= MIN_ERROR_MESSAGES,
    fuel: fuelPlaces >= MIN_FUEL_PLACES,
    dispatchTable: policy.plans.length >= MIN_TABLE_PLANS,
  }
}
