/** Accepts `pkg/rule`, `pkg.rule` and `data.pkg.rule`, as OPA's `-e` does; returns `pkg/rule`. */
export function normalizeEntrypoint(e: string): string {
  return e.replace(/^data[./]/, '').replace(/\./g, '/').replace(/^\/+|\/+$/g, '')
}
