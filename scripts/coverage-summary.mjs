#!/usr/bin/env node
// Prints statement, branch and function coverage per package from the last
// `vitest run --coverage` (its json-summary, see vitest.config.ts).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(new URL('..', import.meta.url).pathname)
const file = path.join(root, 'node_modules/.cache/coverage/coverage-summary.json')
if (!existsSync(file)) {
  console.log('coverage: no report (run `vitest run --coverage` first)')
  process.exit(0)
}
const summary = JSON.parse(readFileSync(file, 'utf8'))
const kinds = ['lines', 'statements', 'branches', 'functions']
const byPackage = new Map()
for (const [name, figures] of Object.entries(summary)) {
  if (name === 'total') continue
  const pkg = /packages\/([^/]+)\/src\//.exec(path.relative(root, name).split(path.sep).join('/'))?.[1]
  if (!pkg) continue
  const sums = byPackage.get(pkg) ?? Object.fromEntries(kinds.map((k) => [k, { covered: 0, total: 0 }]))
  for (const k of kinds) {
    sums[k].covered += figures[k].covered
    sums[k].total += figures[k].total
  }
  byPackage.set(pkg, sums)
}
const pct = ({ covered, total }) => (total === 0 ? '—' : `${((100 * covered) / total).toFixed(1)}%`)
const rows = [
  ['package', ...kinds],
  ...[...byPackage].sort(([a], [b]) => a.localeCompare(b)).map(([pkg, s]) => [pkg, ...kinds.map((k) => pct(s[k]))]),
]
rows.push(['all', ...kinds.map((k) => pct(summary.total[k]))])
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
console.log('coverage (vitest, v8):')
for (const r of rows)
  console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
