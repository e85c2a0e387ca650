#!/usr/bin/env node
// Runs public Rego codebases through the stock `cordon` CLI and prints the
// counts (issue 15). Not part of CI: it needs checkouts of the peers, which
// this repository never holds.
//
//   pnpm build
//   node scripts/peer-suites.mjs /path/to/trivy-checks /path/to/regal
//
// Each DIR is recognised by its layout:
// - aquasecurity/trivy-checks (lib/, checks/): `cordon test lib checks examples`
//   with Trivy's six custom builtins (scripts/peer-suites/trivy-builtins.mjs);
// - open-policy-agent/regal (bundle/regal/): `cordon check`, `cordon build`
//   (regal/main/report plus every METADATA entrypoint: the LSP ones),
//   `cordon eval` of regal/main/report linting `x = 1` (which must report
//   use-assignment-operator), and `cordon test`, with Regal's builtins
//   (scripts/peer-suites/regal-builtins.mjs). Failing tests are split by
//   whether their file calls regal.parse_module (directly or through Regal's
//   test helpers), whose Roast output Cordon only approximates.
// Exit status: 0 when every run worked, every trivy-checks test passed and
// every Regal test that does not parse with regal.parse_module passed; else 1.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'packages/cli/dist/main.js')
const trivyBuiltins = path.join(root, 'scripts/peer-suites/trivy-builtins.mjs')
const regalBuiltins = path.join(root, 'scripts/peer-suites/regal-builtins.mjs')

function cordon(args, cwd) {
  const started = performance.now()
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - started) / 1000 }
}

const line = (label, text) => console.log(`  ${label.padEnd(28)} ${text}`)
const firstLines = (text, n = 3) =>
  text
    .trim()
    .split('\n')
    .filter((l) => /rego_|error|cannot/i.test(l))
    .slice(0, n)
    .join(' | ')

/** `cordon test --format json` → counts; failing tests by name. */
function testCounts(r) {
  // Rego that does not compile exits 1 with no report; failed tests exit 2 with one.
  if (!r.stdout.trim().startsWith('{'))
    return { failed: true, note: `does not compile (exit ${r.status}): ${firstLines(r.stderr)}` }
  const report = JSON.parse(r.stdout)
  const failing = report.results.filter((x) => x.status === 'fail' || x.status === 'error')
  const parameterized = report.results.filter((x) => x.subResults?.length)
  return { failed: false, report, summary: report.summary, failing, parameterized }
}

/** An option the CLI may not have yet (other work in progress adds it). */
function supports(command, option) {
  return cordon([command, '--help'], root).stdout.includes(option)
}

let ok = true

function trivy(dir) {
  console.log(`trivy-checks (${dir})`)
  const t = runTests(['lib', 'checks', 'examples', '--builtins', trivyBuiltins], dir)
  if (!t) return
  for (const f of t.failing) line('  failing', failingText(f))
  if (t.summary.pass !== t.summary.total) ok = false
}

/** `cordon test --format json` in `dir`, its counts printed; undefined when it does not compile. */
function runTests(args, dir) {
  const r = cordon(['test', ...args, '--format', 'json'], dir)
  const t = testCounts(r)
  if (t.failed) {
    line('cordon test', t.note)
    ok = false
    return undefined
  }
  const s = t.summary
  line(
    'cordon test',
    `${s.pass} of ${s.total} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped (${r.seconds.toFixed(0)} s)`,
  )
  line(
    'parameterized',
    `${t.parameterized.length} rules, ${t.parameterized.reduce((n, x) => n + countLeaves(x.subResults), 0)} cases`,
  )
  return t
}

const failingText = (f) => `${f.name} (${f.location.file}:${f.location.row})${f.error ? ` ${f.error.code}` : ''}`

const countLeaves = (subs) => subs.reduce((n, s) => n + (s.subResults?.length ? countLeaves(s.subResults) : 1), 0)

function regal(dir) {
  console.log(`regal (${dir})`)
  const experimental = supports('check', '--experimental') ? ['--experimental'] : []
  const common = ['--builtins', regalBuiltins, ...experimental]
  if (experimental.length === 0)
    line('note', 'this cordon has no --experimental switch: the and/or modules cannot parse')

  const check = cordon(['check', 'bundle', '--format', 'json', '--max-errors', '1000', ...common], dir)
  const errors = check.stdout.trim().startsWith('{') ? JSON.parse(check.stdout).errors : []
  const files = new Set(errors.map((e) => e.location.file))
  line(
    'cordon check',
    check.status === 0
      ? 'clean'
      : `${errors.length} errors in ${files.size} files (first: ${errors[0] ? `${errors[0].location.file}:${errors[0].location.row}: ${errors[0].message}` : firstLines(check.stderr)})`,
  )
  if (check.status !== 0) ok = false

  const out = mkdtempSync(path.join(tmpdir(), 'cordon-regal-'))
  const bundle = path.join(out, 'bundle.tar.gz')
  const build = cordon(['build', 'bundle', '-e', 'regal/main/report', '-o', bundle, ...common], dir)
  const wrote = /\((\d+) bytes; entrypoints: ([^;)]*)/.exec(build.stdout)
  const entrypoints = wrote ? wrote[2].split(', ') : []
  line(
    'cordon build',
    build.status === 0
      ? `${wrote?.[1]} bytes, ${entrypoints.length} entrypoints (regal/main/report${entrypoints.includes('regal/main/report') ? '' : ' MISSING'}, ${entrypoints.filter((e) => e.startsWith('regal/lsp/')).length} LSP)`
      : `failed (exit ${build.status}): ${firstLines(build.stderr)}`,
  )
  if (build.status !== 0) ok = false

  // Lint a small policy the way Regal's Go code drives the bundle: the prepare
  // stage's result and the provided configuration go in as data.internal.*.
  const input = path.join(out, 'input.json')
  writeFileSync(input, JSON.stringify(roastOf('p.rego', 'package p\n\nx = 1\n')))
  const config = 'with data.internal.combined_config as data.regal.config.provided'
  const query = `prepared := data.regal.prepared.prepare ${config}; titles := {v.title | some v in data.regal.main.report} with data.internal.prepared as prepared ${config}`
  const ev = cordon(['eval', '-d', 'bundle', '-i', input, query, ...common], dir)
  if (ev.status === 0) {
    const titles = JSON.parse(ev.stdout)[0]?.titles ?? []
    line('cordon eval', `regal/main/report on \`package p; x = 1\`: ${titles.length} violations (${titles.join(', ')})`)
    if (!titles.includes('use-assignment-operator')) ok = false
  } else {
    line('cordon eval', `failed (exit ${ev.status}): ${firstLines(ev.stderr)}`)
    ok = false
  }

  rmSync(out, { recursive: true, force: true })

  const t = runTests(['bundle', ...common], dir)
  if (!t) return
  const usesParse = (file) =>
    /regal\.parse_module|ast\.(policy|with_rego_v[01])\(|test_utils\./.test(
      readFileSync(path.resolve(dir, file), 'utf8'),
    )
  const withParse = t.failing.filter((f) => usesParse(f.location.file))
  const without = t.failing.filter((f) => !usesParse(f.location.file))
  line('failing tests, parse', `${withParse.length} call regal.parse_module (its Roast is approximated)`)
  line('failing tests, no parse', `${without.length}`)
  for (const f of without) line('  failing', failingText(f))
  if (without.length > 0) ok = false
}

const { roastModule: roastOf } = await import(regalBuiltins)

const dirs = process.argv.slice(2)
if (dirs.length === 0 || !existsSync(cli)) {
  console.error(
    `usage: node scripts/peer-suites.mjs DIR...   (after pnpm build; DIR: a checkout of trivy-checks or regal)`,
  )
  process.exit(2)
}
for (const dir of dirs.map((d) => path.resolve(d))) {
  if (existsSync(path.join(dir, 'checks')) && existsSync(path.join(dir, 'lib'))) trivy(dir)
  else if (existsSync(path.join(dir, 'bundle/regal'))) regal(dir)
  else {
    console.error(`${dir}: neither trivy-checks (lib/, checks/) nor regal (bundle/regal/)`)
    ok = false
  }
}
process.exit(ok ? 0 : 1)
