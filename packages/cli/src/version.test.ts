import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from './testing/run-cli.js'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

describe('cordon --version', () => {
  it.each([['--version'], ['-v'], ['version']])('%s prints the package version and exits 0', (flag) => {
    // Run from an unrelated folder: the version comes from the package, not the cwd.
    const r = cordon([flag], workspace({}))
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`cordon ${pkg.version}\n`)
  })
})
