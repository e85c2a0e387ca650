/**
 * `o[key] = value` as JSON.parse does it: an own property even for the key
 * `__proto__`, which plain assignment would take as the prototype.
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}
