import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { workspace } from '../testing/run-cli.js'

const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

/** Host-builtin libraries (and the schema command's) that `cordon build` has no use for. */
const HEAVY = /[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(graphql|ajv)[\\/]/

/**
 * Runs the CLI with a preload that lists each CommonJS file it compiles (both
 * libraries are CommonJS, so an import of either shows up here), and returns
 * the heavy libraries among them.
 */
function heavyLibrariesLoaded(args: string[], cwd: string): string[] {
  const preload = path.join(cwd, 'list-modules.cjs')
  writeFileSync(
    preload,
    `const M = require('module'); const seen = new Set(); const compile = M.prototype._compile
M.prototype._compile = function (content, file) { seen.add(file); return compile.apply(this, arguments) }
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(path.join(cwd, 'modules.json'))}, JSON.stringify([...seen])))`,
  )
  const r = spawnSync(process.execPath, ['-r', preload, cli, ...args], { cwd, encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  const files = JSON.parse(readFileSync(path.join(cwd, 'modules.json'), 'utf8')) as string[]
  return [...new Set(files.flatMap((f) => HEAVY.exec(f)?.[1] ?? []))].sort()
}

describe('cordon build start-up', () => {
  const policy = { 'p.rego': 'package p\n\nallow if input.user == "admin"\n' }

  it('imports no host-builtin library: compiling needs the builtins by name only', () => {
    const dir = workspace(policy)
    expect(heavyLibrariesLoaded(['build', 'p.rego', '-e', 'p/allow', '--format', 'wasm', '-o', 'p.wasm'], dir)).toEqual(
      [],
    )
  })

  it('while a command that evaluates does import them (the check above can see them)', () => {
    const dir = workspace(policy)
    expect(heavyLibrariesLoaded(['eval', '-d', 'p.rego', 'data.p.allow'], dir)).toContain('graphql')
  })
})
