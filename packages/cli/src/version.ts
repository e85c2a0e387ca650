import { readFileSync } from 'node:fs'

/**
 * The CLI package's version, read from its package.json at run time. The
 * bundled `dist/main.js` and the package.json sit one folder apart both in the
 * repository and in an installed tarball (package.json is always packed), so
 * the relative URL holds in both.
 */
export function cliVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8')
  const version = (JSON.parse(text) as { version?: unknown }).version
  return typeof version === 'string' ? version : 'unknown'
}
