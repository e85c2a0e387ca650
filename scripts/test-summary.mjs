#!/usr/bin/env node
// Prints the last vitest run's totals as one plain line, `tests: N passed, N failed`,
// from the JSON report vitest.config.ts asks for.
import { existsSync, readFileSync } from 'node:fs'

const file = new URL('../node_modules/.cache/vitest-report.json', import.meta.url)
if (!existsSync(file)) {
  console.log('tests: 0 passed, 0 failed (no vitest report: the run stopped before the tests)')
  process.exit(0)
}
const r = JSON.parse(readFileSync(file, 'utf8'))
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
