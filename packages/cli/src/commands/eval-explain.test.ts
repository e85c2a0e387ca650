import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const policy = `package app

allow if {
  input.user in data.app.admins
  input.action == "read"
}

deny contains msg if {
  not allow
  msg := sprintf("%s may not %s", [input.user, input.action])
}
`
const files = {
  'policy/app.rego': policy,
  'policy/app/data.json': JSON.stringify({ admins: ['alice'] }),
  'write.json': JSON.stringify({ user: 'alice', action: 'write' }),
}

describe('cordon eval --explain', () => {
  it('prints the result, then the failing expression next to its source line with the values it read', () => {
    const dir = workspace(files)
    const r = cordon(['eval', '-d', 'policy', '-i', 'write.json', '--explain', 'fails', 'data.app.deny'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const [result, trace] = r.stdout.split('\n\n')
    expect(JSON.parse(result!)).toEqual([{ result: ['alice may not write'] }])
    expect(trace).toContain('data.app.allow  policy/app.rego:3  ✗ never succeeded (entered 1 time)')
    expect(trace).toContain('    5 |   input.action == "read"')
    expect(trace).toContain('failed at policy/app.rego:5:3: input.action == "read"')
    expect(trace).toContain('input.action = "write"')
  })

  it('notes: the bodies that held, with their bindings', () => {
    const dir = workspace(files)
    const r = cordon(['eval', '-d', 'policy', '-i', 'write.json', '--explain', 'notes', 'data.app.deny'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('data.app.deny  policy/app.rego:8  ✓ succeeded 1 time')
    expect(r.stdout).toContain('bindings: msg = "alice may not write"')
    expect(r.stdout).not.toContain('failed at')
  })

  it('full --format json: the result and the whole trace as one JSON object', () => {
    const dir = workspace(files)
    const r = cordon(
      ['eval', '-d', 'policy', '-i', 'write.json', '--explain', 'full', '--format', 'json', 'app/deny'],
      dir,
    )
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as {
      result: unknown
      explanation: { bodies: { rule: string; succeeded: number }[]; reads: { ref: string; values: string[] }[] }
    }
    expect(out.result).toEqual([{ result: ['alice may not write'] }])
    expect(out.explanation.bodies.map((b) => [b.rule, b.succeeded])).toEqual([
      ['data.app.deny', 1],
      ['data.app.allow', 0],
    ])
    expect(out.explanation.reads).toContainEqual({
      ref: 'data.app.admins',
      location: { file: 'policy/app.rego', row: 4, col: 3 },
      values: ['["alice"]'],
    })
  })

  it.each([
    {
      note: 'a bad mode',
      args: ['--explain', 'debug', 'data.app.deny'],
      status: 2,
      err: '--explain must be fails, notes or full',
    },
    {
      note: 'a query that is not a rule ref',
      args: ['--explain', 'fails', 'x := data.app.deny'],
      status: 2,
      err: 'QUERY must be a rule ref',
    },
    { note: 'a bundle', args: ['-b', 'b.tar.gz', '--explain', 'fails', 'app/deny'], status: 2, err: 'use -d, not -b' },
    {
      note: 'a policy error',
      args: ['-d', 'broken', '--explain', 'fails', 'data.b.p'],
      status: 1,
      err: 'broken/b.rego:3:',
    },
  ])('fails cleanly: $note', ({ args, status, err }) => {
    const dir = workspace({ ...files, 'broken/b.rego': 'package b\n\np if { x > 1 }\n' })
    const r = cordon(['eval', ...(args.includes('-d') || args.includes('-b') ? [] : ['-d', 'policy']), ...args], dir)
    expect(r.stderr).toContain(err)
    expect(r.status).toBe(status)
  })
})
