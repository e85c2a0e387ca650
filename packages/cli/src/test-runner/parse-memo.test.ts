import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { workspace } from '../testing/run-cli.js'
import { parseMemo } from './parse-memo.js'
import { runTests } from './run.js'

describe('parseMemo (cordon test --watch)', () => {
  it('parses only the changed file on the next run, with the results of a fresh parse', () => {
    const dir = workspace({
      'a.rego': 'package a\n\nx := 1\n',
      'a_test.rego': 'package a_test\n\ntest_x if data.a.x == 1\n',
      'b_test.rego': 'package b_test\n\ntest_b if true\n',
    })
    const memo = parseMemo()
    const run = () => {
      const before = memo.parsed
      const outcome = runTests([dir], { parse: memo.parse })
      memo.endRun()
      if (outcome.kind !== 'report') throw new Error('does not compile')
      return { parsed: memo.parsed - before, summary: outcome.report.summary }
    }
    expect(run()).toMatchObject({ parsed: 3, summary: { pass: 2 } })
    expect(run()).toMatchObject({ parsed: 0, summary: { pass: 2 } })
    writeFileSync(path.join(dir, 'a.rego'), 'package a\n\nx := 2\n')
    expect(run()).toMatchObject({ parsed: 1, summary: { pass: 1, fail: 1 } })
    writeFileSync(path.join(dir, 'a.rego'), 'package a\n\nx := 1\n')
    // The old text was forgotten with the run that did not use it.
    expect(run()).toMatchObject({ parsed: 1, summary: { pass: 2 } })
  })

  it('keys on the language options too', () => {
    const memo = parseMemo()
    const text = 'package a\n\np[x] { x := 1 }\n'
    expect(memo.parse(text, { file: 'a.rego', regoVersion: 'v0' }).diagnostics).toEqual([])
    expect(memo.parse(text, { file: 'a.rego' }).diagnostics).not.toEqual([])
    expect(memo.parsed).toBe(2)
  })
})
