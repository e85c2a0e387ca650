// Heap fuzzer (issue 15): random Rego modules that build objects and sets
// through the runtime's builtins and the code generator's paths (object.*,
// json.*, set operators, union/intersection, comprehensions, partial rules,
// sprintf-built keys, functions), compiled against the debug runtime
// (packages/wasm/runtime/debug-runtime.ts) and evaluated by the engine over
// random inputs. The debug runtime checks every block, the free lists and the
// result, input and data graphs after each evaluation and aborts on a
// finding; each module is also evaluated twice to catch results that depend
// on heap state.
//
// CI runs a bounded count. For a long run:
//   CORDON_HEAP_FUZZ_SECONDS=3600 pnpm vitest run test/engine/heap-fuzz.test.ts
// CORDON_HEAP_FUZZ_SEED picks the first seed (a finding prints its seed and module).
import { hostBuiltinImpls } from '@cordon/builtins'
import { PolicyEvalError, PolicyInstance } from '@cordon/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { debugRuntime } from '../../packages/wasm/runtime/debug-runtime.js'
import { setRuntimeLibrary } from '../../packages/wasm/src/codegen/runtime-lib.js'
import { seededRandom } from '../support/random.js'
import { compile } from './support/bundles.js'

const seconds = Number(process.env.CORDON_HEAP_FUZZ_SECONDS ?? 0)
const firstSeed = Number(process.env.CORDON_HEAP_FUZZ_SEED ?? 1)
const CI_MODULES = 40

type Kind = 'obj' | 'set' | 'arr' | 'scalar'

/** Random Rego over the rules made so far; every expression is well typed by construction. */
class Gen {
  readonly rules: { name: string; kind: Kind }[] = []
  /** Off while the partial rules' own bodies are generated (no recursion). */
  partials = false
  constructor(readonly r: () => number) {}

  int(n: number): number {
    return Math.floor(this.r() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!
  }

  str(): string {
    return JSON.stringify(
      this.pick(['a', 'b', 'k1', 'k2', 'type', 'ümlaut', 'x'.repeat(1 + this.int(30)), '', 'n-3', 'ignore-a-1']),
    )
  }

  scalar(d: number): string {
    switch (this.int(9)) {
      case 0:
        return String(this.int(20) - 5)
      case 1:
        return this.pick(['1.5', '12345678901234567890123', '-0.25', '1e3'])
      case 2:
        return this.str()
      case 3:
        return `sprintf("v-%s-%d", [${this.str()}, ${this.int(1000)}])`
      case 4:
        return d > 0 ? `count(${this.coll(d - 1)})` : '0'
      case 5:
        return this.pick(['true', 'false', 'null'])
      case 6:
        return `sprintf("%d", [${this.int(100000)}])`
      case 7:
        return d > 0 ? `object.get(${this.obj(d - 1)}, ${this.str()}, ${this.int(5)})` : '1'
      default:
        return `concat("-", ${d > 0 ? `[${this.str()}, sprintf("%v", [${this.int(50)}])]` : '["a"]'})`
    }
  }

  keyList(d: number): string {
    const keys = Array.from({ length: this.int(4) }, () => this.str()).join(', ')
    return this.pick([`{${keys}}`, `[${keys}]`, d > 0 ? `object.keys(${this.obj(d - 1)})` : '["a"]'])
  }

  ruleOf(kind: Kind): string | undefined {
    const rs = this.rules.filter((x) => x.kind === kind)
    return rs.length ? this.pick(rs).name : undefined
  }

  obj(d: number): string {
    const earlier = this.ruleOf('obj')
    if (earlier && this.r() < 0.25) return earlier
    if (d <= 0) return this.pick(['{}', 'input.o', `{${this.str()}: ${this.scalar(0)}}`, '_v(3, "a")'])
    const o = () => this.obj(d - 1)
    switch (this.int(16)) {
      case 0:
        return `{${Array.from({ length: 1 + this.int(3) }, () => `${this.scalar(0)}: ${this.any(d - 1)}`).join(', ')}}`
      case 1:
        return `object.union(${o()}, ${o()})`
      case 2:
        return `object.union_n([${Array.from({ length: this.int(12) }, o).join(', ')}])`
      case 3:
        return `object.remove(${o()}, ${this.keyList(d - 1)})`
      case 4:
        return `object.filter(${o()}, ${this.keyList(d - 1)})`
      case 5:
        return `json.remove(${o()}, [${this.str()}, "k1/a"])`
      case 6:
        return `json.filter(${o()}, [${this.str()}, "k2"])`
      case 7:
        return `json.patch(${o()}, [{"op": "add", "path": "/p${this.int(20)}", "value": ${this.scalar(0)}}])`
      case 8:
        return `{k: v | some k, v in ${o()}}`
      case 9:
        return `{sprintf("p-%v-%d", [k, i]): v | some k, v in ${o()}; i := ${this.int(30)}}`
      case 10:
        return `{sprintf("n-%d", [i]): i | some i in numbers.range(0, ${this.int(40)})}`
      case 11:
        return `object.union_n([_v(i, s) | some i in numbers.range(1, ${1 + this.int(20)}); s := ["a", "bbbbbb", "c"][i % 3]])`
      case 12:
        return `json.unmarshal(json.marshal(${o()}))`
      case 13:
        return `{x: true | some x in ${this.set(d - 1)}}`
      case 14:
        return this.partials ? 'po' : o()
      default:
        return `{k: object.union(v, {"z": 1}) | some k, v in {"a": {"b": 1}, "c": ${o()}}}`
    }
  }

  set(d: number): string {
    const earlier = this.ruleOf('set')
    if (earlier && this.r() < 0.25) return earlier
    if (d <= 0) return this.pick(['set()', '{1, 2, 3}', `{${this.str()}, ${this.str()}}`, '{x | some x in input.a}'])
    const s = () => this.set(d - 1)
    switch (this.int(14)) {
      case 0:
        return `{${Array.from({ length: 1 + this.int(4) }, () => this.scalar(d - 1)).join(', ')}}`
      case 1:
        return `(${s()} | ${s()})`
      case 2:
        return `(${s()} & ${s()})`
      case 3:
        return `(${s()} - ${s()})`
      case 4:
        return `union({${s()}, ${s()}, ${s()}})`
      case 5:
        return `intersection({${s()}, ${s()}})`
      case 6:
        return `object.keys(${this.obj(d - 1)})`
      case 7:
        return `{sprintf("s-%v", [x]) | some x in ${s()}}`
      case 8:
        return `{x | some x in numbers.range(0, ${this.int(40)})}`
      case 9:
        return `{[k, v] | some k, v in ${this.obj(d - 1)}}`
      case 10:
        return `{x | some x in ${this.arr(d - 1)}}`
      case 11:
        return this.partials ? 'ps' : s()
      case 12:
        return `{${this.obj(d - 1)}, ${s()}, ${this.arr(d - 1)}}`
      default:
        return `{k | some k, _ in ${this.obj(d - 1)}}`
    }
  }

  arr(d: number): string {
    const earlier = this.ruleOf('arr')
    if (earlier && this.r() < 0.25) return earlier
    if (d <= 0) return this.pick(['[]', 'input.a', `[${this.scalar(0)}, ${this.scalar(0)}]`])
    switch (this.int(6)) {
      case 0:
        return `[x | some x in ${this.set(d - 1)}]`
      case 1:
        return `sort(${this.set(d - 1)})`
      case 2:
        return `array.concat(${this.arr(d - 1)}, ${this.arr(d - 1)})`
      case 3:
        return `[k | some k, _ in ${this.obj(d - 1)}]`
      case 4:
        return `array.slice(${this.arr(d - 1)}, 1, ${this.int(6)})`
      default:
        return `[${Array.from({ length: this.int(4) }, () => this.any(d - 1)).join(', ')}]`
    }
  }

  coll(d: number): string {
    const k = this.int(3)
    return k === 0 ? this.obj(d) : k === 1 ? this.set(d) : this.arr(d)
  }

  any(d: number): string {
    const k = this.int(4)
    return k === 0 ? this.obj(d) : k === 1 ? this.set(d) : k === 2 ? this.arr(d) : this.scalar(d)
  }

  module(): string {
    const lines = [
      'package p',
      '_v(id, s) := {sprintf("ignore-%s-%d", [s, id]): 1}',
      `ps contains x if { some x in ${this.set(1)} }`,
      `po[k] := v if { some k, v in ${this.obj(1)} }`,
    ]
    this.partials = true
    const n = 3 + this.int(6)
    for (let i = 0; i < n; i++) {
      const kind = this.pick<Kind>(['obj', 'obj', 'set', 'set', 'arr', 'scalar'])
      const d = 1 + this.int(3)
      const body =
        kind === 'obj'
          ? this.obj(d)
          : kind === 'set'
            ? this.set(d)
            : kind === 'arr'
              ? this.arr(d)
              : `count(${this.coll(d)})`
      const name = `r${i}`
      lines.push(`${name} := ${body}`)
      this.rules.push({ name, kind })
    }
    lines.push(`total := count([1 | ${this.rules.map((x) => `_ = ${x.name}`).join('; ')}])`)
    return lines.join('\n') + '\n'
  }

  input(): unknown {
    const o: Record<string, unknown> = {}
    for (let i = 0, n = this.int(25); i < n; i++)
      o[this.pick(['a', 'k1', 'type', `key-${i}`, 'x'.repeat(i)])] = this.pick([i, `s${i}`, { b: i }, [i], null, 1.5])
    return { o, a: Array.from({ length: this.int(12) }, (_, i) => this.pick([i, `e${i}`, i * 1.5])) }
  }
}

function instance(text: string): PolicyInstance {
  const p = PolicyInstance.createSync(compile(text, ['p']), {
    hostBuiltins: hostBuiltinImpls,
    memory: { maximum: 1024 },
  })
  p.setData({ d: { k1: [1, 2], s: 'x' } })
  return p
}

/**
 * One evaluation's outcome. Generated modules are well typed but may still
 * raise Rego's own evaluation errors (two keys that render alike with different
 * values, say): those are answers, and must repeat; a trap or a heap check
 * (engine_error) is a finding.
 */
function outcome(p: PolicyInstance, input: unknown): unknown {
  try {
    return p.evaluate(input, 'p')
  } catch (err) {
    if (err instanceof PolicyEvalError && err.code.startsWith('eval_')) return { error: err.code, message: err.message }
    throw err
  }
}

/** One module, several inputs, each evaluated twice; throws with the seed and module on a finding. */
function runSeed(seed: number): number {
  const g = new Gen(seededRandom(seed))
  const text = g.module()
  let evaluations = 0
  let input: unknown
  try {
    const p = instance(text)
    for (let i = 0; i < 4; i++) {
      input = g.input()
      const first = outcome(p, input)
      const again = outcome(p, input)
      expect(again).toEqual(first)
      evaluations += 2
    }
  } catch (err) {
    throw new Error(
      `heap fuzz seed ${seed}: ${err instanceof Error ? err.message : String(err)}\n--- input\n${JSON.stringify(input)}\n--- module\n${text}`,
      { cause: err },
    )
  }
  return evaluations
}

describe('heap fuzzer: objects and sets through every builtin and codegen path, debug runtime', () => {
  beforeAll(() => {
    const { bytes, info } = debugRuntime()
    setRuntimeLibrary(bytes, info)
  }, 300_000)
  afterAll(() => setRuntimeLibrary(undefined))

  it('the debug runtime is linked: a module exports the heap checker', () => {
    const exports = WebAssembly.Module.exports(
      new WebAssembly.Module(compile('package p\nx := 1\n', ['p/x']) as BufferSource),
    ).map((e) => e.name)
    expect(exports).toContain('cordon_heap_check')
  })

  it("issue 15's module and its long-key variant pass the heap check", () => {
    for (const s of ['a', 'aaaaaa']) {
      const text = `package p\n_v(id, s) := {sprintf("ignore-%s-%d", [s, id]): 1}\nv1 := object.union_n([${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `_v(${i}, "${s}")`).join(', ')}])\nr := object.union(v1, _v(11, "${s}"))\n`
      const r = instance(text).evaluate({}, 'p') as { result: { r: object } }[]
      expect(Object.keys(r[0]!.result.r)).toHaveLength(10)
    }
  })

  it(
    seconds > 0 ? `random modules for ${seconds} s` : `${CI_MODULES} random modules`,
    () => {
      const deadline = Date.now() + seconds * 1000
      let seed = firstSeed
      let evaluations = 0
      do {
        evaluations += runSeed(seed++)
      } while (seconds > 0 ? Date.now() < deadline : seed < firstSeed + CI_MODULES)
      if (seconds > 0)
        console.log(
          `heap fuzz: ${seed - firstSeed} modules, ${evaluations} evaluations, seeds ${firstSeed}..${seed - 1}, no finding`,
        )
      expect(evaluations).toBeGreaterThan(0)
    },
    seconds > 0 ? seconds * 1000 + 600_000 : 300_000,
  )
})
