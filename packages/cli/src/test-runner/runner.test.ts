import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkSources } from '@cordon/rego'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { compareExpect, mergePatch } from './cases.js'
import { loadCases } from './load-cases.js'
import { compileParsed, instantiate } from './compile.js'
import { coverageRecorder, coverageReport, coverDecl, formatRanges, instrument } from './coverage.js'
import { discoverTests } from './discover.js'
import { renderTestJunit } from './report.js'
import { runTests } from './run.js'
import { checkXml } from './xml-check.js'

const policy = `package lib.authz

default allow := false

allow if {
	input.role == "admin"
}

allow if {
	input.role == "user"
	input.action in {"read", "list"}
}

names := [n | some n in input.names; startswith(n, "a")]
`
const tests = `package lib.authz_test

import data.lib.authz

test_admin if authz.allow with input as {"role": "admin"}

test_user_write_denied if {
	not authz.allow with input as {"role": "user", "action": "write"}
}

test_wrong if {
	some x in [1, 2, 3]
	x > 1
	authz.names == ["bob"] with input.names as ["alice", "bob"]
}

todo_test_names if false
`

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cordon-runner-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text)
  return d
}

describe('discovery', () => {
  it('finds test_* and todo_test_* rules with their entrypoints and locations', () => {
    const { modules } = checkSources([
      { file: 'a.rego', text: policy },
      { file: 'a_test.rego', text: tests + '\ntest_admin if true\n' },
    ])
    const found = discoverTests(modules)
    expect(found.map((t) => [t.name, t.entrypoint, t.location.row, t.todo, t.rules.length])).toEqual([
      ['data.lib.authz_test.test_admin', 'lib/authz_test/test_admin', 5, false, 2],
      ['data.lib.authz_test.test_user_write_denied', 'lib/authz_test/test_user_write_denied', 7, false, 1],
      ['data.lib.authz_test.test_wrong', 'lib/authz_test/test_wrong', 11, false, 1],
      ['data.lib.authz_test.todo_test_names', 'lib/authz_test/todo_test_names', 17, true, 1],
    ])
    expect(found[0]!.pkg).toBe('lib.authz_test')
  })
})

describe('runTests', () => {
  it('runs each test against the compiled module and explains failures with operand values', () => {
    const d = dir({ 'authz.rego': policy, 'authz_test.rego': tests })
    const outcome = runTests([d], { explain: true })
    if (outcome.kind !== 'report') throw new Error('expected a report')
    const byName = Object.fromEntries(outcome.report.results.map((r) => [r.name.split('.').pop(), r]))
    expect(byName.test_admin!.status).toBe('pass')
    expect(byName.test_user_write_denied!.status).toBe('pass')
    expect(byName.todo_test_names!.status).toBe('skip')
    const wrong = byName.test_wrong!
    expect(wrong.status).toBe('fail')
    expect(wrong.failure).toEqual({
      expr: 'authz.names == ["bob"] with input.names as ["alice", "bob"]',
      location: { file: path.join(d, 'authz_test.rego'), row: 14 },
      // Two values of x reach the expression; the operand has the same value for both.
      values: [{ expr: 'authz.names', values: [['alice']] }],
    })
    expect(outcome.report.summary).toEqual({ total: 4, pass: 2, fail: 1, error: 0, skip: 1 })
  })

  it('returns the checker diagnostics for a policy that does not compile', () => {
    const d = dir({ 'x.rego': 'package x\n\ntest_x if { count(1, 2, 3) }\n' })
    const outcome = runTests([d])
    expect(outcome.kind).toBe('diagnostics')
    if (outcome.kind === 'diagnostics') expect(outcome.diagnostics[0]!.code).toBe('rego_type_error')
  })
})

describe('coverage', () => {
  it('instruments copies of the modules, never the originals, and never the plain build', () => {
    const files = [{ file: 'authz.rego', text: policy }]
    const { modules } = checkSources(files)
    const before = JSON.stringify(modules)
    const { modules: instrumented, coverable } = instrument(modules)
    expect(JSON.stringify(modules)).toBe(before)
    expect([...coverable.get('authz.rego')!].sort((a, b) => a - b)).toEqual([5, 6, 9, 10, 11, 14])
    // The instrumented module calls the host's cordon.cover; the plain one does not.
    const plain = buildWasm(files, { entrypoints: ['lib/authz/allow'] })
    const plainInstance = instantiate(plain.wasm!, {})
    expect(plainInstance.hostBuiltins).not.toContain('cordon.cover')
    const covered = compileParsed(instrumented, ['lib/authz/allow'], [coverDecl])
    const recorder = coverageRecorder()
    const instance = instantiate(covered.wasm!, {}, recorder.impl)
    expect(instance.hostBuiltins).toContain('cordon.cover')
    // Decisions are the same with and without the markers.
    for (const input of [{ role: 'admin' }, { role: 'user', action: 'write' }, { role: 'user', action: 'read' }]) {
      expect(instance.evaluate(input, 'lib/authz/allow')).toEqual(plainInstance.evaluate(input, 'lib/authz/allow'))
    }
    const report = coverageReport(coverable, recorder.hits)
    expect(report.files).toEqual([
      { file: 'authz.rego', covered: [5, 6, 9, 10, 11], notCovered: [14], coverage: 83.33 },
    ])
  })

  it('counts lines of policy files only, with test rules and *_test.rego files left out', () => {
    const d = dir({
      'authz.rego': policy + '\ntest_inline if allow with input as {"role": "admin"}\n',
      'authz_test.rego': tests,
    })
    const outcome = runTests([d], { coverage: true, run: /test_admin|test_inline/ })
    if (outcome.kind !== 'report') throw new Error('expected a report')
    expect(outcome.report.coverage!.files).toEqual([
      { file: path.join(d, 'authz.rego'), covered: [5, 6, 10], notCovered: [9, 11, 14], coverage: 50 },
    ])
    // Line 10 is evaluated (and fails) for an admin: evaluated expressions count, as in OPA.
    expect(outcome.report.coverage!.coverage).toBe(50)
  })

  it('formats rows as ranges', () => {
    expect(formatRanges([1, 2, 3, 5, 7, 8])).toBe('1-3, 5, 7-8')
    expect(formatRanges([])).toBe('')
  })
})

describe('decision tables', () => {
  it('compares field by field; result compares the whole value', () => {
    expect(compareExpect({ allow: false, code: 'x' }, { allow: false, code: 'y', reasons: [] })).toEqual([
      { field: 'code', expected: 'x', actual: 'y' },
    ])
    expect(compareExpect({ result: [1, 2] }, [1, 2])).toEqual([])
    expect(compareExpect({ allow: true }, undefined)).toEqual([{ field: 'allow', expected: true, actual: undefined }])
  })

  it('merges case data over the loaded data, objects key by key, arrays replaced', () => {
    expect(mergePatch({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] }, d: 1 })
  })

  it('loads tables with the row of each case and rejects one that does not match the schema', () => {
    const d = dir({
      'ok.cases.yaml':
        '# a comment\n- entrypoint: data.a.b\n  input: {}\n  expect: { allow: true }\n\n- name: second\n  entrypoint: a.c\n  input: 1\n  expect: { result: 1 }\n',
      'bad.cases.yaml': '- entrypoint: "a b"\n  input: {}\n  expect: { allow: "yes" }\n',
    })
    expect(loadCases(path.join(d, 'ok.cases.yaml')).map((c) => [c.name, c.entrypoint, c.location.row])).toEqual([
      ['case 1', 'a/b', 2],
      ['second', 'a/c', 6],
    ])
    expect(() => loadCases(path.join(d, 'bad.cases.yaml'))).toThrow(
      /\/0\/entrypoint: must match pattern[\s\S]*\/0\/expect\/allow: must be boolean/,
    )
  })
})

describe('junit', () => {
  it('is well-formed XML with escaped text', () => {
    const xml = renderTestJunit({
      results: [
        {
          name: 'data.p.test_a',
          kind: 'rego',
          suite: 'p',
          status: 'fail',
          location: { file: 'a<b>.rego', row: 3 },
          duration: 1,
          output: ['x & "y"'],
        },
        {
          name: 'data.q.test_b',
          kind: 'rego',
          suite: 'q',
          status: 'error',
          location: { file: 'b.rego', row: 1 },
          duration: 0,
          error: { code: 'eval_type_error', message: "bad <'thing'>" },
        },
      ],
      summary: { total: 2, pass: 0, fail: 1, error: 1, skip: 0 },
      duration: 2,
    })
    expect(checkXml(xml)).toEqual({ root: 'testsuites', elements: 8 })
    expect(xml).toContain('<testsuite name="q" tests="1" failures="0" errors="1" skipped="0"')
    expect(() => checkXml('<a><b></a>')).toThrow()
  })
})

describe('failure values', () => {
  it('falls back to compiling probes one by one when a prefix of the body is unsafe alone', () => {
    // The checker moves `x = 5` before `x > limit`, so the prefix [x > limit] does not compile alone.
    const d = dir({ 'a.rego': 'package a\n\nlimit := 7\n\ntest_x if {\n\tx > limit\n\tx = 5\n}\n' })
    const outcome = runTests([d], { explain: true })
    if (outcome.kind !== 'report') throw new Error('expected a report')
    const [r] = outcome.report.results
    expect(r!.status).toBe('fail')
    expect(r!.failure).toEqual({
      // The first prefix that compiles and does not hold ends at the second expression.
      expr: 'x = 5',
      location: { file: path.join(d, 'a.rego'), row: 7 },
      values: [],
    })
  })
})
