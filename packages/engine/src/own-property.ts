/**
 * Own-property access for names that come from outside (entrypoint names,
 * builtin names a module asks for, data keys): `in` and `o[key]` would find
 * `constructor`, `toString` or `__proto__` on Object.prototype.
 */

/** Whether `o` has `key` as its own property. */
export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** `o[key]` when it is an own property, else undefined. */
export const ownValue = <T>(o: Readonly<Record<string, T>>, key: string): T | undefined =>
  hasOwn(o, key) ? o[key] : undefined

/**
 * `o[key] = value` as JSON.parse does it: an own property even for the key
 * `__proto__`, which plain assignment would take as the prototype.
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}
