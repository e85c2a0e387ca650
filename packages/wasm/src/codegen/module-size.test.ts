/**
 * Module size of a big policy set (issue 18): what each further rule adds to
 * the module, for a generated set that looks like a checks codebase
 * (trivy-checks): one file per check, each with a `deny` partial set built
 * from a helper function and a complete rule, all built together. Bounds in
 * bytes per rule, measured as the growth between two sizes of the set, so
 * the linked runtime (fixed) does not count.
 */
import { describe, expect, test } from 'vitest'
import { PolicyInstance } from '@cordon/engine'
import { hostBuiltinImpls } from '@cordon/builtins'
import { buildWasm } from './build.js'

/** `n` checks, each in its own file below a long folder name, as real sets are laid out. */
function checks(n: number) {
  const files = []
  for (let i = 0; i < n; i++) {
    files.push({
      file: `checks/cloud/provider/service${i % 7}/check_number_${i}_has_a_descriptive_file_name.rego`,
      text: `package checks.c${i}
import rego.v1

limit := ${(i % 5) + 1}

too_much(c) := c.resources.limits.cpu > limit

kind_matches if input.kind == "Kind${i}"

deny contains msg if {
	kind_matches
	some c in input.spec.template.spec.containers
	too_much(c)
	msg := sprintf("container %s of Kind${i} uses more than %d cpu", [c.name, limit])
}
`,
    })
  }
  return { files, entrypoints: Array.from({ length: n }, (_, i) => `checks/c${i}/deny`) }
}

function size(n: number): number {
  const { files, entrypoints } = checks(n)
  const r = buildWasm(files, { entrypoints })
  if (!r.wasm) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r.wasm.length
}

describe('module size of a many-rule set', () => {
  test('each further check adds at most 600 bytes', () => {
    const perCheck = (size(160) - size(40)) / 120
    // 1,675 bytes a check at 9a58abb (a ~110-byte conflict message per place, fuel checks inline,
    // a compare per entrypoint in eval, …); 946 after issue 18's module-size work; 902 with
    // plans sharing one body (plan-shapes.ts); 751 with lookup chains nested, scans stepped by the runtime,
    // `x != false` joined with the test for undefined, the most called functions numbered first, and
    // static strings' bytes unpadded; 585 with static string headers and file names filled in by the start
    // function and the static data packed (filled-at-start.ts).
    expect(perCheck).toBeLessThanOrEqual(600)
  })

  test('the set still decides as written', () => {
    const { files, entrypoints } = checks(3)
    const inst = PolicyInstance.createSync(buildWasm(files, { entrypoints }).wasm!, { hostBuiltins: hostBuiltinImpls })
    const input = {
      kind: 'Kind1',
      spec: { template: { spec: { containers: [{ name: 'a', resources: { limits: { cpu: 9 } } }] } } },
    }
    expect(inst.evaluate(input, 'checks/c1/deny')).toEqual([{ result: ['container a of Kind1 uses more than 2 cpu'] }])
    expect(inst.evaluate(input, 'checks/c2/deny')).toEqual([{ result: [] }])
  })
})
