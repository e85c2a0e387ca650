import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { reproduceCommand } from '../conformance/reproduce.js'
import { cordon, workspace } from '../testing/run-cli.js'

const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

// Two files whose names share a prefix, so a loose filter would select both; case #1 fails.
const cases = `cases:
- note: passes
  query: x := 1
  want_result: [{x: 1}]
- note: fails on purpose
  query: x := 2
  want_result: [{x: 3}]
`
const files = { 'cases/t/a.yaml': cases, 'cases/t/a.yaml.extra/b.yaml': cases }

describe('cordon conformance', () => {
  it('prints per failure a command that reruns that case alone', () => {
    const dir = workspace(files)
    const r = cordon(['conformance', '--failures', '--baseline', 'none.json', '--skips', 'none.yaml', 'cases'], dir)
    expect(r.stdout).toContain('2 passed, 2 failed, 0 skipped')
    const rerun = r.stdout
      .split('\n')
      .filter((l) => l.includes('rerun: '))
      .map((l) => l.split('rerun: ')[1]!)
    expect(rerun).toEqual([
      reproduceCommand({ file: 't/a.yaml', index: 1 }, { dirs: ['cases'], v0: false }),
      reproduceCommand({ file: 't/a.yaml.extra/b.yaml', index: 1 }, { dirs: ['cases'], v0: false }),
    ])
    // The printed command, run as printed (pnpm cordon → this build), runs that one case.
    const again = spawnSync(
      'bash',
      ['-c', rerun[0]!.replace(/^pnpm cordon/, `node ${cli}`) + ' --baseline none.json --skips none.yaml'],
      { cwd: dir, encoding: 'utf8' },
    )
    expect(again.stdout).toContain('0 passed, 1 failed, 0 skipped')
    expect(again.stdout).toContain('t/a.yaml#1 fails on purpose')
  })

  it('names a regression and its rerun command on stderr, exit 1', () => {
    const dir = workspace({ ...files, 'base.json': JSON.stringify({ passing: ['t/a.yaml#1'] }) })
    const r = cordon(['conformance', '--baseline', 'base.json', '--skips', 'none.yaml', 'cases'], dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`regression: t/a.yaml#1 fails on purpose`)
    expect(r.stderr).toContain(`rerun: pnpm cordon conformance --failures --filter '^t/a\\.yaml#1 ' 'cases'`)
  })

  it.each([
    [['--suite', 'v2'], '--suite must be v1 or v0'],
    [['--suite', 'v1', 'cases'], 'use either --suite or DIRs'],
    [['--suite', 'v0', '--v0-compatible'], 'use either --suite or DIRs'],
    [[], 'needs --suite or at least one DIR'],
  ])('rejects %j', (args, message) => {
    const r = cordon(['conformance', ...args], workspace(files))
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(message)
  })

  it('--suite v1 reads the suite from $CORDON_SHARED', () => {
    const dir = workspace({ 'shared/conformance/cases/t/a.yaml': cases })
    const r = cordon(['conformance', '--suite', 'v1', '--failures', '--filter', '^t/a\\.yaml#0 '], dir, undefined, {
      CORDON_SHARED: 'shared',
    })
    expect(r.stdout).toContain('1 passed, 0 failed, 0 skipped')
  })
})
