/**
 * examples/policy-ci: the CI recipe's `cordon` steps, read from the example's
 * README (and the same steps from the repository README), run as written with
 * `sh` in a copy of the folder, where `cordon` is this repository's CLI. They
 * pass on the folder as it is, and each fails on a copy broken the way it
 * exists to catch.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/corpora.js'

const example = path.join(repoRoot, 'examples/policy-ci')

/** The `run: cordon …` steps of the first yaml block that has them. */
function cordonSteps(markdown: string): string[] {
  for (const m of markdown.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const steps = [...m[1]!.matchAll(/^\s*- run: (cordon .*)$/gm)].map((x) => x[1]!.trim())
    if (steps.length > 0) return steps
  }
  return []
}

const steps = cordonSteps(readFileSync(path.join(example, 'README.md'), 'utf8'))
const temp = mkdtempSync(path.join(tmpdir(), 'cordon-policy-ci-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

// `cordon` on PATH, as `npm install --global @cordon/cli` would put it.
const bin = path.join(temp, 'bin')
const shim = path.join(bin, 'cordon')
mkdirSync(bin)
writeFileSync(
  shim,
  `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'packages/cli/dist/main.js')}" "$@"\n`,
)
chmodSync(shim, 0o755)

/** A fresh copy of the example, changed by `edit` (file → new text). */
function copy(name: string, edit: Record<string, (text: string) => string> = {}): string {
  const dir = path.join(temp, name)
  cpSync(example, dir, { recursive: true })
  for (const [file, fn] of Object.entries(edit))
    writeFileSync(path.join(dir, file), fn(readFileSync(path.join(dir, file), 'utf8')))
  return dir
}

function run(step: string, cwd: string) {
  const r = spawnSync('sh', ['-c', step], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
  })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('examples/policy-ci: the CI recipe', () => {
  it('the README shows the three steps, the same as the repository README', () => {
    expect(steps).toEqual([
      'cordon fmt --fail policy/',
      'cordon check --strict -s schemas/ policy/',
      'cordon test --coverage --threshold 95 --format junit policy/ > junit.xml',
    ])
    expect(cordonSteps(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'))).toEqual(steps)
  })

  it('every step passes on the folder as it is, and the JUnit report counts the tests', { timeout: 120_000 }, () => {
    const dir = copy('clean')
    for (const step of steps) expect(run(step, dir), step).toMatchObject({ status: 0 })
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuites name="cordon test" tests="5" failures="0" errors="0"/)
  })

  it('fmt --fail fails on a file that is not formatted', { timeout: 60_000 }, () => {
    const dir = copy('unformatted', {
      'policy/authz.rego': (t) => t.replace('rank := {"free": 0, "pro": 1}', 'rank := {"free":0,"pro":1}'),
    })
    expect(run(steps[0]!, dir).status).not.toBe(0)
  })

  it('check fails on a key the schema does not have, with the line the README shows', { timeout: 60_000 }, () => {
    const readme = readFileSync(path.join(example, 'README.md'), 'utf8')
    const promised = /^\s*(policy\/authz\.rego:\d+:\d+: rego_type_error: undefined ref: input\.user\.teir)$/m.exec(
      readme,
    )![1]!
    const dir = copy('misspelled', { 'policy/authz.rego': (t) => t.replace('input.user.tier', 'input.user.teir') })
    const r = run(steps[1]!, dir)
    expect(r.status).toBe(1)
    expect(r.out).toContain(promised)
    expect(r.out).toContain('want (one of): ["id" "tier" "verified"]')
  })

  it('check --strict fails on an unused import', { timeout: 60_000 }, () => {
    const dir = copy('unused-import', {
      'policy/authz.rego': (t) => t.replace('package ci.authz\n', 'package ci.authz\n\nimport data.unused\n'),
    })
    const r = run(steps[1]!, dir)
    expect(r.status).toBe(1)
    expect(r.out).toContain('rego_compile_error: import data.unused unused')
  })

  it('test fails on a failing test, and when coverage drops below 95 %', { timeout: 120_000 }, () => {
    const failing = copy('failing', {
      'policy/authz_test.rego': (t) =>
        t.replace('{"frontier-2 needs the pro plan"}', '{"frontier-2 needs the free plan"}'),
    })
    expect(run(steps[2]!, failing).status).toBe(2)
    const untested = copy('untested', {
      'policy/authz.rego': (t) => `${t}\nnever_tested if {\n\tinput.model == "x"\n}\n`,
    })
    const r = run(steps[2]!, untested)
    expect(r.status).toBe(2)
    expect(readFileSync(path.join(untested, 'junit.xml'), 'utf8')).toContain('failures="0"')
  })
})
