import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { workspace } from '../testing/run-cli.js'
import { compileCounts } from './compile.js'
import { diskRunCache } from './run-cache.js'
import { runTests, type DiskRunOptions } from './run.js'
import type { TestReport } from './types.js'

const files = {
  'p/policy.rego': `package p

allow if input.role == "admin"

deny contains "no user" if not input.user
`,
  'p/policy_test.rego': `package p_test

import data.p

test_admin if p.allow with input as {"role": "admin", "user": "a"}

test_deny if count(p.deny) == 1 with input as {}

test_cases[name] if {
	some name, [a, want] in {"one": [1, 2], "two": [2, 3]}
	a + 1 == want
}

todo_test_later if false
`,
  'q/other.rego': `package q

pi := 3
`,
  'q/other_test.rego': `package q_test

test_pi if data.q.pi == 3
`,
  'p/app.cases.yaml': `- name: admin allowed
  entrypoint: p/allow
  input: { role: admin }
  expect: { result: true }
- name: nothing there
  entrypoint: p/missing_rule
  input: {}
  expect: { result: true }
`,
}

const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.run'))

/** A run's report without timings, which differ between runs. */
function results(report: TestReport) {
  return JSON.stringify(report.results, (k, v: unknown) => (k === 'duration' ? undefined : v))
}

/** Runs the tests below `dir` with the cache in `cacheDir`; the compiles it did. */
function counted(dir: string, cacheDir: string, options: DiskRunOptions = {}) {
  const before = { ...compileCounts }
  const outcome = runTests([dir], { explain: true, cache: diskRunCache(cacheDir), ...options })
  if (outcome.kind !== 'report') throw new Error(JSON.stringify(outcome.diagnostics))
  return {
    report: outcome.report,
    checks: compileCounts.checks - before.checks,
    builds: compileCounts.builds - before.builds,
  }
}

const cacheDir = () => mkdtempSync(path.join(tmpdir(), 'cordon-run-cache-'))

describe('cordon test --cache', () => {
  it('compiles nothing on a second run with unchanged sources, with the same results', () => {
    const dir = workspace(files)
    const cache = cacheDir()
    const uncached = runTests([dir], { explain: true })
    const first = counted(dir, cache)
    // The plain module and the case-marked one for the parameterized test.
    expect(first).toMatchObject({ checks: 1, builds: 2 })
    expect(entries(cache)).toHaveLength(1)
    const second = counted(dir, cache)
    expect(second).toMatchObject({ checks: 0, builds: 0 })
    if (uncached.kind !== 'report') throw new Error('does not compile')
    expect(results(second.report)).toBe(results(uncached.report))
    expect(second.report.summary).toEqual({ total: 8, pass: 6, fail: 0, error: 1, skip: 1 })
    // The case whose entrypoint names no rule is its own error, from the cache too.
    expect(second.report.results.find((r) => r.name.endsWith('#nothing there'))?.error?.message).toContain(
      'app.cases.yaml:6:15',
    )
  })

  it('compiles again when a file changes, and not when the change is undone', () => {
    const dir = workspace(files)
    const cache = cacheDir()
    counted(dir, cache)
    const other = path.join(dir, 'q/other.rego')
    writeFileSync(other, 'package q\n\npi := 4\n')
    const changed = counted(dir, cache)
    // The two modules, and the failing test's explanation.
    expect(changed).toMatchObject({ checks: 1, builds: 3 })
    expect(changed.report.results.find((r) => r.name === 'data.q_test.test_pi')?.status).toBe('fail')
    writeFileSync(other, files['q/other.rego'])
    const undone = counted(dir, cache)
    expect(undone).toMatchObject({ checks: 0, builds: 0 })
    expect(undone.report.results.find((r) => r.name === 'data.q_test.test_pi')?.status).toBe('pass')
    // Two runs, and the explanation of the changed one's failure.
    expect(entries(cache)).toHaveLength(3)
  })

  it('keys on the options that change the module: --run, the Rego version, custom builtins', () => {
    const dir = workspace(files)
    const cache = cacheDir()
    counted(dir, cache)
    expect(counted(dir, cache, { run: /test_pi/ })).toMatchObject({ checks: 1, builds: 1 })
    expect(counted(dir, cache, { run: /test_pi/ })).toMatchObject({ checks: 0, builds: 0 })
    expect(counted(dir, cache, { run: /test_PI/i })).toMatchObject({ checks: 1 })
  })

  it('keeps the explanations of failing tests too, by the data they were computed with', () => {
    const dir = workspace({
      'a_test.rego': 'package a_test\n\ntest_bad if {\n\tx := data.limit\n\tx == 2\n}\n',
      'data.json': '{"limit": 1}',
    })
    const cache = cacheDir()
    const first = counted(dir, cache)
    // The module, and the explanation's module.
    expect(first).toMatchObject({ checks: 1, builds: 2 })
    const second = counted(dir, cache)
    expect(second).toMatchObject({ checks: 0, builds: 0 })
    expect(second.report.results[0]?.failure).toEqual(first.report.results[0]?.failure)
    expect(second.report.results[0]?.failure).toMatchObject({ expr: 'x == 2', values: [{ expr: 'x', values: [1] }] })
    // Other data: the same module, another explanation.
    writeFileSync(path.join(dir, 'data.json'), '{"limit": 3}')
    const third = counted(dir, cache)
    expect(third).toMatchObject({ checks: 1, builds: 1 })
    expect(third.report.results[0]?.failure).toMatchObject({ values: [{ expr: 'x', values: [3] }] })
  })

  it('ignores corrupted, truncated and foreign entries, compiling again', () => {
    const dir = workspace(files)
    const other = workspace({ ...files, 'q/other.rego': 'package q\n\npi := 4\n' })
    const cache = cacheDir()
    counted(dir, cache)
    const [name] = entries(cache)
    const file = path.join(cache, name!)
    const good = readFileSync(file)

    // A flipped byte in the module.
    const flipped = Buffer.from(good)
    flipped[flipped.length - 10]! ^= 0xff
    writeFileSync(file, flipped)
    expect(counted(dir, cache)).toMatchObject({ checks: 1, builds: 2 })

    writeFileSync(file, good.subarray(0, good.length - 100))
    expect(counted(dir, cache)).toMatchObject({ checks: 1 })

    // Another run's entry under this run's name: its header names another key.
    counted(other, cache)
    const otherName = entries(cache).find((n) => n !== name)!
    renameSync(path.join(cache, otherName), file)
    const r = counted(dir, cache)
    expect(r).toMatchObject({ checks: 1, builds: 2 })
    expect(r.report.results.find((x) => x.name === 'data.q_test.test_pi')?.status).toBe('pass')

    writeFileSync(file, 'not an entry')
    expect(counted(dir, cache)).toMatchObject({ checks: 1 })
    expect(counted(dir, cache)).toMatchObject({ checks: 0, builds: 0 })
  })

  it('keeps the folder under its bound, dropping the least recently used entries and nothing else', () => {
    const dir = workspace(files)
    const cache = cacheDir()
    writeFileSync(path.join(cache, 'notes.txt'), 'not the cache’s')
    // Each --run here selects every test and case: entries of one size under different keys.
    const all = [/./, /_/, /e/]
    const size = () => statSync(path.join(cache, entries(cache)[0]!)).size
    const run = (i: number, maxBytes = Infinity) => {
      const before = { ...compileCounts }
      runTests([dir], { run: all[i], cache: diskRunCache(cache, { maxBytes }) })
      return compileCounts.checks - before.checks
    }
    // Older use times for what is there, so the next entry is the most recent.
    const age = () => {
      for (const n of entries(cache)) {
        const t = statSync(path.join(cache, n)).mtimeMs / 1000 - 10
        utimesSync(path.join(cache, n), t, t)
      }
    }
    run(0)
    age()
    run(1)
    age()
    // Using the first entry makes the second the least recently used.
    expect(run(0)).toBe(0)
    age()
    expect(run(2, size() * 2.5)).toBe(1)
    expect(entries(cache)).toHaveLength(2)
    expect(run(0)).toBe(0)
    expect(run(2)).toBe(0)
    expect(run(1)).toBe(1)
    expect(readdirSync(cache)).toContain('notes.txt')
  })

  it('stays whole when runs write it at the same time', async () => {
    const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
    const dir = workspace(files)
    const cache = cacheDir()
    const runs = Array.from(
      { length: 4 },
      (_, i) =>
        new Promise<number | null>((resolve) => {
          // Two source sets, two runs each, all writing at once.
          const args = [cli, 'test', dir, '--cache', cache, ...(i % 2 ? ['--run', 'test_pi'] : [])]
          spawn(process.execPath, args, { stdio: 'ignore' }).on('close', resolve)
        }),
    )
    // A failing case makes the whole run exit 2; --run test_pi leaves only passing tests.
    expect(await Promise.all(runs)).toEqual([2, 0, 2, 0])
    expect(readdirSync(cache).sort()).toEqual(entries(cache).sort()) // no temporary file left
    expect(entries(cache)).toHaveLength(2)
    // Each entry whole: its body hashes to what its header says.
    for (const n of entries(cache)) {
      const bytes = readFileSync(path.join(cache, n))
      const newline = bytes.indexOf(0x0a)
      const header = JSON.parse(bytes.subarray(0, newline).toString()) as { key: string; sha256: string }
      expect(`${header.key}.run`).toBe(n)
      expect(
        createHash('sha256')
          .update(bytes.subarray(newline + 1))
          .digest('hex'),
      ).toBe(header.sha256)
    }
  })
})
