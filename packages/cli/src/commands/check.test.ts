import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const clean = 'package app\n\nallow if input.user == "alice"\n'
const unsafe = 'package app\n\nallow if {\n\tx > 1\n}\n'

describe('cordon check', () => {
  it('exits 0 and says so for a clean policy folder', () => {
    const dir = workspace({ 'policies/a.rego': clean, 'policies/sub/b.rego': 'package b\n\nq := 1\n' })
    const r = cordon(['check', 'policies'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('2 files checked, no errors\n')
    expect(r.status).toBe(0)
  })

  it('exits 1 and prints file:row:col, code, source line and caret', () => {
    const dir = workspace({ 'p.rego': unsafe })
    const r = cordon(['check', 'p.rego'], dir)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('p.rego:4:2: rego_unsafe_var_error: var x is unsafe')
    expect(r.stdout).toContain('  4 |  x > 1\n    |  ^')
  })

  it('prints the JSON form with --format json', () => {
    const dir = workspace({ 'p.rego': unsafe })
    const r = cordon(['check', '--format', 'json', 'p.rego'], dir)
    expect(r.status).toBe(1)
    const { errors } = JSON.parse(r.stdout)
    expect(errors).toEqual([
      { code: 'rego_unsafe_var_error', message: 'var x is unsafe', location: { file: 'p.rego', row: 4, col: 2 } },
    ])
  })

  it('prints {"errors":[]} for a clean policy with --format json', () => {
    const dir = workspace({ 'p.rego': clean })
    const r = cordon(['check', '--format=json', '.'], dir)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ errors: [] })
  })

  it('reports parse errors from several files at once', () => {
    const dir = workspace({ 'a.rego': 'package a\n\np { true }\n', 'b.rego': 'package b\n\nq := "open\n' })
    const r = cordon(['check', '--format', 'json', '.'], dir)
    expect(r.status).toBe(1)
    const files = JSON.parse(r.stdout).errors.map((e: { location: { file: string } }) => e.location.file)
    expect(new Set(files)).toEqual(new Set(['a.rego', 'b.rego']))
  })

  it('--max-errors N stops at N errors; -1 and 0 mean no limit, as in OPA', () => {
    // 12 unsafe variables: more than the default limit of 10.
    const text = 'package p\n\n' + Array.from({ length: 12 }, (_, i) => `r${i} if { x${i} }\n`).join('')
    const dir = workspace({ 'p.rego': text })
    const count = (args: string[]) => {
      const r = cordon(['check', '--format', 'json', ...args, '.'], dir)
      expect(r.status).toBe(1)
      return JSON.parse(r.stdout).errors.length as number
    }
    expect(count([])).toBe(10)
    expect(count(['--max-errors', '3'])).toBe(3)
    expect(count(['--max-errors', '-1'])).toBe(12)
    expect(count(['--max-errors=0'])).toBe(12)
  })

  it.each([
    { note: 'no path', args: ['check'], message: 'needs at least one PATH' },
    { note: 'bad format', args: ['check', '--format', 'xml', '.'], message: '--format must be pretty or json' },
    { note: 'unknown option', args: ['check', '--frobnicate', '.'], message: "Unknown option '--frobnicate'" },
    { note: 'missing path', args: ['check', 'nope'], message: 'nope: no such file or directory' },
    { note: 'no rego files', args: ['check', 'empty'], message: 'no .rego files found' },
    {
      note: 'bad error limit',
      args: ['check', '--max-errors', '1.5', '.'],
      message: '--max-errors takes a whole number',
    },
    { note: 'empty error limit', args: ['check', '--max-errors=', '.'], message: '--max-errors takes a whole number' },
    { note: 'unknown command', args: ['frobnicate'], message: "unknown command 'frobnicate'" },
  ])('exits 2 on a usage error: $note', ({ args, message }) => {
    const dir = workspace({ 'empty/README': 'nothing here' })
    const r = cordon(args, dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(message)
  })

  it("--strict (-S) adds OPA's strict-mode errors; without it the policy is clean", () => {
    const dir = workspace({ 'p.rego': 'package p\n\nimport data.unused\n\nf(a, b) := a\n' })
    expect(cordon(['check', 'p.rego'], dir).status).toBe(0)
    for (const flag of ['--strict', '-S']) {
      const r = cordon(['check', flag, 'p.rego'], dir)
      expect(r.status).toBe(1)
      expect(r.stdout).toContain('p.rego:3:1: rego_compile_error: import data.unused unused')
    }
    const withImportUsed = workspace({ 'p.rego': 'package p\n\nimport data.used\n\nf(a, b) := a + used\n' })
    expect(cordon(['check', '--strict', 'p.rego'], withImportUsed).stdout).toContain(
      'p.rego:5:1: rego_compile_error: unused argument b. (hint: use _ (wildcard variable) instead)',
    )
  })

  it('-s DIR types input with its input.json, -s FILE with that file; a bad schema is a usage error', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { user: { type: 'object', properties: { nationality: { type: 'string' } } } },
    })
    const dir = workspace({
      'schemas/input.json': schema,
      'p.rego': 'package p\n\nallow if input.user.nationalty == "DE"\n',
      'bad.json': '{',
    })
    expect(cordon(['check', 'p.rego'], dir).status).toBe(0)
    for (const args of [
      ['-s', 'schemas'],
      ['--schema', 'schemas/input.json'],
    ]) {
      const r = cordon(['check', ...args, 'p.rego'], dir)
      expect(r.status).toBe(1)
      expect(r.stdout).toContain('p.rego:3:10: rego_type_error: undefined ref: input.user.nationalty')
      expect(r.stdout).toContain('             have: "nationalty"\n             want (one of): ["nationality"]')
    }
    const bad = cordon(['check', '-s', 'bad.json', 'p.rego'], dir)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('schema bad.json')
  })

  it('-s DIR: a schema $refs another file of the folder; a local variable carries its type; a URL $ref is refused', () => {
    const input = JSON.stringify({ type: 'object', properties: { user: { $ref: 'defs/user.json' } } })
    const user = JSON.stringify({ type: 'object', properties: { nationality: { type: 'string' } } })
    const policy = 'package p\n\nallow if {\n\tu := input.user\n\tu.nationalty == "DE"\n}\n'
    const dir = workspace({
      'schemas/input.json': input,
      'schemas/defs/user.json': user,
      'p.rego': policy,
      'remote/input.json': '{"$ref": "https://example.com/x.json"}',
    })
    const r = cordon(['check', '-s', 'schemas', 'p.rego'], dir)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('p.rego:5:2: rego_type_error: undefined ref: u.nationalty')
    expect(r.stdout).toContain('  u.nationalty\n    ^\n    have: "nationalty"\n    want (one of): ["nationality"]')
    const remote = cordon(['check', '-s', 'remote', 'p.rego'], dir)
    expect(remote.status).toBe(2)
    expect(remote.stderr).toContain(
      'schema remote/input.json: schema $ref https://example.com/x.json: remote references are refused',
    )
  })

  it('puts the caret of a "did you mean" hint under the misspelled token, and the hint in JSON', () => {
    const dir = workspace({ 'p.rego': 'package p\n\nallow if {\n\tnot stratswith(input.a, "b")\n}\n' })
    const r = cordon(['check', 'p.rego'], dir)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(
      'p.rego:4:2: rego_type_error: undefined function stratswith\n  4 |  not stratswith(input.a, "b")\n    |      ^ did you mean startswith?',
    )
    const json = JSON.parse(cordon(['check', '--format', 'json', 'p.rego'], dir).stdout)
    expect(json.errors[0].hint).toEqual({
      message: 'did you mean startswith?',
      location: { file: 'p.rego', row: 4, col: 6 },
    })
  })
})
