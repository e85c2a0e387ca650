import { expect, it } from 'vitest'
import { renderOpaCoverageJson, renderOpaTestJson } from './opa-json.js'
import type { TestReport } from './types.js'

const summary = { total: 1, pass: 0, fail: 1, error: 0, skip: 0 }

it("merges consecutive rows into OPA's ranges and omits what Go's omitempty omits", () => {
  const text = renderOpaCoverageJson({
    files: [
      { file: 'a.rego', covered: [1, 2, 3, 7], notCovered: [5], coverage: 80 },
      { file: 'empty.rego', covered: [], notCovered: [], coverage: 100 },
    ],
    coveredLines: 4,
    notCoveredLines: 1,
    coverage: 80,
  })
  expect(JSON.parse(text)).toEqual({
    files: {
      'a.rego': {
        covered: [
          { start: { row: 1 }, end: { row: 3 } },
          { start: { row: 7 }, end: { row: 7 } },
        ],
        not_covered: [{ start: { row: 5 }, end: { row: 5 } }],
        covered_lines: 4,
        not_covered_lines: 1,
        coverage: 80,
      },
      'empty.rego': {},
    },
    covered_lines: 4,
    not_covered_lines: 1,
    coverage: 80,
  })
})

it("escapes <, > and & as Go's encoder does, and names decision-table cases by file and case", () => {
  const report: TestReport = {
    results: [
      {
        name: 'cases/a&b.cases.yaml#<admin>',
        kind: 'case',
        suite: 'cases/a&b.cases.yaml',
        status: 'fail',
        location: { file: 'cases/a&b.cases.yaml', row: 4 },
        duration: 0.5,
      },
    ],
    summary,
    duration: 1,
  }
  const text = renderOpaTestJson(report)
  expect(text).toContain('"package": "cases/a\\u0026b.cases.yaml"')
  expect(text).toContain('"name": "\\u003cadmin\\u003e"')
  expect(JSON.parse(text)[0]).toMatchObject({
    package: 'cases/a&b.cases.yaml',
    name: '<admin>',
    fail: true,
    duration: 500000,
  })
})
