/** `cordon test --parallel N`, `--cache DIR` and `--watch`'s cache through the built command. */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

// Packages of tests that pass, fail, print, error, are parameterized, and two
// that never end (stopped by --timeout: each of their nine million steps searches
// a 100 KB string, so no fuel limit or faster machine ends them first), with
// decision-table cases after them.
function files(): Record<string, string> {
  const out: Record<string, string> = {}
  for (let k = 0; k < 4; k++) {
    const tests = [`package p${k}_test\n`, `import data.p${k}\n`]
    for (let i = 0; i < 8; i++) {
      tests.push(`test_t${i} if {\n\tprint("p${k} t${i}")\n\tp${k}.double(${i}) == ${i % 3 === 0 ? i * 3 : i * 2}\n}\n`)
    }
    tests.push(`test_error if to_number(input.x) with input.x as "x"\n`)
    tests.push(`test_stuck if not p${k}.stuck with input as {"n": ${k === 1 || k === 2 ? 3000 : 3}}\n`)
    tests.push(
      `test_cases[name] if {\n\tsome name, [a, want] in {"one": [1, 2], "two": [2, 5]}\n\tp${k}.double(a) == want\n}\n`,
    )
    out[`p${k}/policy.rego`] =
      `package p${k}\n\ndouble(x) := x * 2\n\nfour := double(2)\n\nstuck if {\n\ts := json.marshal(numbers.range(1, 20000))\n\tsome i in numbers.range(1, input.n)\n\tsome j in numbers.range(1, input.n)\n\tindexof(s, "#") + i + j < 0\n}\n`
    out[`p${k}/policy_test.rego`] = tests.join('\n')
    out[`p${k}/p.cases.yaml`] = `- name: two\n  entrypoint: p${k}/four\n  input: {}\n  expect: { result: 4 }\n`
  }
  return out
}

const withoutTimes = (text: string) =>
  JSON.stringify(JSON.parse(text).results, (k, v: unknown) => (k === 'duration' ? undefined : v))

describe('cordon test --parallel', () => {
  it('gives the results of one worker, in the same order, with deadlines kept per test', () => {
    const dir = workspace(files())
    const args = ['test', '.', '--format', 'json', '--timeout', '500ms', '--strict']
    const one = cordon([...args, '--parallel', '1'], dir)
    const three = cordon([...args, '--parallel', '3'], dir)
    expect(one.status).toBe(2)
    expect(three.status).toBe(2)
    expect(withoutTimes(three.stdout)).toBe(withoutTimes(one.stdout))
    const report = JSON.parse(three.stdout) as {
      results: { name: string; status: string; output?: string[]; error?: { message: string } }[]
      summary: unknown
    }
    // Every kind of result made it through: prints, failures, errors, sub-results, cases after the stopped tests.
    expect(report.results.find((r) => r.name === 'data.p2_test.test_t4')).toMatchObject({
      status: 'pass',
      output: ['p2 t4'],
    })
    expect(report.results.find((r) => r.name === 'data.p2_test.test_t3')?.status).toBe('fail')
    expect(report.results.find((r) => r.name === 'data.p1_test.test_stuck')?.error?.message).toBe(
      'evaluation timed out after 500ms (--timeout)',
    )
    expect(report.results.find((r) => r.name === 'data.p3_test.test_stuck')?.status).toBe('pass')
    expect(report.results.at(-1)).toMatchObject({ name: 'p3/p.cases.yaml#two', status: 'pass' })
    expect(report.summary).toEqual({ total: 52, pass: 34, fail: 12, error: 6, skip: 0 })
  })

  it('rejects a parallelism that is not a whole number from 1', () => {
    const dir = workspace({ 'a_test.rego': 'package a_test\n\ntest_a if true\n' })
    for (const bad of ['0', '1.5', 'two', '10000']) {
      const r = cordon(['test', '.', '--parallel', bad], dir)
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(`--parallel must be a whole number from 1 to 9999, not ${bad}`)
    }
  })
})

describe('cordon test --cache', () => {
  it('reuses the compiled run on the second call, with the same report', () => {
    const dir = workspace(files())
    const cache = mkdtempSync(path.join(tmpdir(), 'cordon-test-cache-'))
    const args = ['test', '.', '--format', 'json', '--cache', cache, '--run', 'test_t']
    const first = cordon(args, dir)
    // The compiled run and the explanations of its failing tests.
    expect(readdirSync(cache).filter((n) => n.endsWith('.run'))).toHaveLength(2)
    const second = cordon(args, dir)
    expect(second.status).toBe(first.status)
    expect(withoutTimes(second.stdout)).toBe(withoutTimes(first.stdout))
    expect(
      JSON.parse(second.stdout).results.find((r: { name: string }) => r.name === 'data.p0_test.test_t3').failure,
    ).toMatchObject({ expr: 'p0.double(3) == 9' })
    expect(readdirSync(cache).filter((n) => n.endsWith('.run'))).toHaveLength(2)
  })

  it('says when the folder cannot be used', () => {
    const dir = workspace({ 'a_test.rego': 'package a_test\n\ntest_a if true\n' })
    const r = cordon(['test', '.', '--cache', 'a_test.rego'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--cache: cannot use a_test.rego as a folder')
  })
})

describe('cordon test --watch', () => {
  it('caches in a folder of its own, removed when it stops; with --cache, in that folder', async () => {
    const dir = workspace({ 'p/a.rego': 'package a\n\ntest_a if 1 == 2\n' })
    const tmp = mkdtempSync(path.join(tmpdir(), 'cordon-watch-tmp-'))
    const cache = mkdtempSync(path.join(tmpdir(), 'cordon-watch-cache-'))
    const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
    const watch = async (args: string[], during: () => Promise<void>) => {
      const child = spawn(process.execPath, [cli, 'test', 'p', '--watch', ...args], {
        cwd: dir,
        env: { ...process.env, TMPDIR: tmp },
      })
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      const closed = new Promise((r) => child.on('close', r))
      // Generous: a loaded machine runs the tests slowly. `touch` saves the file again now and then while waiting,
      // for a watcher whose recursive set-up (asynchronous on Linux) has not yet reached the file.
      const waitFor = async (re: RegExp, touch?: () => void) => {
        for (let i = 0; i < 1200 && !re.test(out); i++) {
          if (touch && i % 40 === 0) touch()
          await new Promise((r) => setTimeout(r, 50))
        }
        expect(out).toMatch(re)
      }
      try {
        await waitFor(/\[watch\] exit status 2/)
        await waitFor(/PASS: 1\/1[\s\S]*\[watch\] exit status 0/, () =>
          writeFileSync(path.join(dir, 'p/a.rego'), 'package a\n\ntest_a if 1 == 1\n'),
        )
        await during()
      } finally {
        child.kill('SIGINT')
        await closed
      }
    }
    const entriesBelow = (d: string) => readdirSync(d, { recursive: true }).filter((n) => String(n).endsWith('.run'))
    await watch([], async () => {
      const [session] = readdirSync(tmp).filter((n) => n.startsWith('cordon-test-watch-'))
      // The failing run, its explanation, the passing run.
      expect(entriesBelow(path.join(tmp, session!))).toHaveLength(3)
    })
    expect(readdirSync(tmp).filter((n) => n.startsWith('cordon-test-watch-'))).toEqual([])
    writeFileSync(path.join(dir, 'p/a.rego'), 'package a\n\ntest_a if 1 == 2\n')
    await watch(['--cache', cache], async () => expect(entriesBelow(cache)).toHaveLength(3))
    expect(existsSync(cache)).toBe(true)
    expect(entriesBelow(cache)).toHaveLength(3)
  }, 180_000)
})
