// Comparison builtins (==, !=, <, <=, >, >=): boolean values.
import { opa_boolean } from "./value";
import { opa_value_compare, opa_value_compare_eq } from "./compare";

export function opa_cmp_eq(a: usize, b: usize): usize { return opa_boolean(opa_value_compare_eq(a, b)); }
export function opa_cmp_neq(a: usize, b: usize): usize { return opa_boolean(opa_value_compare_eq(a, b) ^ 1); }
export function opa_cmp_lt(a: usize, b: usize): usize { return opa_boolean(opa_value_compare(a, b) < 0 ? 1 : 0); }
export function opa_cmp_lte(a: usize, b: usize): usize { return opa_boolean(opa_value_compare(a, b) <= 0 ? 1 : 0); }
export function opa_cmp_gt(a: usize, b: usize): usize { return opa_boolean(opa_value_compare(a, b) > 0 ? 1 : 0); }
export function opa_cmp_gte(a: usize, b: usize): usize { return opa_boolean(opa_value_compare(a, b) >= 0 ? 1 : 0); }
