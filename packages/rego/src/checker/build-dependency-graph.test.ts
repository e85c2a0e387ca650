/**
 * The dependency graph: which rule groups a ref into `data` reads, and the
 * time to find them. It tried every group for every ref (issue 18: quadratic
 * in the number of rules); it walks a tree of group paths now. Timed as a
 * ratio of two sizes, not against a clock: linear work grows 4× from 2k to
 * 8k packages, the old search 16×.
 */
import { describe, expect, it } from 'vitest'
import { parseModule } from '../syntax/index.js'
import { buildDependencyGraph } from './build-dependency-graph.js'
import { compileModules } from './index.js'
import type { CompileState } from './types.js'
import { processCpuMs } from '../timing/process-cpu-ms.js'

function graphOf(...sources: string[]) {
  const modules = sources.map((text, i) => {
    const parsed = parseModule(text, { file: `m${i}.rego` })
    expect(parsed.diagnostics).toEqual([])
    return parsed.module!
  })
  const { diagnostics, compiled } = compileModules(modules)
  expect(diagnostics).toEqual([])
  return (path: string) => [...compiled!.graph.get(path)!].sort()
}

describe('build-dependency-graph', () => {
  const lib = 'package lib\nx := 1\ny.z := 2\ns contains 3\nf(a) := a\n'
  const other = 'package other.deep\nq := 4\n'

  it('a ref reads the group it names, every group below its end, and the group it indexes into', () => {
    const deps = graphOf(
      lib,
      other,
      'package app\nnamed := data.lib.x\nbelow := data.lib\nabove := data.lib.s[3]\ndeeper := data.lib.y.z.w\ncall := data.lib.f(1)\nroot := data.other\n',
    )
    expect(deps('data.app.named')).toEqual(['data.lib.x'])
    expect(deps('data.app.below')).toEqual(['data.lib.f', 'data.lib.s', 'data.lib.x', 'data.lib.y.z'])
    expect(deps('data.app.above')).toEqual(['data.lib.s'])
    expect(deps('data.app.deeper')).toEqual(['data.lib.y.z'])
    expect(deps('data.app.call')).toEqual(['data.lib.f'])
    expect(deps('data.app.root')).toEqual(['data.other.deep.q'])
  })

  it('a dynamic segment reads every group that fits the rest; a number names no rule', () => {
    const deps = graphOf(
      lib,
      other,
      'package app\ndyn := [v | v := data.lib[_]]\nmid := [v | v := data[_].deep.q]\nnum := data.lib[2]\n',
    )
    expect(deps('data.app.dyn')).toEqual(['data.lib.f', 'data.lib.s', 'data.lib.x', 'data.lib.y.z'])
    expect(deps('data.app.mid')).toEqual(['data.other.deep.q'])
    expect(deps('data.app.num')).toEqual([])
  })

  it('builds the graph of 8k packages in time linear in their number', () => {
    /** `n` packages, each with a rule reading the previous package's rule; the stage alone, best of two. */
    const time = (n: number) => {
      const modules = Array.from(
        { length: n },
        (_, i) =>
          parseModule(`package p${i}\nr := ${i === 0 ? 1 : `data.p${i - 1}.r`}\n`, { file: `p${i}.rego` }).module!,
      )
      const { compiled } = compileModules(modules, { stopAfter: 'rewrite-negated-operands' })
      let best = Infinity
      for (let run = 0; run < 2; run++) {
        const state = { rules: compiled!.rules, graph: new Map(), order: [] } as unknown as CompileState
        const t = processCpuMs()
        buildDependencyGraph(state)
        best = Math.min(best, processCpuMs() - t)
        expect([...state.graph.get(`data.p${n - 1}.r`)!]).toEqual([`data.p${n - 2}.r`])
      }
      return best
    }
    const small = time(2000)
    const large = time(8000)
    // 4× the rules: linear is about 4×; allow 8× (CPU time, so other load does not count).
    expect(large / small, `2k: ${small.toFixed(0)} ms, 8k: ${large.toFixed(0)} ms`).toBeLessThan(8)
  }, 180_000)
})
