/**
 * The greatest set of a policy's funcs in which every func's body passes a
 * test that may depend on the set itself (a func is pure when it calls only
 * pure funcs): all funcs at first, removing those that fail until none does.
 */
import type { Func } from '@cordon/rego'

export function greatestFuncSet(
  funcs: ReadonlyMap<string, Func>,
  holds: (func: Func, set: ReadonlySet<string>) => boolean,
): Set<string> {
  const set = new Set(funcs.keys())
  let changed = true
  while (changed) {
    changed = false
    for (const [name, func] of funcs) {
      if (set.has(name) && !holds(func, set)) {
        set.delete(name)
        changed = true
      }
    }
  }
  return set
}
