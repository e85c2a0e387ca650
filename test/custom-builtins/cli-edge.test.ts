/**
 * Custom builtins through the built `cordon` command (`--builtins` on check,
 * build, eval, test, doc, capabilities) and the engine's built dist in an
 * edge runtime (Bun). Needs `pnpm build` first, as the CLI tests do.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../../packages/cli/src/testing/run-cli.js'
import { EXPECTED_OUT, moduleText, POLICY } from './support.js'
import { bunBin, runInBun } from '../support/bun.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const builtinsDist = pathToFileURL(path.join(root, 'packages/builtins/dist/index.js')).href
const engineDist = pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href

const TEST_REGO = `package cb_test

import data.cb

test_double if acme.double(21) == 42
test_six_args if acme.join6("a", "b", "c", "d", "e", 6) == "a-b-c-d-e-6"
test_out if cb.out with input as {"x": 21}
test_tick_twice if cb.same_tick
test_boom_is_undefined if not cb.boom
`

function project() {
  return workspace({
    'policy/cb.rego': POLICY,
    'policy/cb_test.rego': TEST_REGO,
    'builtins.mjs': moduleText(builtinsDist),
    'bad.rego': 'package bad\nx := acme.double("s")\n',
    'out/.keep': '',
  })
}

describe('cordon --builtins (built CLI)', () => {
  it('check: knows them; reports type errors with their location', () => {
    const dir = project()
    expect(cordon(['check', 'policy', '--builtins', 'builtins.mjs'], dir)).toMatchObject({ status: 0 })
    const bad = cordon(['check', 'bad.rego', '--builtins', 'builtins.mjs'], dir)
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/bad\.rego:2:6: rego_type_error: acme\.double: invalid argument/)
    expect(cordon(['check', 'policy'], dir).stdout).toMatch(/undefined function acme\.double/)
    const missing = cordon(['check', 'policy', '--builtins', 'nope.mjs'], dir)
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/--builtins nope.mjs: no such file/)])
  })

  it('test: runs *_test.rego files that use them', () => {
    const dir = project()
    const r = cordon(['test', 'policy', '--builtins', 'builtins.mjs', '--format', 'json'], dir)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout).summary).toMatchObject({ total: 5, pass: 5 })
    expect(r.status).toBe(0)
    const strict = cordon(['test', 'policy', '--builtins', 'builtins.mjs', '--strict', '--run', 'boom'], dir)
    expect(strict.status).toBe(2)
    expect(strict.stdout).toMatch(/acme\.boom: kaboom/)
  })

  it('build writes host calls and capabilities.json; eval runs the bundle with them, and refuses it without', () => {
    const dir = project()
    const b = cordon(
      ['build', 'policy', '-e', 'cb/out', '-e', 'cb/boom', '--builtins', 'builtins.mjs', '-o', 'out/bundle.tar.gz'],
      dir,
    )
    expect(b.stderr).toBe('')
    expect(b.stdout).toMatch(/host builtins: acme\.boom, acme\.clamp, .*acme\.zero/)
    const caps = JSON.parse(readFileSync(path.join(dir, 'out/capabilities.json'), 'utf8'))
    expect(caps.builtins.find((x: { name: string }) => x.name === 'acme.join6')).toMatchObject({
      decl: { type: 'function', args: Array(6).fill(expect.anything()), result: { type: 'string' } },
      cordon: { impl: 'host', custom: true },
    })
    expect(caps.builtins.find((x: { name: string }) => x.name === 'acme.tick')).toMatchObject({
      nondeterministic: true,
    })
    expect(caps.builtins.some((x: { name: string }) => x.name === 'count')).toBe(true)
    // The written capabilities check the policy (OPA's format), custom builtins included.
    const withCaps = cordon(
      [
        'build',
        'policy',
        '-e',
        'cb/out',
        '--capabilities',
        'out/capabilities.json',
        '--builtins',
        'builtins.mjs',
        '-o',
        'out/again.tar.gz',
      ],
      dir,
    )
    expect(withCaps.status).toBe(0)
    writeFileSync(path.join(dir, 'in.json'), '{"x": 21}')
    const e = cordon(['eval', '-b', 'out/bundle.tar.gz', '-i', 'in.json', '--builtins', 'builtins.mjs', 'cb/out'], dir)
    expect(e.stderr).toBe('')
    expect(JSON.parse(e.stdout)).toEqual([{ result: EXPECTED_OUT }])
    const strict = cordon(['eval', '-b', 'out/bundle.tar.gz', '--strict', '--builtins', 'builtins.mjs', 'cb/boom'], dir)
    expect([strict.status, strict.stderr]).toEqual([1, expect.stringMatching(/eval_builtin_error: acme\.boom: kaboom/)])
    const without = cordon(['eval', '-b', 'out/bundle.tar.gz', 'cb/out'], dir)
    expect([without.status, without.stderr]).toEqual([
      1,
      expect.stringMatching(/needs builtins the host does not provide: acme\.boom, acme\.clamp/),
    ])
    const q = cordon(
      ['eval', '-d', 'policy', '--builtins', 'builtins.mjs', 'x := acme.join6("1", "2", "3", "4", "5", 6)'],
      dir,
    )
    expect(JSON.parse(q.stdout)).toEqual([{ x: '1-2-3-4-5-6' }])
  })

  it('doc and capabilities take them too', () => {
    const dir = project()
    const d = cordon(['doc', 'policy', '-e', 'cb/out', '--builtins', 'builtins.mjs'], dir)
    expect(d.status).toBe(0)
    expect(d.stdout).toMatch(/5 passed|pass/i)
    const c = cordon(['capabilities', '--builtins', 'builtins.mjs'], dir)
    expect(
      JSON.parse(c.stdout)
        .builtins.filter((x: { cordon?: { custom?: boolean } }) => x.cordon?.custom)
        .map((x: { name: string }) => x.name),
    ).toHaveLength(10)
  })
})

describe('custom builtins in an edge runtime', () => {
  it.skipIf(!existsSync(bunBin))('Bun: the engine dist loads a Cordon-built module with custom builtins', () => {
    const dir = project()
    expect(
      cordon(
        ['build', 'policy', '-e', 'cb/out', '-e', 'cb/allow', '--builtins', 'builtins.mjs', '-o', 'out/bundle.tar.gz'],
        dir,
      ).status,
    ).toBe(0)
    // The builtins module must share the engine's copy of @cordon/builtins (its value classes): import the
    // file Bun resolves the engine dist's '@cordon/builtins' to (in this repo Bun follows tsconfig paths to src/).
    const resolved = spawnSync(
      bunBin,
      ['-e', `console.log(Bun.resolveSync('@cordon/builtins', ${JSON.stringify(fileURLToPath(engineDist))}))`],
      { encoding: 'utf8', cwd: root },
    )
    writeFileSync(path.join(dir, 'edge-builtins.mjs'), moduleText(pathToFileURL(resolved.stdout.trim()).href))
    writeFileSync(
      path.join(dir, 'run.mjs'),
      `import { createEngine, PolicyInstance, readBundle } from ${JSON.stringify(engineDist)}
import definitions, { tick } from './edge-builtins.mjs'
import { readFileSync } from 'node:fs'
const bundle = new Uint8Array(readFileSync(new URL('./out/bundle.tar.gz', import.meta.url)))
const builtins = [...definitions, tick]
const engine = await createEngine({ bundle, builtins, defaultEntrypoint: 'cb/allow' })
const b = await readBundle(bundle)
const instance = await PolicyInstance.create(b.wasm, { builtins })
let missing
try { await createEngine({ bundle, builtins: definitions }) } catch (e) { missing = e.message }
console.log(JSON.stringify({
  runtime: typeof Bun === 'undefined' ? 'not bun' : 'bun',
  allow: (await engine.decide({ x: 21 })).allow,
  deny: (await engine.decide({ x: 1 })).allow,
  out: instance.evaluate({ x: 21 }, 'cb/out'),
  missing,
}))
`,
    )
    const r = runInBun(path.join(dir, 'run.mjs'))
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      runtime: 'bun',
      allow: true,
      deny: false,
      out: [{ result: EXPECTED_OUT }],
      missing: expect.stringMatching(/builtins the host does not provide: acme\.tick/),
    })
  })
})
