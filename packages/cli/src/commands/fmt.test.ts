import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const messy = 'package app\nimport rego.v1\nallow if {\ninput.user=="alice"\n}\n'
const tidy = 'package app\n\nimport rego.v1\n\nallow if {\n\tinput.user == "alice"\n}\n'

describe('cordon fmt', () => {
  it('prints the formatted source of each file', () => {
    const dir = workspace({ 'p/a.rego': messy, 'p/b.rego': tidy })
    const r = cordon(['fmt', 'p'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(tidy + tidy)
    expect(r.status).toBe(0)
  })

  it('--v0-v1 rewrites a Rego v0 file as v1 with import rego.v1', () => {
    const dir = workspace({
      'p/old.rego':
        'package app\nimport future.keywords.in\ndeny[msg] { input.user in {"mallory"}; msg := "banned" }\n',
    })
    const r = cordon(['fmt', '--v0-v1', 'p'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      'package app\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.user in {"mallory"}\n\tmsg := "banned"\n}\n',
    )
    expect(cordon(['fmt', 'p'], dir).status).toBe(2)
  })

  it('--v0-compatible formats a Rego v0 file as v0', () => {
    const dir = workspace({
      'p/old.rego':
        'package app\ndeny[msg] { input.user=="mallory"; msg := "banned" }\nallow = true { count(deny)==0 }\n',
    })
    const r = cordon(['fmt', '--v0-compatible', 'p'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      'package app\n\ndeny[msg] {\n\tinput.user == "mallory"\n\tmsg := "banned"\n}\n\nallow {\n\tcount(deny) == 0\n}\n',
    )
    expect(cordon(['fmt', '--v0-compatible', '--v0-v1', 'p'], dir).status).toBe(2)
  })

  it('formats standard input when no PATH is given', () => {
    const r = cordon(['fmt'], workspace({}), messy)
    expect(r.stdout).toBe(tidy)
    expect(r.status).toBe(0)
  })

  it('--write rewrites files in place', () => {
    const dir = workspace({ 'a.rego': messy })
    const r = cordon(['fmt', '--write', 'a.rego'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(readFileSync(path.join(dir, 'a.rego'), 'utf8')).toBe(tidy)
  })

  it('--list names only the files that would change; with --fail it exits 2 at the first', () => {
    const dir = workspace({ 'a.rego': messy, 'b.rego': tidy, 'c.rego': messy })
    expect(cordon(['fmt', '-l', '.'], dir)).toMatchObject({ status: 0, stdout: 'a.rego\nc.rego\n' })
    expect(cordon(['fmt', '-l', '--fail', '.'], dir)).toMatchObject({
      status: 2,
      stdout: 'a.rego\n',
      stderr: 'unexpected diff\n',
    })
    expect(cordon(['fmt', '-l', '--fail', 'b.rego'], dir)).toMatchObject({ status: 0, stdout: '' })
  })

  it('--fail alone exits 2 when a file would change and 0 when none would', () => {
    const dir = workspace({ 'a.rego': messy, 'b.rego': tidy })
    expect(cordon(['fmt', '--fail', 'a.rego'], dir)).toMatchObject({ status: 2, stderr: 'unexpected diff\n' })
    expect(cordon(['fmt', '--fail', 'b.rego'], dir)).toMatchObject({ status: 0, stdout: tidy })
  })

  it('--diff prints a unified diff of the changes', () => {
    const dir = workspace({ 'a.rego': messy, 'b.rego': tidy })
    const r = cordon(['fmt', '--diff', '.'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(
      [
        '--- a.rego',
        '+++ a.rego',
        '@@ -1,5 +1,7 @@',
        ' package app',
        '+',
        ' import rego.v1',
        '+',
        ' allow if {',
        '-input.user=="alice"',
        '+\tinput.user == "alice"',
        ' }',
        '',
      ].join('\n'),
    )
    expect(cordon(['fmt', '--diff', '--fail', '.'], dir).status).toBe(2)
  })

  it('reports a parse error with file:row:col and exits 2', () => {
    const dir = workspace({ 'bad.rego': 'package x\n\np if {\n' })
    const r = cordon(['fmt', 'bad.rego'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^failed to format Rego source file: bad\.rego:\d+:\d+: rego_parse_error: /)
  })

  it('--drop-v0-imports drops rego.v1 and future.keywords imports', () => {
    const dir = workspace({ 'a.rego': 'package x\n\nimport future.keywords.in\nimport rego.v1\n\np if 1 in [1]\n' })
    expect(cordon(['fmt', '--drop-v0-imports', 'a.rego'], dir).stdout).toBe('package x\n\np if 1 in [1]\n')
    expect(cordon(['fmt', 'a.rego'], dir).stdout).toBe('package x\n\nimport rego.v1\n\np if 1 in [1]\n')
  })
})
