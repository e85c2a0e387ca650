/**
 * Writes a delta bundle's result into a live instance: in place where it
 * can (ABI 1.3's add/remove path calls, through `PolicyInstance.patchData`),
 * one write per operation of the value its path holds after all of them, so
 * only the patched parts of the data are written. Else, or when a write does
 * not fit, the whole document is set (still no reload of the policy).
 */
import { getIn } from './data-path.js'
import { ownValue } from './own-property.js'
import type { PatchOperation } from './bundle/delta.js'
import type { PolicyInstance } from './policy-instance.js'

export function writeDelta(
  instance: PolicyInstance,
  before: unknown,
  after: Record<string, unknown>,
  operations: readonly PatchOperation[],
): void {
  const paths = operations.map((op) => objectPrefix(before, after, op.path))
  if (
    !instance.canPatchInPlace ||
    paths.some((p) => p.length === 0) ||
    !paths.every((p) => instance.patchData(p, getIn(after, p)))
  )
    instance.setData(after)
}

/**
 * The part of `path` that runs through objects only, before and after (the
 * in-place calls address object members; an array is written whole). Each
 * write puts the final value of its prefix, so the order of writes does not
 * matter: the last write to any place writes what it finally holds.
 */
function objectPrefix(before: unknown, after: unknown, path: readonly string[]): string[] {
  const prefix: string[] = []
  let a = before
  let b = after
  for (const key of path) {
    if (!isObject(a) && a !== undefined) break
    if (!isObject(b) && b !== undefined) break
    prefix.push(key)
    a = isObject(a) ? ownValue(a, key) : undefined
    b = isObject(b) ? ownValue(b, key) : undefined
    if (Array.isArray(a) || Array.isArray(b)) break
  }
  return prefix
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
