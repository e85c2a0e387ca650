import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { workspace } from './testing/run-cli.js'

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url))

/** 300 rules: enough calls that V8 optimizes the lexer's, parser's and checker's functions. */
function bigPolicy(): string {
  const rules = Array.from(
    { length: 300 },
    (_, i) =>
      `deny contains msg if {\n\tinput.kind == "K${i}"\n\tsome c in input.spec.containers\n\tc.limits.cpu > ${i}\n\tmsg := sprintf("%s %d", [c.name, ${i}])\n}\n`,
  )
  return `package p\n\n${rules.join('\n')}`
}

/**
 * Runs the CLI under V8's inlining trace, optimizing on the main thread so
 * every optimization finishes before the process exits, and counts the
 * functions V8 optimized and the calls it inlined.
 */
function jitWork(args: string[], cwd: string): { optimized: number; inlined: number } {
  const r = spawnSync(
    process.execPath,
    ['--trace-opt', '--trace-turbo-inlining', '--no-concurrent-recompilation', cli, ...args],
    { cwd, encoding: 'utf8', maxBuffer: 1 << 28 },
  )
  expect(r.status, r.stderr).toBe(0)
  const lines = r.stdout.split('\n')
  return {
    optimized: lines.filter((l) => l.includes('completed compiling')).length,
    inlined: lines.filter((l) => l.startsWith('Inlining ')).length,
  }
}

describe('compile-only commands skip V8 inlining (one-shot-jit.ts)', () => {
  const dir = workspace({ 'p.rego': bigPolicy() })

  it('cordon build optimizes hot functions but inlines nothing into them', () => {
    const work = jitWork(['build', 'p.rego', '-e', 'p/deny', '--format', 'wasm', '-o', path.join(dir, 'p.wasm')], dir)
    expect(work.optimized).toBeGreaterThan(20)
    expect(work.inlined).toBe(0)
  })

  it('cordon check too', () => {
    const work = jitWork(['check', 'p.rego'], dir)
    expect(work.optimized).toBeGreaterThan(20)
    expect(work.inlined).toBe(0)
  })

  it('while a command that does not set it inlines as usual (the trace above can see it)', () => {
    expect(jitWork(['parse', 'p.rego'], dir).inlined).toBeGreaterThan(0)
  })
})
