// The "policy sets" section of `pnpm bench` (issue 18): how Cordon copes with
// the size of real policy sets. For generated sets of N rules and for real
// checkouts (`--suite DIR`), each through the stock CLI in fresh processes:
// - compile: `cordon build` of the set's entrypoints (ms, wall, process start included);
// - module size of that build;
// - first decision: a fresh process instantiates the module and makes one
//   decision (V8 compiling the module's functions on first use included);
// - test run: `cordon test` of the set, with its pass count.
// Generated sets look like a checks codebase (trivy-checks): packages of 100
// `deny contains msg if …` rules, each with its own test.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { root } from './world.mjs'

const self = fileURLToPath(import.meta.url)
const cli = path.join(root, 'packages/cli/dist/main.js')
const RULES_PER_PACKAGE = 100

/** Writes a set of `rules` deny rules (and one test per rule) below `dir`; returns its entrypoints. */
export function generateSet(dir, rules) {
  const entrypoints = []
  for (let k = 0; k * RULES_PER_PACKAGE < rules; k++) {
    const pkgDir = path.join(dir, `p${k}`)
    mkdirSync(pkgDir, { recursive: true })
    const ids = Array.from(
      { length: Math.min(RULES_PER_PACKAGE, rules - k * RULES_PER_PACKAGE) },
      (_, j) => k * RULES_PER_PACKAGE + j,
    )
    const policy = [`package gen.p${k}\n`, 'too_much(c, limit) if c.limits.cpu > limit\n']
    const tests = [`package gen.p${k}_test\n`, `import data.gen.p${k}\n`]
    for (const i of ids) {
      policy.push(
        `deny contains msg if {\n\tinput.kind == "Kind${i}"\n\tsome c in input.spec.containers\n\ttoo_much(c, ${(i % 7) + 1})\n\tmsg := sprintf("container %s of Kind${i} uses more than %d cpu", [c.name, ${(i % 7) + 1}])\n}\n`,
      )
      tests.push(
        `test_deny_${i} if {\n\tcount(p${k}.deny) == 1 with input as {"kind": "Kind${i}", "spec": {"containers": [{"name": "a", "limits": {"cpu": 99}}, {"name": "b", "limits": {"cpu": 0}}]}}\n}\n`,
      )
    }
    writeFileSync(path.join(pkgDir, 'policy.rego'), policy.join('\n'))
    writeFileSync(path.join(pkgDir, 'policy_test.rego'), tests.join('\n'))
    entrypoints.push(`gen/p${k}/deny`)
  }
  return entrypoints
}

/** The `deny` rules of the non-test .rego files below `paths`, as entrypoints (found by the package line). */
export function denyEntrypoints(paths) {
  const out = new Set()
  const visit = (p) => {
    if (statSync(p).isDirectory()) return readdirSync(p).forEach((f) => visit(path.join(p, f)))
    if (!p.endsWith('.rego') || p.endsWith('_test.rego')) return
    const text = readFileSync(p, 'utf8')
    const pkg = /^package\s+([\w.]+)/m.exec(text)
    if (pkg && /^deny\b/m.test(text)) out.add(`${pkg[1].replaceAll('.', '/')}/deny`)
  }
  paths.forEach(visit)
  return [...out].sort()
}

function timed(args, cwd) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const firstError = (r) => (r.stderr || r.stdout).trim().split('\n').slice(0, 2).join(' | ')

/**
 * Measures one set. `paths` are relative to `cwd`; `extra` are CLI options
 * for build and test (`--builtins M`, `--experimental`); `test: false` makes
 * it a compile-only row.
 */
export function measureSet({ name, cwd, paths, entrypoints, extra = [], test = true }) {
  const out = { name, entrypoints: entrypoints.length }
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-sets-'))
  try {
    const wasm = path.join(dir, 'policy.wasm')
    const build = timed(
      ['build', ...paths, ...entrypoints.flatMap((e) => ['-e', e]), '--format', 'wasm', '-o', wasm, ...extra],
      cwd,
    )
    if (build.status !== 0) return { ...out, error: `cordon build exited ${build.status}: ${firstError(build)}` }
    out.compile_ms = build.ms
    out.module_bytes = statSync(wasm).size
    const builtins = extra.flatMap((a, i) => (extra[i - 1] === '--builtins' ? [path.resolve(cwd, a)] : []))
    const first = spawnSync(process.execPath, [self, '--first-decision', wasm, entrypoints[0] ?? '0', ...builtins], {
      encoding: 'utf8',
    })
    if (first.status !== 0) return { ...out, error: `first decision failed: ${firstError(first)}` }
    Object.assign(out, JSON.parse(first.stdout.trim().split('\n').pop()))
    if (test) {
      const t = timed(['test', ...paths, '--format', 'json', ...extra], cwd)
      if (!t.stdout.trim().startsWith('{')) return { ...out, error: `cordon test exited ${t.status}: ${firstError(t)}` }
      const s = JSON.parse(t.stdout).summary
      out.test_ms = t.ms
      out.tests = { total: s.total, pass: s.pass }
    }
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The rows of the section: generated sets of each size (test runs up to `testUpTo` rules), then each suite. */
export function policySets({ sizes, testUpTo, suites = [] }, log = () => {}) {
  const rows = []
  for (const n of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-gen-'))
    try {
      const entrypoints = generateSet(dir, n)
      const row = measureSet({
        name: `generated, ${n.toLocaleString('en-US')} rules`,
        cwd: dir,
        paths: ['.'],
        entrypoints,
        test: n <= testUpTo,
      })
      rows.push({ rules: n, ...row })
      log(`  policy set ${row.name}: ${row.error ?? `compile ${row.compile_ms.toFixed(0)} ms`}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  for (const s of suites) {
    const paths = s.paths.length ? s.paths : ['.']
    const entrypoints = s.entrypoints.length ? s.entrypoints : denyEntrypoints(paths.map((p) => path.resolve(s.dir, p)))
    const row = measureSet({
      name: `${path.basename(s.dir)} (${paths.join(' ')})`,
      cwd: s.dir,
      paths,
      entrypoints,
      extra: s.extra,
    })
    rows.push(row)
    log(`  policy set ${row.name}: ${row.error ?? `compile ${row.compile_ms.toFixed(0)} ms`}`)
  }
  return rows
}

/** Child: instantiate a module and make one decision (input {}, data {}); prints the times. */
async function firstDecisionChild(wasmFile, entrypoint, builtinFiles) {
  const t0 = performance.now()
  const { PolicyInstance } = await import(pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href)
  const { defineBuiltin, hostBuiltinImpls, isBuiltinDefinition } = await import(
    pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href
  )
  const hostBuiltins = new Map(hostBuiltinImpls)
  for (const f of builtinFiles) {
    // As the CLI's --builtins: definitions, or plain specs ({ name, args, impl }) to define.
    const mod = await import(pathToFileURL(f).href)
    for (const x of [...(Array.isArray(mod.default) ? mod.default : [mod.default]), ...Object.values(mod)]) {
      const d = isBuiltinDefinition(x)
        ? x
        : typeof x?.name === 'string' && typeof x.impl === 'function'
          ? defineBuiltin(x)
          : undefined
      if (d) hostBuiltins.set(d.name, d)
    }
  }
  const wasm = readFileSync(wasmFile)
  const t1 = performance.now()
  const instance = PolicyInstance.createSync(wasm, { hostBuiltins })
  instance.setData({})
  const t2 = performance.now()
  instance.evaluateText('{}', entrypoint)
  const t3 = performance.now()
  instance.evaluateText('{}', entrypoint)
  const t4 = performance.now()
  process.stdout.write(
    JSON.stringify({ load_ms: t2 - t1, first_decision_ms: t3 - t2, second_decision_ms: t4 - t3, setup_ms: t1 - t0 }) +
      '\n',
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === self && process.argv[2] === '--first-decision') {
  const [wasm, entrypoint, ...builtins] = process.argv.slice(3)
  firstDecisionChild(wasm, entrypoint, builtins).catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`)
    process.exitCode = 1
  })
}
