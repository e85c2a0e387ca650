/**
 * An input holding `JSON.rawJSON` values (Bun today, Node 22 and later): the
 * policy sees what `JSON.stringify` writes, the raw text, not an object with
 * a `rawJSON` key (the value writer sends such input down the JSON text
 * path). Run in Bun, which has `JSON.rawJSON`, through the engine's dist.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compile } from './support/bundles.js'
import { bunBin, runInBun } from '../support/bun.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const engineDist = pathToFileURL(path.join(root, 'packages/engine/dist/index.js')).href

describe('JSON.rawJSON in the input', () => {
  it.skipIf(!existsSync(bunBin))('Bun: the policy sees the raw text as JSON.stringify writes it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-raw-json-'))
    writeFileSync(
      path.join(dir, 'policy.wasm'),
      compile('package t\nkinds := {k: type_name(v) | some k, v in input}\nn := input.n\n', ['t/kinds', 't/n']),
    )
    writeFileSync(
      path.join(dir, 'run.mjs'),
      `import { createEngine } from ${JSON.stringify(engineDist)}
import { readFileSync } from 'node:fs'
const engine = await createEngine({ wasm: new Uint8Array(readFileSync(new URL('./policy.wasm', import.meta.url))) })
const input = { n: JSON.rawJSON('42'), s: JSON.rawJSON('"text"'), o: { plain: 1 } }
console.log(JSON.stringify({
  hasRawJSON: typeof JSON.rawJSON === 'function',
  kinds: engine.evaluate(input, 't/kinds'),
  n: engine.evaluate(input, 't/n'),
}))
`,
    )
    const r = runInBun(path.join(dir, 'run.mjs'))
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      hasRawJSON: true,
      kinds: [{ result: { n: 'number', s: 'string', o: 'object' } }],
      n: [{ result: 42 }],
    })
  })
})
