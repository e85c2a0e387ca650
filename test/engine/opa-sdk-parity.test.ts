import { readFile, writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadPolicy } from '@open-policy-agent/opa-wasm'
import { createEngine } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { fileSink, loadBundleFromFile } from '../../packages/engine/src/node.js'
import { compile, makeBundle } from './support/bundles.js'
import { readModule } from '@cordon/wasm'

const policy = `package app
import rego.v1

default allow := false
allow if input.user in data.admins
decision := {"allow": allow, "code": "c", "n": count(data.admins), "roles": {r | some r in input.roles}}
`

describe('the same Cordon-built module through @open-policy-agent/opa-wasm and through the engine', () => {
  it('gives the same result sets', async () => {
    const wasm = compile(policy, ['app/allow', 'app/decision'])
    const data = { admins: ['alice', 'bob'] }
    const sdk = await loadPolicy(wasm)
    sdk.setData(data)
    const engine = await createEngine({ wasm, data })
    const inputs = [
      { user: 'alice', roles: ['a', 'b', 'a'] },
      { user: 'eve' },
      {},
      { user: 'bob', roles: [] },
      { user: 'ü', roles: ['ß'] },
    ]
    for (const input of inputs) {
      for (const entrypoint of ['app/allow', 'app/decision']) {
        expect(engine.evaluate(input, entrypoint), `${entrypoint} ${JSON.stringify(input)}`).toEqual(
          sdk.evaluate(input, entrypoint),
        )
      }
    }
  })

  it('gives the same result sets for a module whose start function fills in its static strings', async () => {
    // More distinct strings than FILLED_AT_START_MIN (packages/wasm/src/codegen/strings.ts), results that point at them.
    const many = `package many
import rego.v1

labels := {"alpha": "one", "bravo": "two", "charlie": "three", "delta": "four", "echo": "five"}
known contains k if some k, _ in labels
label := labels[input.key]
deny contains msg if {
	some c in input.containers
	c.image in {"nginx", "redis", "postgres", "ü日本"}
	msg := sprintf("container %s uses %s", [c.name, c.image])
}
`
    const wasm = compile(many, ['many/known', 'many/label', 'many/deny'])
    expect(readModule(wasm).start).toBeDefined()
    const sdk = await loadPolicy(wasm)
    sdk.setData({})
    const engine = await createEngine({ wasm, data: {} })
    const inputs = [
      {
        key: 'delta',
        containers: [
          { name: 'a', image: 'redis' },
          { name: 'b', image: 'busybox' },
        ],
      },
      { key: 'nope', containers: [{ name: 'ü', image: 'ü日本' }] },
      {},
    ]
    for (const input of inputs) {
      for (const entrypoint of ['many/known', 'many/label', 'many/deny']) {
        expect(engine.evaluate(input, entrypoint), `${entrypoint} ${JSON.stringify(input)}`).toEqual(
          sdk.evaluate(input, entrypoint),
        )
      }
    }
    expect(engine.evaluate(inputs[0], 'many/label')).toEqual([{ result: 'four' }])
  })

  it('gives the same result sets for a module whose static data is packed in the file (unpacked by its start function)', async () => {
    const rules = Array.from(
      { length: 100 },
      (_, i) => `deny contains "container uses the privileged port number ${i} of the host" if input.port == ${i}`,
    )
    const wasm = compile(`package packed\nimport rego.v1\n\n${rules.join('\n')}\n`, ['packed/deny'])
    const inFile = new TextDecoder().decode(Buffer.concat(readModule(wasm).data.map((d) => d.bytes)))
    expect(inFile.split('privileged port').length - 1).toBeLessThan(10)
    const sdk = await loadPolicy(wasm)
    sdk.setData({})
    const engine = await createEngine({ wasm, data: {} })
    for (const input of [{ port: 0 }, { port: 42 }, { port: 99 }, { port: 100 }, {}]) {
      expect(engine.evaluate(input, 'packed/deny'), JSON.stringify(input)).toEqual(sdk.evaluate(input, 'packed/deny'))
    }
    expect(engine.evaluate({ port: 42 }, 'packed/deny')).toEqual([
      { result: ['container uses the privileged port number 42 of the host'] },
    ])
  })

  it('loads a bundle from a file through @cordon/engine/node', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cordon-engine-'))
    const file = path.join(dir, 'bundle.tar.gz')
    await writeFile(file, await makeBundle(policy, ['app/allow'], { admins: ['f'] }, 'from-file'))
    const log = path.join(dir, 'decisions.jsonl')
    const engine = await createEngine({
      bundle: await loadBundleFromFile(file),
      decisionLog: { sinks: [fileSink(log)], mask: ['/user'] },
    })
    expect(await engine.decide({ user: 'f' }, { entrypoint: 'app/allow' })).toMatchObject({
      allow: true,
      revision: 'from-file',
    })
    expect(await engine.decide({ user: 'g' }, { entrypoint: 'app/allow' })).toMatchObject({ allow: false })
    await engine.close()
    const lines = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.allow, l.input, l.erased])).toEqual([
      [true, {}, ['/user']],
      [false, {}, ['/user']],
    ])
  })
})
