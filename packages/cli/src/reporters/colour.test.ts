import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { colours, useColour } from './colour.js'
import { cordon, workspace } from '../testing/run-cli.js'

const ESC = '\x1b['
// script(1) from util-linux gives the command a pseudo-terminal; without it that one case cannot run.
const hasScript = spawnSync('script', ['--version']).status === 0
const tty = { isTTY: true }
const pipe = { isTTY: undefined }

describe('useColour', () => {
  it('colours a terminal, not a pipe or file', () => {
    expect(useColour(tty, {})).toBe(true)
    expect(useColour(pipe, {})).toBe(false)
  })
  it('NO_COLOR set to any non-empty value turns it off; empty does not', () => {
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false)
    expect(useColour(tty, { NO_COLOR: 'false' })).toBe(false)
    expect(useColour(tty, { NO_COLOR: '' })).toBe(true)
    expect(useColour(tty, { TERM: 'dumb' })).toBe(false)
  })
  it('FORCE_COLOR as Node reads it: 0/false off, anything else on, over NO_COLOR and a pipe', () => {
    for (const v of ['1', '2', '3', 'true', ''])
      expect(useColour(pipe, { FORCE_COLOR: v, NO_COLOR: '1' }), v).toBe(true)
    for (const v of ['0', 'false', 'FALSE']) expect(useColour(tty, { FORCE_COLOR: v }), v).toBe(false)
  })
  it('no colours means the text unchanged', () => {
    expect(colours(false).red('x')).toBe('x')
    expect(colours(true).red('x')).toBe(`${ESC}31mx${ESC}39m`)
  })
})

const bad = { 'p.rego': 'package p\n\nx := y\n' }

describe('colour in the commands', () => {
  it('check: plain through a pipe and with NO_COLOR; coloured with FORCE_COLOR', () => {
    const dir = workspace(bad)
    const piped = cordon(['check', 'p.rego'], dir)
    expect(piped.status).toBe(1)
    expect(piped.stdout).toMatch(/^p\.rego:3:6: rego_unsafe_var_error/)
    expect(piped.stdout).not.toContain(ESC)
    expect(cordon(['check', 'p.rego'], dir, undefined, { NO_COLOR: '1' }).stdout).not.toContain(ESC)
    const forced = cordon(['check', 'p.rego'], dir, undefined, { FORCE_COLOR: '1' })
    expect(forced.stdout).toContain(`${ESC}1mp.rego:3:6:${ESC}22m ${ESC}31mrego_unsafe_var_error${ESC}39m`)
    // JSON is never coloured.
    expect(cordon(['check', 'p.rego', '--format', 'json'], dir, undefined, { FORCE_COLOR: '1' }).stdout).not.toContain(
      ESC,
    )
  })

  it.skipIf(!hasScript)(
    'check on a real terminal (a pseudo-terminal from script(1)) is coloured unless NO_COLOR is set',
    () => {
      const dir = workspace(bad)
      const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
      const run = (env: Record<string, string>) => {
        const { FORCE_COLOR: _f, NO_COLOR: _n, ...inherited } = process.env
        return spawnSync('script', ['-qec', `${process.execPath} ${cli} check p.rego`, '/dev/null'], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...inherited, TERM: 'xterm', ...env },
        }).stdout
      }
      expect(run({})).toContain(`${ESC}31mrego_unsafe_var_error`)
      const off = run({ NO_COLOR: '1' })
      expect(off).toContain('rego_unsafe_var_error')
      expect(off).not.toContain(`${ESC}31m`)
    },
  )

  it('fmt --diff: removed lines red, added green, hunks cyan', () => {
    const dir = workspace({ 'q.rego': 'package q\nx:=1\n' })
    const forced = cordon(['fmt', '--diff', 'q.rego'], dir, undefined, { FORCE_COLOR: '1' }).stdout
    expect(forced).toContain(`${ESC}31m-x:=1${ESC}39m`)
    expect(forced).toContain(`${ESC}32m+x := 1${ESC}39m`)
    expect(forced).toMatch(new RegExp(`\\x1b\\[36m@@ [^\\n]* @@\\x1b\\[39m`))
    expect(cordon(['fmt', '--diff', 'q.rego'], dir).stdout).not.toContain(ESC)
  })

  it('test: FAIL red, PASS green in the summary', () => {
    const dir = workspace({ 't_test.rego': 'package t\n\ntest_ok if true\n\ntest_bad if 1 == 2\n' })
    const forced = cordon(['test', '.'], dir, undefined, { FORCE_COLOR: '1' })
    expect(forced.status).toBe(2)
    expect(forced.stdout).toContain(`data.t.test_bad: ${ESC}31mFAIL${ESC}39m`)
    expect(forced.stdout).toContain(`${ESC}32mPASS${ESC}39m: 1/2`)
    expect(cordon(['test', '.'], dir).stdout).not.toContain(ESC)
  })
})
