/**
 * The user guides, followed verbatim in an application outside the
 * workspace with the packed packages installed by npm: every file their
 * code blocks name is written, every command run, every documented answer
 * checked. The migration guide's `loadPolicy` wrapper is also compared with
 * OPA's own SDK on the same module.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installApp } from '../packaging/pack.js'
import { repoRoot } from '../support/corpora.js'
import { runDoc, type DocRun } from './run-doc.js'

let app: string
const runs: DocRun[] = []
const doc = (name: string) => readFileSync(path.join(repoRoot, 'docs', name), 'utf8')

beforeAll(() => {
  app = installApp(['express', '@open-policy-agent/opa-wasm'])
}, 600_000)

afterAll(() => {
  for (const child of runs.flatMap((r) => r.servers)) {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {}
  }
  if (app) rmSync(app, { recursive: true, force: true })
})

describe('docs a user follows verbatim', () => {
  it('getting-started.md: install, write a policy, test, build, serve', { timeout: 180_000 }, async () => {
    const run = await runDoc(doc('getting-started.md'), path.join(app, 'getting-started'))
    runs.push(run)
    expect(run.checked).toBeGreaterThanOrEqual(5)
  })

  it('migrating-from-opa-wasm.md: the loadPolicy wrapper answers as OPA’s SDK does', { timeout: 180_000 }, async () => {
    const dir = path.join(app, 'migration')
    const run = await runDoc(doc('migrating-from-opa-wasm.md'), dir)
    runs.push(run)
    expect(run.checked).toBeGreaterThanOrEqual(1)
    // The same module through both loaders, with a second entrypoint, by id and by name.
    writeFileSync(path.join(dir, 'policy/count.rego'), 'package app\n\nadmin_count := count(data.admins)\n')
    execFileSync(path.join(app, 'node_modules/.bin/cordon'), ['build', 'policy', '--format', 'wasm', '-e', 'app/admin_count', '-o', 'two.wasm'], { cwd: dir })
    const script = `
      import { readFileSync } from 'node:fs'
      import { loadPolicy as opa } from '@open-policy-agent/opa-wasm'
      import { loadPolicy as cordon } from './opa-compat.mjs'
      const wasm = readFileSync('two.wasm')
      const out = {}
      for (const [name, load] of [['opa', opa], ['cordon', cordon]]) {
        const p = await load(wasm)
        p.setData({ admins: ['alice', 'bob'] })
        out[name] = { entrypoints: p.entrypoints, results: [
          p.evaluate({ user: 'alice' }), p.evaluate({ user: 'eve' }, 'app/allow'),
          p.evaluate({}, p.entrypoints['app/admin_count']), p.evaluate({ user: 'bob' }, 0),
        ] }
      }
      console.log(JSON.stringify(out))`
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }))
    expect(out.cordon).toEqual(out.opa)
    // Not vacuous: a deny, and a value only the data gives.
    expect(out.opa.results[1]).toEqual([])
    expect(out.opa.results[2]).toEqual([{ result: 2 }])
  })
})
