/**
 * One spelling of an entrypoint name for the engine, the adapters and the CLI.
 *
 * OPA names entrypoints by slash paths below `data` (`opa build -e` and
 * `ref.ParseDataPath`): each segment between slashes is one key, taken as
 * written, so `a.b/c` is the key `a.b` then `c`, and `data/a/b` is a path that
 * starts with a key named `data`. A name without a slash is read as a dotted
 * Rego ref (`data.a.b` or `a.b`), the way `opa eval` queries are written.
 */
export function normalizeEntrypoint(entrypoint: string): string {
  // Slash path: keep every segment verbatim; only surrounding slashes go (OPA adds the leading one itself).
  if (entrypoint.includes('/')) return entrypoint.replace(/^\/+|\/+$/g, '')
  return entrypoint
    .replace(/^data\./, '')
    .split('.')
    .join('/')
}
