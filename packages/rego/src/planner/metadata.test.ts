/**
 * `rego.metadata.rule()` and `rego.metadata.chain()` are planned as constants
 * from the annotations (no builtin call remains), with OPA's shapes.
 */
import { describe, expect, it } from 'vitest'
import { compileModules } from '../checker/index.js'
import { parseModule } from '../syntax/index.js'
import { planPolicy } from './index.js'
import { mustPlan } from './testing/helpers.js'
import { evaluate } from './testing/ir-interpreter.js'
import { fromJSON, keyOf, type RObject, toJSONValue } from './testing/values.js'
import { processCpuMs } from '../timing/process-cpu-ms.js'

interface Row {
  note: string
  modules: string[]
  /** The rule read, below data. */
  rule: string
  want: unknown
}

const table: Row[] = [
  {
    note: 'rule(): the rule-scope block, with authors and related resources parsed',
    modules: [
      `package a
# METADATA
# title: T
# description: D
# authors:
# - Jane Doe <jane@example.com>
# - name: Bob
# organizations: [acme]
# related_resources:
# - https://example.com
# - ref: https://x.test
#   description: X
# custom:
#   level: 3
#   tags: [a, b]
p := rego.metadata.rule()`,
    ],
    rule: 'a.p',
    want: {
      scope: 'rule',
      title: 'T',
      description: 'D',
      authors: [{ name: 'Jane Doe', email: 'jane@example.com' }, { name: 'Bob' }],
      organizations: ['acme'],
      related_resources: [{ ref: 'https://example.com' }, { ref: 'https://x.test', description: 'X' }],
      custom: { level: 3, tags: ['a', 'b'] },
    },
  },
  { note: 'rule(): no annotations give {}', modules: ['package a\np := rego.metadata.rule()'], rule: 'a.p', want: {} },
  {
    note: 'rule(): the document-scope block is not the rule’s own',
    modules: ['package a\n# METADATA\n# scope: document\n# title: Doc\np := rego.metadata.rule()'],
    rule: 'a.p',
    want: {},
  },
  {
    note: 'chain(): rule, document, package, then subpackages closest first',
    modules: [
      '# METADATA\n# scope: subpackages\n# title: root\npackage x',
      '# METADATA\n# scope: subpackages\n# title: mid\npackage x.y',
      `# METADATA
# title: pkg
package x.y.z

# METADATA
# scope: document
# title: doc
p[k] := 1 if k := "a"

# METADATA
# title: own
p[k] := v if { k := "b"; v := rego.metadata.chain() }`,
    ],
    rule: 'x.y.z.p.b',
    want: [
      { path: ['x', 'y', 'z', 'p'], annotations: { scope: 'rule', title: 'own' } },
      { path: ['x', 'y', 'z', 'p'], annotations: { scope: 'document', title: 'doc' } },
      { path: ['x', 'y', 'z'], annotations: { scope: 'package', title: 'pkg' } },
      { path: ['x', 'y'], annotations: { scope: 'subpackages', title: 'mid' } },
      { path: ['x'], annotations: { scope: 'subpackages', title: 'root' } },
    ],
  },
  {
    note: 'chain(): a rule without annotations still has its entry',
    modules: ['package a.b\nf(x) := [x, rego.metadata.chain()]\np := f(1)'],
    rule: 'a.b.p',
    want: [1, [{ path: ['a', 'b', 'f'] }]],
  },
  {
    note: 'chain(): an entrypoint block without scope is the document’s',
    modules: [
      'package a\n# METADATA\n# entrypoint: true\n# title: E\np := [rego.metadata.rule(), rego.metadata.chain()]',
    ],
    rule: 'a.p',
    want: [
      {},
      [{ path: ['a', 'p'] }, { path: ['a', 'p'], annotations: { scope: 'document', entrypoint: true, title: 'E' } }],
    ],
  },
  {
    note: 'schemas: a schema ref and an inline definition',
    modules: [
      'package a\n# METADATA\n# schemas:\n# - input: schema.req\n# - data.x: {type: string}\np := rego.metadata.rule()',
    ],
    rule: 'a.p',
    want: {
      scope: 'rule',
      schemas: [
        { path: ['input'], schema: ['schema', 'req'] },
        { path: ['data', 'x'], definition: { type: 'string' } },
      ],
    },
  },
]

describe('rego.metadata', () => {
  for (const row of table) {
    it(row.note, () => {
      const policy = mustPlan({ modules: row.modules, queries: { q: `x := data.${row.rule}` } })
      expect(policy.builtins.filter((b) => b.startsWith('rego.metadata'))).toEqual([])
      const out = evaluate(policy, 'q', {})
      expect(out).toHaveLength(1)
      expect(keyOf(toJSONValue((out[0] as RObject).get('x')!))).toEqual(keyOf(fromJSON(row.want)))
    })
  }
})

/**
 * `chain()` looked through every module for each call (issue 18: Regal
 * calls it in nearly every rule, and planning it was quadratic). Timed as a
 * ratio of two sizes: linear work grows 4× from 500 to 2,000 modules.
 */
describe('rego.metadata.chain() in many modules', () => {
  it('plans in time linear in the number of modules that call it', () => {
    const time = (n: number) => {
      const modules = Array.from(
        { length: n },
        (_, i) =>
          parseModule(
            `# METADATA\n# scope: package\n# title: P${i}\npackage p${i}\n\n# METADATA\n# title: R${i}\nr := rego.metadata.chain()\n`,
            { file: `p${i}.rego` },
          ).module!,
      )
      const { compiled } = compileModules(modules)
      const entrypoints = modules.map((_, i) => `p${i}/r`)
      let best = Infinity
      for (let run = 0; run < 2; run++) {
        const t = processCpuMs()
        const { policy } = planPolicy(compiled!, { entrypoints })
        best = Math.min(best, processCpuMs() - t)
        expect(policy).toBeDefined()
      }
      return best
    }
    const small = time(500)
    const large = time(2000)
    // 4× the modules: linear is about 4×; allow 8× (CPU time, so other load does not count).
    expect(large / small, `500: ${small.toFixed(0)} ms, 2,000: ${large.toFixed(0)} ms`).toBeLessThan(8)
  }, 180_000)
})
