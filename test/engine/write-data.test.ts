// PolicyInstance.setData lays a data document given as a JS value out with
// ValueWriter.writeData: strings carry their hash, keys equal to the
// module's constants point at them. Every evaluation must be the one data
// parsed from JSON text by the runtime gives, before and after in-place
// patches (which free what they replace).
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const policy = `package wd

by_constant := [data.docs.alpha, data.docs.beta, data.docs["gamma delta"], data.docs["é"]]

by_input := data.docs[input.key]

nested := data.docs[input.key][input.inner]

pairs := [[k, v] | some k, v in data.docs]

member if input.value in data.docs.list

as_set := {x | some x in data.docs.list}

keys_of := {k | some k, _ in data.docs}
`
const ENTRYPOINTS = ['wd/by_constant', 'wd/by_input', 'wd/nested', 'wd/pairs', 'wd/member', 'wd/as_set', 'wd/keys_of']
const KEYS = ['alpha', 'beta', 'gamma delta', 'é', 'list', 'inner', 'other', '😀', 'k'.repeat(40)]

function randomValue(rand: () => number, depth: number): unknown {
  const pick = rand()
  if (depth <= 0 || pick < 0.4) {
    const scalars: unknown[] = [
      null,
      true,
      false,
      0,
      42,
      -7.5,
      2 ** 60,
      '',
      'alpha',
      'beta',
      'ümlaut',
      '日本',
      'x'.repeat(90),
      'list',
    ]
    return scalars[Math.floor(rand() * scalars.length)]
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(rand() * 5) }, () => randomValue(rand, depth - 1))
  const o: Record<string, unknown> = {}
  for (let i = Math.floor(rand() * 12); i > 0; i--)
    o[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand, depth - 1)
  return o
}

/** Two instances of one module: data set as a JS value, and as JSON text. */
function pair(entrypoints: string[]) {
  const wasm = compile(policy, entrypoints)
  // One hash key for both: objects then iterate alike whichever way they were built.
  const hashKey = [0x1234567, 0x89abcdef] as const
  const written = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls, hashKey })
  const parsed = PolicyInstance.createSync(wasm, { hostBuiltins: hostBuiltinImpls, hashKey })
  const same = (note: string) => {
    for (const key of KEYS) {
      for (const value of ['alpha', 'list', 42, null]) {
        const input = JSON.stringify({ key, inner: key, value })
        for (const ep of entrypoints) {
          expect(JSON.stringify(written.evaluateJson(input, ep)), `${note} ${ep} ${input}`).toBe(
            JSON.stringify(parsed.evaluateJson(input, ep)),
          )
        }
      }
    }
  }
  return { written, parsed, same }
}

describe('setData: the data document laid out as values decides as its JSON text does', () => {
  it('random documents, each replacing the last', () => {
    const { written, parsed, same } = pair(ENTRYPOINTS)
    const rand = seededRandom(11)
    for (let i = 0; i < 150; i++) {
      const docs = randomValue(rand, 4)
      const data = { docs: rand() < 0.8 ? { ...(docs as object), list: randomValue(rand, 2) } : docs }
      written.setData(data)
      parsed.setData(JSON.stringify(data))
      same(`document ${i}`)
    }
  })

  it('in-place patches of written data, replacing and removing keys and strings', () => {
    // Entrypoints that read input too: no data cache, so patches apply in place.
    const { written, parsed, same } = pair(['wd/by_input', 'wd/nested', 'wd/member'])
    expect(written.canPatchInPlace).toBe(true)
    const rand = seededRandom(12)
    const data = {
      docs: { alpha: 'alpha', beta: ['beta', 'x'], list: ['alpha', 'list', 'é'], 'gamma delta': { inner: 'deep' } },
    }
    written.setData(data)
    parsed.setData(JSON.stringify(data))
    for (let i = 0; i < 200; i++) {
      const path = ['docs', KEYS[Math.floor(rand() * KEYS.length)]!]
      const value = rand() < 0.25 ? undefined : randomValue(rand, 3)
      expect(written.patchData(path, value), `patch ${i}`).toBe(parsed.patchData(path, value))
      if (value !== undefined) expect(written.patchData(path, value)).toBe(true)
      same(`after patch ${i} ${JSON.stringify(path)} = ${JSON.stringify(value)}`)
    }
  })
})

describe('setData: a large data document is parsed by the runtime', () => {
  it('from its JSON text, without the JS writer, and decides as a small one written by it does', () => {
    const { written, parsed, same } = pair(ENTRYPOINTS)
    const filler = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`filler-${i}`, `value number ${i}`]))
    const data = { docs: { alpha: 'alpha', beta: ['beta'], list: ['alpha', 'list', 42, null], ...filler } }
    expect(JSON.stringify(data).length).toBeGreaterThan(64 * 1024)
    written.setData(data)
    parsed.setData(JSON.stringify(data))
    // The writer is made on first use: a data document written by it would have made it.
    expect((written as unknown as { writer?: unknown }).writer).toBeUndefined()
    same('large document')
  })
})
