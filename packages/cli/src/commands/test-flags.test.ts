/** `cordon test --timeout`, `--explain`, `--var-values`, `--bench` and `--format opa-json` (issue 17), run as users run the built command. */
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const policy = `package app

allow if {
	input.user == "admin"
}

# Nine million steps for n = 3000, each searching a 100 KB string: hours, so
# only a timeout stops it. Fuel counts steps, not work within a step, so it is
# still far from used up when the timeouts below stop the test.
stuck if {
	s := json.marshal(numbers.range(1, 20000))
	some i in numbers.range(1, input.n)
	some j in numbers.range(1, input.n)
	indexof(s, "#") + i + j < 0
}
`
const tests = `package app

test_allow if {
	allow with input as {"user": "admin"}
}

test_stuck if {
	not stuck with input as {"n": 3000}
}

test_quick if {
	not stuck with input as {"n": 3}
}

test_values if {
	trace("checking values")
	x := 1
	y := [x, 2]
	count(y) + x == 5
}
`
const files = { 'p/app.rego': policy, 'p/app_test.rego': tests }

describe('cordon test --timeout', () => {
  it('stops a test that runs longer, names it as an error, and still runs the others', () => {
    const dir = workspace(files)
    const t0 = Date.now()
    const r = cordon(['test', 'p', '--timeout', '300ms', '-v'], dir)
    expect(Date.now() - t0).toBeLessThan(20_000)
    expect(r.status).toBe(2)
    // Stopped at the deadline: at least 300 ms (how much later depends on the machine's load).
    const stopped = /data\.app\.test_stuck: ERROR \((\d+\.\d)ms\)/.exec(r.stdout)
    expect(Number(stopped?.[1])).toBeGreaterThanOrEqual(300)
    expect(r.stdout).toContain('eval_cancel_error: evaluation timed out after 300ms (--timeout)')
    // The tests after the stopped one ran on a fresh worker.
    expect(r.stdout).toContain('data.app.test_quick: PASS')
    expect(r.stdout).toContain('data.app.test_allow: PASS')
    expect(r.stdout).toContain('data.app.test_values: FAIL')
    expect(r.stdout).toMatch(/PASS: 2\/4\nFAIL: 1\/4\nERROR: 1\/4/)
  })

  it('bounds the loading of data too: a slow rule of data alone is each test error, not a hang', () => {
    const dir = workspace({
      'p/slow.rego': `package slow

stuck if {
	s := json.marshal(numbers.range(1, 20000))
	some i in numbers.range(1, 300)
	some j in numbers.range(1, 300)
	indexof(s, "#") + i + j < 0
}

test_not_stuck if {
	not stuck
}
`,
    })
    const r = cordon(['test', 'p', '--timeout', '300ms', '--coverage'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toContain('loading the policy and its data took longer than 300ms (--timeout)')
    expect(r.stdout).toContain('ERROR: 1/1')
  })

  it('takes Go durations; a bad or negative one is a usage error', () => {
    const dir = workspace(files)
    expect(cordon(['test', 'p', '--run', 'allow', '--timeout', '1m30s'], dir).status).toBe(0)
    for (const bad of ['5', 'fast', '-1s']) {
      const r = cordon(['test', 'p', `--timeout=${bad}`], dir)
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('--timeout must')
    }
  })
})

describe('cordon test --explain and --var-values', () => {
  it('full: every expression of the failing body up to the failing one, with values; notes: trace messages', () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'values', '--explain', 'full'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toContain(
      [
        '  explain (the test body, up to the expression that did not hold):',
        '    p/app_test.rego:16: trace("checking values")  (held)',
        '    p/app_test.rego:17: x := 1  (held)',
        '    p/app_test.rego:18: y := [x, 2]  (held)',
        '      [x, 2] = [1,2]',
        '    p/app_test.rego:19: count(y) + x == 5  (failed)',
        '      count(y) + x = 3',
        '  failed at p/app_test.rego:19: count(y) + x == 5',
      ].join('\n'),
    )
    // trace() messages are notes here, not print output.
    expect(r.stdout).toContain('  notes:\n    Note "checking values"')
    expect(r.stdout).not.toContain('print output')
  })

  it('--var-values adds the local variables the failing expression uses; --explain lists passing tests too', () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'values|allow', '--explain', 'fails', '--var-values'], dir)
    expect(r.stdout).toContain(
      '  failed at p/app_test.rego:19: count(y) + x == 5\n    count(y) + x = 3\n    local variables:\n      y = [1,2]\n      x = 1\n',
    )
    expect(r.stdout).toContain('data.app.test_allow: PASS')
    // Without --explain notes, trace() output stays print output, as before.
    expect(r.stdout).toContain('print output:\n    checking values')
  })

  it("rejects OPA's debug mode and unknown modes", () => {
    const r = cordon(['test', 'p', '--explain', 'debug'], workspace(files))
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--explain must be fails, full or notes, not debug')
  })
})

describe('cordon test --bench', () => {
  it("prints OPA's bench line for a passing test and reports the others as usual", () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'allow|values', '--bench'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toMatch(/^data\.app\.test_allow\t {0,7}\d+\t *\d+(\.\d+)? ns\/op\t *\d+ B\/op\t *\d+ allocs\/op$/m)
    expect(r.stdout).toContain('data.app.test_values: FAIL')
  })

  it("puts OPA's benchmark_result in --format opa-json, and refuses --coverage as opa test does", () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'allow', '--bench', '--format', 'opa-json'], dir)
    expect(r.status).toBe(0)
    const [result] = JSON.parse(r.stdout)
    expect(result.benchmark_result.N).toBeGreaterThan(1)
    // Go's bench time: the measured run takes at least one second.
    expect(result.benchmark_result.T).toBeGreaterThanOrEqual(1e9)
    expect(result.benchmark_result.MemBytes).toBeGreaterThan(0)
    expect(result.benchmark_result.MemAllocs).toBeGreaterThan(0)
    const cov = cordon(['test', 'p', '--bench', '--coverage'], dir)
    expect(cov.status).toBe(2)
    expect(cov.stderr).toContain('coverage reporting is not supported when benchmarking tests')
  })
})

describe('cordon test --format opa-json', () => {
  it("prints OPA's tester.Result array", () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'allow|values', '--format', 'opa-json'], dir)
    expect(r.status).toBe(2)
    const results = JSON.parse(r.stdout) as Record<string, unknown>[]
    for (const x of results) expect(x.duration).toSatisfy((d: unknown) => Number.isInteger(d) && (d as number) > 0)
    expect(results.map(({ duration, ...rest }) => rest)).toEqual([
      { location: { file: 'p/app_test.rego', row: 3, col: 1 }, package: 'data.app', name: 'test_allow' },
      {
        location: { file: 'p/app_test.rego', row: 15, col: 1 },
        package: 'data.app',
        name: 'test_values',
        fail: true,
        output: Buffer.from('checking values\n').toString('base64'),
      },
    ])
  })

  it("with --coverage prints OPA's coverage report: ranges per file, counts, the unrounded percentage", () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'allow', '--coverage', '--format', 'opa-json'], dir)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      files: {
        'p/app.rego': {
          covered: [{ start: { row: 3 }, end: { row: 4 } }],
          not_covered: [{ start: { row: 10 }, end: { row: 14 } }],
          covered_lines: 2,
          not_covered_lines: 5,
          coverage: 200 / 7,
        },
      },
      covered_lines: 2,
      not_covered_lines: 5,
      coverage: 200 / 7,
    })
    const low = cordon(['test', 'p', '--run', 'allow', '--coverage', '--format', 'opa-json', '--threshold', '50'], dir)
    expect(low.status).toBe(2)
    expect(low.stdout).toBe('')
    expect(low.stderr).toContain('Code coverage threshold not met: got 28.57 instead of 50.00')
  })
})
