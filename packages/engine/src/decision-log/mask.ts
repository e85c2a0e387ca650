/**
 * Masking of decision-log inputs by JSON pointer, as OPA's mask policy does:
 * erase a path, or replace (upsert) its value.
 */

/** A JSON pointer into the input (`/user/id`) to erase, or an explicit operation. */
export type MaskRule = string | { op: 'remove'; path: string } | { op: 'upsert'; path: string; value: unknown }

/** What masking did, for the event's `erased` / `masked` fields. */
export interface MaskOutcome {
  input: unknown
  erased: string[]
  masked: string[]
}

/**
 * Applies the rules to a copy-on-write clone of `input` (the caller's object
 * is never touched). A rule whose path does not exist is skipped, except an
 * upsert, which creates missing objects on the way as OPA does.
 */
export function applyMask(input: unknown, rules: readonly MaskRule[]): MaskOutcome {
  const out: MaskOutcome = { input, erased: [], masked: [] }
  for (const rule of rules) {
    const r = typeof rule === 'string' ? { op: 'remove' as const, path: rule } : rule
    const keys = parsePointer(r.path)
    if (keys.length === 0) {
      if (r.op === 'remove') {
        out.input = undefined
        out.erased.push(r.path)
      } else {
        out.input = r.value
        out.masked.push(r.path)
      }
      continue
    }
    const next = edit(out.input, keys, r.op === 'upsert' ? { value: r.value } : undefined)
    if (next.changed) {
      out.input = next.value
      ;(r.op === 'remove' ? out.erased : out.masked).push(r.path)
    }
  }
  return out
}

/** RFC 6901: `/a~1b/c~0d` → ['a/b', 'c~d']. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return []
  if (!pointer.startsWith('/')) throw new Error(`mask: '${pointer}' is not a JSON pointer (it must start with '/')`)
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null

function edit(
  node: unknown,
  keys: string[],
  upsert: { value: unknown } | undefined,
): { changed: boolean; value: unknown } {
  const [key, ...rest] = keys as [string, ...string[]]
  if (!isContainer(node)) {
    if (!upsert) return { changed: false, value: node }
    node = {}
  }
  const container = node as Record<string, unknown> | unknown[]
  const isArray = Array.isArray(container)
  const index = isArray ? Number(key) : NaN
  if (isArray && !(Number.isInteger(index) && index >= 0 && index < container.length))
    return { changed: false, value: node }
  const has = isArray ? true : Object.prototype.hasOwnProperty.call(container, key)
  const child = isArray ? container[index] : has ? (container as Record<string, unknown>)[key] : undefined
  if (rest.length === 0) {
    if (!upsert && !has) return { changed: false, value: node }
    const copy: Record<string, unknown> | unknown[] = isArray ? [...container] : { ...container }
    if (upsert) (copy as Record<string, unknown>)[isArray ? index : key] = upsert.value
    else if (isArray) (copy as unknown[]).splice(index, 1)
    else delete (copy as Record<string, unknown>)[key]
    return { changed: true, value: copy }
  }
  if (!has && !upsert) return { changed: false, value: node }
  const sub = edit(child, rest, upsert)
  if (!sub.changed) return { changed: false, value: node }
  const copy: Record<string, unknown> | unknown[] = isArray ? [...container] : { ...container }
  ;(copy as Record<string, unknown>)[isArray ? index : key] = sub.value
  return { changed: true, value: copy }
}
