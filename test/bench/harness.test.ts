// The benchmark harness (scripts/bench) on a tiny iteration count: it runs,
// writes the JSON of issue 8, and its agreement check catches an engine that
// disagrees with the plain-JS floor. No timing assertions. Needs `pnpm build`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const script = path.join(root, 'scripts/bench/run.mjs')
const NAMES = ['cordon', 'cordon-opa-wasm-sdk', 'casbin', 'cedar', 'plain-js']

type Adapter = {
  name: string
  full: boolean
  decide: (input: unknown) => unknown
  check: (input: unknown) => Record<string, unknown>
}
interface Harness {
  agreementCheck(
    adapters: Record<string, Adapter>,
    floor: Adapter,
    requests: unknown[],
  ): { total: number; counts: Record<string, number>; disagreements: { engine: string }[] }
}
interface World {
  loadConfig(): Record<string, unknown>
  randomRequests(n: number, seed: number, cfg?: unknown): { capability: string; model: { id: string } }[]
}
interface Floor {
  create(ctx: { cfg: unknown }): Promise<Adapter>
}
const load = async <T>(file: string): Promise<T> =>
  (await import(pathToFileURL(path.join(root, 'scripts/bench', file)).href)) as T

describe('scripts/bench/run.mjs', () => {
  it('runs on a tiny iteration count and writes the JSON shape of issue 8', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cordon-bench-test-'))
    try {
      const file = path.join(dir, 'bench.json')
      const out = execFileSync(process.execPath, [script, '--quick', '--json', file], {
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(out).toContain('all agree')
      const json = JSON.parse(readFileSync(file, 'utf8'))
      expect(Object.keys(json.engines).sort()).toEqual([...NAMES].sort())
      for (const name of NAMES) {
        for (const k of ['p50_us', 'p99_us', 'ops_per_s', 'cold_start_ms', 'mem_growth_bytes'])
          expect(typeof json.engines[name][k], `${name}.${k}`).toBe('number')
        expect(json.engines[name].p50_us).toBeGreaterThan(0)
        expect(typeof json.ratios[name]).toBe('number')
      }
      expect(json.ratios.cordon).toBe(1)
      expect(json.agreement.disagreements).toBe(0)
      expect(json.module.wasm_bytes).toBeGreaterThan(0)
      expect(Object.keys(json.scaling.data.cordon.p50_us)).toEqual(['10', '100', '1000'])
      expect(typeof json.host_builtin.host_call_overhead_us).toBe('number')
      expect(typeof json.compile.policies.ms).toBe('number')
      expect(Array.isArray(json.targets)).toBe(true)
      expect(json.side_by_side.engines).toEqual(['cordon', 'cordon-opa-wasm-sdk'])
      expect(json.side_by_side.ratio).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('its agreement check reports an engine that disagrees with the floor', async () => {
    const { agreementCheck } = await load<Harness>('run.mjs')
    const { loadConfig, randomRequests } = await load<World>('world.mjs')
    const { create } = await load<Floor>('plain-js.mjs')
    const cfg = loadConfig()
    const floor = await create({ cfg })
    // a "fine_tuning is free for all" engine: wrong whenever the tier requirement decides
    const lax: Adapter = {
      name: 'lax',
      full: false,
      decide: () => true,
      check: (input) => {
        const d = floor.check(input)
        return d.code === 'capability_not_in_tier' ? { allow: true, code: 'ok' } : { allow: d.allow, code: d.code }
      },
    }
    const requests = randomRequests(2000, 3, cfg)
    expect(agreementCheck({ 'plain-js': floor, floor2: { ...floor, name: 'floor2' } }, floor, requests).total).toBe(0)
    const r = agreementCheck({ 'plain-js': floor, lax }, floor, requests)
    expect(r.total).toBeGreaterThan(0)
    expect(r.counts.lax).toBe(r.total)
    expect(r.disagreements[0]?.engine).toBe('lax')
  })
})
