import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderTestJunit, renderTestPretty } from './report.js'
import { runTests } from './run.js'
import { subResults } from './test-cases.js'

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cordon-cases-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text)
  return d
}

function report(text: string) {
  const outcome = runTests([dir({ 'p_test.rego': text })])
  if (outcome.kind !== 'report') throw new Error(`expected a report, got ${JSON.stringify(outcome.diagnostics)}`)
  return outcome.report
}

// Parameterized tests (OPA >= 1.2, v1/tester/runner.go): a ref-head test rule
// is one test with a sub-result per case; the summary counts the cases.
describe('parameterized tests', () => {
  it('runs test_x[name] with one sub-result per case, counted, failing when a case fails', () => {
    const r = report(`package repro_test

test_cases[name] if {
	some name, [a, b, want] in {"one": [1, 1, 2], "bad": [1, 1, 3], "two": [1, 2, 3]}
	a + b == want
}

test_plain if true
`)
    const cases = r.results.find((x) => x.name === 'data.repro_test.test_cases')!
    expect(cases.status).toBe('fail')
    expect(cases.subResults).toEqual([
      { name: 'bad', status: 'fail' },
      { name: 'one', status: 'pass' },
      { name: 'two', status: 'pass' },
    ])
    expect(r.summary).toEqual({ total: 4, pass: 3, fail: 1, error: 0, skip: 0 })
    const text = renderTestPretty(r, false)
    expect(text).toContain('data.repro_test.test_cases: FAIL')
    expect(text).toContain('\n  bad: FAIL\n')
    expect(text).not.toContain('one: PASS')
    expect(renderTestPretty(r, true)).toContain('\n  one: PASS\n')
  })

  it('reports a case that starts and then fails, even when no case reaches the object', () => {
    const r = report(`package p_test

test_never_true[name] if {
	some name in ["a", "b"]
	false
}

test_by_note[tc.note] if {
	some tc in [{"note": "ok", "x": 1}, {"note": "not ok", "x": 2}]
	tc.x == 1
}
`)
    const never = r.results.find((x) => x.name === 'data.p_test.test_never_true')!
    expect(never.status).toBe('fail')
    expect(never.subResults).toEqual([
      { name: 'a', status: 'fail' },
      { name: 'b', status: 'fail' },
    ])
    const byNote = r.results.find((x) => x.name === 'data.p_test.test_by_note')!
    expect(byNote.subResults).toEqual([
      { name: 'not ok', status: 'fail' },
      { name: 'ok', status: 'pass' },
    ])
    expect(r.summary).toEqual({ total: 4, pass: 1, fail: 3, error: 0, skip: 0 })
  })

  it('passes when every case passes, and nests cases of deeper refs', () => {
    const r = report(`package p_test

test_grid[x][y] if {
	some x in ["a", "b"]
	some y in [1, 2]
	true
}
`)
    const grid = r.results[0]!
    expect(grid.status).toBe('pass')
    expect(grid.subResults!.map((s) => [s.name, s.status, s.subResults?.map((c) => c.name)])).toEqual([
      ['a', 'pass', ['1', '2']],
      ['b', 'pass', ['1', '2']],
    ])
    expect(r.summary).toEqual({ total: 4, pass: 4, fail: 0, error: 0, skip: 0 })
  })

  it('judges a value that is not true as a failing case, and marks the parents of a failing nested case', () => {
    expect(subResults({ a: true, b: false, c: { d: true } }, [['c', 'e']])).toEqual({
      fail: true,
      results: [
        { name: 'a', status: 'pass' },
        { name: 'b', status: 'fail' },
        {
          name: 'c',
          status: 'fail',
          subResults: [
            { name: 'd', status: 'pass' },
            { name: 'e', status: 'fail' },
          ],
        },
      ],
    })
  })
})

describe('parameterized tests in JUnit', () => {
  it('lists one testcase per case, under the test name with the case in brackets', () => {
    const r = report('package p_test\n\ntest_x[n] if {\n\tsome n in ["a.b", "c"]\n\tn == "c"\n}\n')
    const xml = renderTestJunit(r)
    expect(xml).toContain('<testsuite name="p_test" tests="2" failures="1"')
    expect(xml).toContain('<testcase name="test_x[&quot;a.b&quot;]" classname="data.p_test"')
    expect(xml).toContain('<testcase name="test_x[&quot;c&quot;]" classname="data.p_test"')
  })
})

describe('case names', () => {
  it('names a case keyed by a composite value with its JSON, as OPA does, and matches it with the object of cases', () => {
    const r = report(`package p_test

test_pos[tc.pos] if {
	some tc in [{"pos": {"line": 2, "character": 3}, "ok": true}, {"pos": {"line": 7, "character": 5}, "ok": false}]
	tc.ok
}
`)
    expect(r.results[0]!.subResults).toEqual([
      { name: '{"character":3,"line":2}', status: 'pass' },
      { name: '{"character":5,"line":7}', status: 'fail' },
    ])
  })
})
