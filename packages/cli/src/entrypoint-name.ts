/** `data.a.b`, `a.b` and `a/b` all name the entrypoint `a/b` (the slash form bundles and the engine use). */
export function normalizeEntrypoint(e: string): string {
  return e.replace(/^data[./]/, '').replace(/\./g, '/').replace(/^\/+|\/+$/g, '')
}
