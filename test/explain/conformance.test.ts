/**
 * The instrumented build of explain decides as the plain build on OPA's
 * conformance suite: every case whose query is `data.<rule> = x` and whose
 * policy builds is evaluated both ways and the result sets (or the fact of
 * an error) must be the same. CI runs every third case (CONFORMANCE_STEP=1:
 * all of them, 1,732 cases, about 90 s on the shared machine).
 */
import path from 'node:path'
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'
import { loadCases } from '../../packages/cli/src/conformance/cases.js'
import { explain } from '../../packages/cli/src/explain/explain.js'
import { conformanceDir, hasConformance } from '../support/corpora.js'

/** The YAML is read with integers as BigInt; the engine takes JSON values. */
const plainJson = (v: unknown): unknown =>
  v === undefined
    ? undefined
    : JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)))

describe.skipIf(!hasConformance)('explain on the conformance suite', () => {
  it("gives the plain build's result on every case it can name by entrypoint", { timeout: 600_000 }, async () => {
    const cases = loadCases(path.join(conformanceDir, 'cases'))
    const step = Number(process.env.CONFORMANCE_STEP ?? 3)
    const differ: string[] = []
    let compared = 0
    for (let i = 0; i < cases.length; i += step) {
      const c = cases[i]!
      const m = /^data\.([\w.]+) = x$/.exec(c.query.trim())
      if (!m) continue
      const entrypoint = m[1]!.replace(/\./g, '/')
      const sources = c.modules.map((text, j) => ({ file: `m${j}.rego`, text }))
      const plain = buildWasm(sources, { entrypoints: [entrypoint], experimentalKeywords: c.experimentalKeywords })
      if (!plain.wasm) continue
      const [data, input] = [plainJson(c.data ?? {}), plainJson(c.input)]
      let want: unknown
      try {
        const instance = PolicyInstance.createSync(plain.wasm, { hostBuiltins: hostBuiltinImpls })
        instance.setData(data)
        want = instance.evaluate(input, entrypoint, { strict: c.strictError })
      } catch {
        want = 'an evaluation error'
      }
      const out = await explain({
        sources,
        entrypoint,
        input,
        data,
        strict: c.strictError,
        experimentalKeywords: c.experimentalKeywords,
      })
      const got =
        out.kind === 'explained'
          ? out.result
          : out.kind === 'error' && out.code !== 'explain_error'
            ? 'an evaluation error'
            : out
      compared++
      if (JSON.stringify(got) !== JSON.stringify(want))
        differ.push(
          `${c.file}#${c.index} ${c.note}: want ${JSON.stringify(want)}, got ${JSON.stringify(got).slice(0, 300)}`,
        )
    }
    console.log(`explain on the conformance suite: ${compared} cases compared (every ${step}), ${differ.length} differ`)
    expect(compared).toBeGreaterThan(1500 / step)
    expect(differ).toEqual([])
  })
})
