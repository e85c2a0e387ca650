/**
 * examples/custom-builtin runs with the commands its README shows (built CLI
 * and engine dist: `pnpm build` first).
 */
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { cordon } from '../../packages/cli/src/testing/run-cli.js'

const dir = fileURLToPath(new URL('../../examples/custom-builtin/', import.meta.url))

afterAll(() => {
  for (const f of ['bundle.tar.gz', 'capabilities.json']) rmSync(dir + f, { force: true })
})

describe('examples/custom-builtin', () => {
  it('checks, tests, builds and decides with its builtins', () => {
    expect(cordon(['check', 'policy', '--builtins', 'builtins.mjs'], dir)).toMatchObject({ status: 0 })
    const t = cordon(['test', 'policy', '--builtins', 'builtins.mjs'], dir)
    expect([t.status, t.stdout]).toEqual([0, expect.stringContaining('PASS: 4/4')])
    const b = cordon(['build', 'policy', '--builtins', 'builtins.mjs', '-o', 'bundle.tar.gz'], dir)
    expect([b.status, b.stdout]).toEqual([0, expect.stringContaining('host builtins: acme.families, acme.risk_score')])
    const decide = (input: unknown) =>
      JSON.parse(
        spawnSync(process.execPath, ['decide.mjs', JSON.stringify(input)], { cwd: dir, encoding: 'utf8' }).stdout,
      )
    expect(decide({ model: 'general-1', tokens: 1000 })).toMatchObject({ allow: true, code: 'ok' })
    expect(decide({ model: 'frontier-2', tokens: 100000 })).toMatchObject({ allow: false, code: 'over_budget' })
    expect(decide({ model: 'mystery-1', tokens: 10 })).toMatchObject({ allow: false, code: 'unknown_model' })
  })
})
