import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'
import { checkXml } from '../test-runner/xml-check.js'

const policy = `package app

default allow := false

# METADATA
# entrypoint: true
allow if {
	input.user in data.app.admins
}

greeting := sprintf("hi %s", [input.user])

decision := {"allow": allow, "code": code}

code := "ok" if allow

code := "not_admin" if not allow

unused if {
	input.x == 1
	input.y == 2
}
`
const tests = `package app

test_admin if {
	allow with input as {"user": "alice"}
}

test_not_admin if {
	x := {"user": "bob"}
	print("checking", x)
	allow with input as x
}

test_greeting if {
	greeting == "hi bob" with input as {"user": "alice"}
}

test_data_mock if {
	allow with input as {"user": "eve"} with data.app.admins as ["eve"]
}

test_builtin_value_mock if {
	greeting == "mocked" with sprintf as "mocked" with input as {"user": "x"}
}

mock_sprintf(_, _) := "by function"

test_function_mock if {
	greeting == "by function" with sprintf as mock_sprintf with input as {"user": "x"}
}

two := x if some x in [1, 2]

test_conflict if {
	two == 1
}

todo_test_later if false
`
const files = {
  'p/app.rego': policy,
  'p/app_test.rego': tests,
  'p/app/data.json': JSON.stringify({ admins: ['alice'] }),
}

describe('cordon test', () => {
  it('reports pass, fail, error and todo; with mocks input, data, builtins and functions', () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '-v'], dir)
    expect(r.status).toBe(2)
    const line = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`data.app.${name}:`))
    expect(line('test_admin')).toMatch(/^data\.app\.test_admin: PASS \(.+\) {2}p\/app_test\.rego:3$/)
    expect(line('test_data_mock')).toContain('PASS')
    expect(line('test_builtin_value_mock')).toContain('PASS')
    expect(line('test_function_mock')).toContain('PASS')
    expect(line('test_not_admin')).toContain('FAIL')
    expect(line('test_greeting')).toContain('FAIL')
    expect(line('test_conflict')).toContain('ERROR')
    expect(line('todo_test_later')).toContain('SKIPPED')
    // The failing expression, the operands' values and the print output.
    expect(r.stdout).toContain('failed at p/app_test.rego:10: allow with input as x')
    expect(r.stdout).toContain('    allow = false')
    expect(r.stdout).toContain('print output:\n    checking {"user": "bob"}')
    expect(r.stdout).toContain('failed at p/app_test.rego:14: greeting == "hi bob" with input as {"user": "alice"}')
    expect(r.stdout).toContain('    greeting = "hi alice"')
    expect(r.stdout).toContain(
      'eval_conflict_error: p/app_test.rego:31: complete rules must not produce multiple outputs',
    )
    expect(r.stdout).toMatch(/PASS: 4\/8\nFAIL: 2\/8\nERROR: 1\/8\nSKIPPED: 1\/8/)
  })

  it('lists only what did not pass without -v, and exits 0 when all pass', () => {
    const dir = workspace(files)
    const failing = cordon(['test', 'p'], dir)
    expect(failing.stdout).not.toContain('test_admin: PASS')
    expect(failing.stdout).toContain('test_greeting: FAIL')
    const r = cordon(['test', 'p', '--run', 'test_admin$|mock'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/PASS: 4\/4/)
  })

  it('measures line coverage of policy files and applies --threshold', () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--run', 'test_admin$|test_not_admin', '--coverage', '--format', 'json'], dir)
    const report = JSON.parse(r.stdout)
    expect(report.coverage.files).toEqual([
      // allow's body and head are run; greeting, decision, code and unused are not.
      { file: 'p/app.rego', covered: [7, 8], notCovered: [11, 13, 15, 17, 19, 20, 21], coverage: 22.22 },
    ])
    expect(report.coverage.coverage).toBe(22.22)
    expect(report.summary).toEqual({ total: 2, pass: 1, fail: 1, error: 0, skip: 0 })

    const all = cordon(['test', 'p', '--run', 'admin|greeting|mock', '--coverage', '--format', 'json'], dir)
    expect(JSON.parse(all.stdout).coverage.files[0].notCovered).toEqual([13, 15, 17, 19, 20, 21])

    const low = cordon(['test', 'p', '--run', 'test_admin$', '--threshold', '50'], dir)
    expect(low.status).toBe(2)
    expect(low.stdout).toContain('coverage 22.22% is below the threshold of 50%')
    expect(low.stdout).toContain('p/app.rego: 22.22% (2/9 lines)  not covered: 11, 13, 15, 17, 19-21')
    const ok = cordon(['test', 'p', '--run', 'test_admin$', '--threshold', '20'], dir)
    expect(ok.status).toBe(0)
  })

  it('writes JUnit XML: a testsuite per package, failures and errors', () => {
    const dir = workspace(files)
    const r = cordon(['test', 'p', '--format', 'junit'], dir)
    expect(r.status).toBe(2)
    expect(() => checkXml(r.stdout)).not.toThrow()
    expect(r.stdout).toContain('<testsuite name="app" tests="8" failures="2" errors="1" skipped="1"')
    expect(r.stdout).toMatch(
      /<testcase name="test_greeting" classname="data.app" file="p\/app_test.rego" line="13" time="[\d.]+">\n\s+<failure/,
    )
    expect(r.stdout).toContain(
      '<error message="p/app_test.rego:31: complete rules must not produce multiple outputs" type="eval_conflict_error">',
    )
    expect(r.stdout).toContain('<skipped/>')
    expect(r.stdout).toContain('<system-out>checking {&quot;user&quot;: &quot;bob&quot;}</system-out>')
  })

  it('runs decision tables next to policies, field by field', () => {
    const dir = workspace({
      ...files,
      'p/app_test.rego': 'package app\n\ntest_admin if allow with input as {"user": "alice"}\n',
      'p/app.cases.yaml': `- name: alice is an admin
  entrypoint: app/decision
  input: { user: alice }
  expect: { allow: true, code: ok }
- entrypoint: data.app.decision
  input: { user: eve }
  data: { app: { admins: [eve] } }
  expect: { allow: true }
- name: wrong expectation
  entrypoint: app.decision
  input: { user: bob }
  expect: { allow: true, code: ok }
- name: whole value
  entrypoint: app/greeting
  input: { user: bob }
  expect: { result: hi bob }
`,
    })
    const r = cordon(['test', 'p', '-v', '--coverage'], dir)
    expect(r.status).toBe(2)
    expect(r.stdout).toContain('p/app.cases.yaml#alice is an admin: PASS')
    expect(r.stdout).toContain('p/app.cases.yaml#case 2: PASS')
    expect(r.stdout).toContain('p/app.cases.yaml#whole value: PASS')
    expect(r.stdout).toMatch(/p\/app.cases.yaml#wrong expectation: FAIL \(.+\) {2}p\/app.cases.yaml:9/)
    expect(r.stdout).toContain('allow: expected true, got false')
    expect(r.stdout).toContain('code: expected "ok", got "not_admin"')
    // Cases count for coverage too.
    expect(r.stdout).toContain('not covered: 19-21')
  })

  it('rejects an invalid table with exit 2 and the schema error', () => {
    const dir = workspace({ ...files, 'p/bad.cases.yaml': '- entrypoint: app/allow\n  expect: {}\n  inptu: {}\n' })
    const r = cordon(['test', 'p'], dir)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('p/bad.cases.yaml: does not match decision-cases.schema.json')
    expect(r.stderr).toContain("/0: must have required property 'input'")
    expect(r.stderr).toContain('must NOT have additional properties (inptu)')
    expect(r.stderr).toContain('/0/expect: must NOT have fewer than 1 properties')
  })

  it.each([
    { note: 'no PATH', files: {}, args: ['test'], err: /needs at least one PATH/ },
    { note: 'a bad format', files: files, args: ['test', 'p', '--format', 'tap'], err: /--format must be/ },
    { note: 'a bad threshold', files: files, args: ['test', 'p', '--threshold', 'x'], err: /--threshold must be/ },
  ])('exits 2 on $note', ({ files, args, err }) => {
    const r = cordon(args, workspace(files as Record<string, string>))
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(err)
  })

  it('--ignore GLOB skips files and folders below the PATHs by name, as opa test --ignore', () => {
    const dir = workspace({
      'p/a.rego': 'package a\n\ntest_a if 1 == 1\n',
      'p/broken.rego': 'package broken\n\ntest_b if {\n',
      'p/t.cases.yaml': 'not: [a table\n',
      'p/vendor/v.rego': 'package v\n\ntest_v if 1 == 2\n',
    })
    const all = cordon(['test', 'p'], dir)
    expect(all.status).not.toBe(0)
    const r = cordon(
      ['test', 'p', '--ignore', 'broken.rego', '--ignore', '*.yaml', '--ignore', 'vend?r', '--format', 'json'],
      dir,
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).summary).toMatchObject({ total: 1, pass: 1 })
    // A PATH named on the command line is read even when its name matches.
    const named = cordon(['test', 'p/vendor', '--ignore', 'vendor'], dir)
    expect(named.status).toBe(2)
  })

  it("reports an unknown entrypoint in a table as that case's error at file:row:col, and runs the rest", () => {
    const dir = workspace({
      ...files,
      'p/t.cases.yaml':
        '- name: good\n  entrypoint: app/decision\n  input: { user: alice }\n  expect: { allow: true }\n- name: typo\n  entrypoint: app/nope\n  input: {}\n  expect: { allow: true }\n',
    })
    const r = cordon(['test', 'p', '-v', '--run', 'test_admin$|cases'], dir)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('p/t.cases.yaml#good: PASS')
    expect(r.stdout).toContain('data.app.test_admin: PASS')
    expect(r.stdout).toContain('p/t.cases.yaml:6:15: entrypoint "app/nope" does not name a rule')
    expect(r.stdout).toMatch(/ERROR: 1\/3/)
    expect(r.status).toBe(2)
  })

  it('exits 1 (as opa test) when the policy does not compile', () => {
    const r = cordon(['test', 'p'], workspace({ 'p/x.rego': 'package x\n\ntest_x if { y == 1 }\n' }))
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/p\/x.rego:3:13: rego_unsafe_var_error/)
  })

  it('runs again when a file changes with --watch', async () => {
    const dir = workspace({ 'p/a.rego': 'package a\n\ntest_a if 1 == 2\n' })
    const cli = fileURLToPath(new URL('../../dist/main.js', import.meta.url))
    const child = spawn(process.execPath, [cli, 'test', 'p', '--watch'], { cwd: dir })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50))
      return re.test(out)
    }
    try {
      expect(await waitFor(/\[watch\] exit status 2/)).toBe(true)
      writeFileSync(path.join(dir, 'p/a.rego'), 'package a\n\ntest_a if 1 == 1\n')
      expect(await waitFor(/change detected[\s\S]*PASS: 1\/1[\s\S]*\[watch\] exit status 0/)).toBe(true)
    } finally {
      child.kill('SIGINT')
    }
  })
})
