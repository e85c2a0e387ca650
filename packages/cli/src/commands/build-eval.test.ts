import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const policy = `package app

# METADATA
# entrypoint: true
allow if input.user in data.app.admins

admins_count := count(data.app.admins)
`
const files = {
  'policy/app.rego': policy,
  'policy/app/data.json': JSON.stringify({ admins: ['alice', 'bob'] }),
  'alice.json': JSON.stringify({ user: 'alice' }),
  'eve.json': JSON.stringify({ user: 'eve' }),
}

describe('cordon build and eval', () => {
  it('builds an OPA bundle whose entrypoint evaluates through the engine', () => {
    const dir = workspace(files)
    const built = cordon(['build', 'policy', '-o', 'bundle.tar.gz'], dir)
    expect(built.stderr).toBe('')
    expect(built.status).toBe(0)
    expect(built.stdout).toMatch(/wrote bundle.tar.gz \(\d+ bytes; entrypoints: app\/allow\)/)
    const gz = readFileSync(path.join(dir, 'bundle.tar.gz'))
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b])

    const allowed = cordon(['eval', '-b', 'bundle.tar.gz', '-i', 'alice.json', 'data.app.allow'], dir)
    expect(allowed.status).toBe(0)
    expect(JSON.parse(allowed.stdout)).toEqual([{ result: true }])
    const denied = cordon(['eval', '-b', 'bundle.tar.gz', '-i', 'eve.json', 'app/allow'], dir)
    expect(JSON.parse(denied.stdout)).toEqual([])
  })

  it('prints where the compile went, stage by stage, with CORDON_STAGE_TIMES=1', () => {
    const dir = workspace(files)
    const quiet = cordon(['build', 'policy', '--format', 'wasm', '-o', 'a.wasm'], dir)
    expect(quiet.stderr).toBe('')
    const timed = cordon(['build', 'policy', '--format', 'wasm', '-o', 'b.wasm'], dir, undefined, {
      CORDON_STAGE_TIMES: '1',
    })
    expect(timed.status).toBe(0)
    const rows = timed.stderr.trim().split('\n')
    expect(rows[0]).toMatch(/^stage .*wall ms +CPU ms +CPU% +runs$/)
    const stages = rows.slice(1, -1).map((r) => r.split(/ {2,}/)[0])
    for (const stage of ['load files', 'parse', 'check check-safety', 'plan', 'wasm func bodies'])
      expect(stages).toContain(stage)
    expect(rows.at(-1)).toMatch(/^total +\d+\.\d +\d+\.\d$/)
    // Timing changes nothing in the module.
    expect(readFileSync(path.join(dir, 'b.wasm'))).toEqual(readFileSync(path.join(dir, 'a.wasm')))
  })

  it('names the host builtins and the families @cordon/engine/lean must be given for them', () => {
    const dir = workspace({
      'p.rego':
        'package p\n\n# METADATA\n# entrypoint: true\nok if {\n  regex.match("^a", input.s)\n  io.jwt.decode(input.t)\n  crypto.sha256(input.s) != sprintf("%s", [input.s])\n}\n',
    })
    const r = cordon(['build', 'p.rego', '--format', 'wasm', '-o', 'p.wasm'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain(
      'host builtins: crypto.sha256, io.jwt.decode, regex.match, sprintf; @cordon/engine/lean needs hostBuiltinFamilies: ' +
        'cryptoBuiltins from @cordon/builtins/families/crypto, regexBuiltins from @cordon/builtins/families/regex)',
    )
  })

  it('adds -e entrypoints and writes a bare module with --format wasm', () => {
    const dir = workspace(files)
    const r = cordon(['build', 'policy', '-e', 'app/admins_count', '--format', 'wasm', '-o', 'p.wasm'], dir)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('entrypoints: app/admins_count, app/allow')
    const bytes = readFileSync(path.join(dir, 'p.wasm'))
    expect(WebAssembly.validate(bytes)).toBe(true)
  })

  it('reads -e as the engine does: dotted refs become slash paths, slash paths are taken as written (OPA)', () => {
    const dir = workspace(files)
    const dotted = cordon(['build', 'policy', '-e', 'data.app.admins_count', '--format', 'wasm', '-o', 'p.wasm'], dir)
    expect(dotted.stderr).toBe('')
    expect(dotted.stdout).toContain('entrypoints: app/admins_count, app/allow')
    // `data/app/admins_count` names the key `data` below data, as in `opa build -e`: no such rule.
    const slashed = cordon(['build', 'policy', '-e', 'data/app/admins_count', '--format', 'wasm', '-o', 'p.wasm'], dir)
    expect(slashed.status).toBe(1)
    expect(slashed.stderr).toContain('data/app/admins_count')
  })

  it('creates the folder of -o when it does not exist yet', () => {
    const dir = workspace(files)
    const r = cordon(['build', 'policy', '-o', 'out/nested/bundle.tar.gz'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(readFileSync(path.join(dir, 'out/nested/bundle.tar.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
  })

  it('evaluates a query over -d files and binds its variables', () => {
    const dir = workspace(files)
    const r = cordon(['eval', '-d', 'policy', 'n := data.app.admins_count; x := data.app.admins[_]'], dir)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual([
      { n: 2, x: 'alice' },
      { n: 2, x: 'bob' },
    ])
  })

  it.each([
    { note: 'no entrypoint', args: ['build', 'plain'], status: 2, err: 'no entrypoint' },
    { note: 'rego error', args: ['build', 'broken', '-e', 'b/p'], status: 1, err: 'rego_parse_error' },
    {
      note: 'unknown bundle entrypoint',
      args: ['eval', '-b', 'missing.tar.gz', 'x/y'],
      status: 2,
      err: 'missing.tar.gz',
    },
    { note: 'not a bundle', args: ['eval', '-b', 'alice.json', 'x/y'], status: 1, err: 'cordon eval:' },
    {
      note: 'bad input file',
      args: ['eval', '-i', 'broken/b.rego', 'x := 1'],
      status: 2,
      err: 'input must be a JSON file',
    },
    { note: 'query error', args: ['eval', 'x := '], status: 1, err: 'rego_parse_error' },
    { note: 'rego error in -d', args: ['eval', '-d', 'broken', 'x := 1'], status: 1, err: 'rego_parse_error' },
    { note: 'evaluation error', args: ['eval', '--strict', 'x := 1 / 0'], status: 1, err: 'divide by zero' },
  ])('fails cleanly: $note', ({ args, status, err }) => {
    const dir = workspace({
      ...files,
      'plain/p.rego': 'package p\n\nq := 1\n',
      'broken/b.rego': 'package b\n\np { true }\n',
    })
    const r = cordon(args, dir)
    expect(r.stderr).toContain(err)
    expect(r.status).toBe(status)
  })
})
