// Fuel (src/codegen/fuel.ts): the steps an evaluation may still take. The
// counter lives here so that a scan's step (next element, its value and one
// unit of fuel) is one call of cordon_scan_step instead of two calls plus 17
// bytes of inline decrement and test in every loop of the generated code
// (issue 18). The
// generated code sets it from its limit at the start of an evaluation and
// spends it at each func's entry.
import { abortWith } from "./abi";
import { scanNext, scanValue, cordon_scan_sorted_next } from "./access";

export let cordon_fuel: i32 = 0;
/** The value at the cursor cordon_scan_step returned (a load: cheaper than the call of cordon_scan_value it saves a loop). */
export let cordon_scan_v: usize = 0;

// Must equal FUEL_EXHAUSTED in src/codegen/fuel.ts (runtime-lib.test.ts checks it).
const FUEL_EXHAUSTED = "resource_exhausted: the evaluation used up its fuel (steps: scan iterations and calls)";

/**
 * A scan's next cursor (cordon_scan_next), spending one unit of fuel when
 * there is one, its value (cordon_scan_value) in cordon_scan_v.
 */
export function cordon_scan_step(v: usize, cursor: usize): usize {
  let next = scanNext(v, cursor);
  if (next != 0) {
    burn();
    cordon_scan_v = scanValue(v, next);
  }
  return next;
}

/** cordon_scan_step in Rego's value order (cordon_scan_sorted_next). */
export function cordon_scan_sorted_step(v: usize, cursor: usize): usize {
  let next = cordon_scan_sorted_next(v, cursor);
  if (next != 0) burn();
  return next;
}

// @ts-ignore: decorator
@inline function burn(): void {
  cordon_fuel -= 1;
  if (cordon_fuel < 0) abortWith(FUEL_EXHAUSTED);
}
