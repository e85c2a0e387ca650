import { describe, expect, it } from 'vitest'
import type { Module } from './ast.js'
import { checkSources, type SourceFile } from './check-sources.js'
import { parseModule } from './syntax/index.js'
import { recordStageTimes, takeStageTimes } from './timing/stage-times.js'

// Constructs the checker rewrites: ref heads, else chains, some-in, every, with, comprehensions, functions.
const files: SourceFile[] = [
  {
    file: 'a.rego',
    text: `package a
import rego.v1

default allow := false
allow if { some x in input.xs; x.ok; not denied(x) }
denied(x) if x.name in data.a.blocked
p.q[k] := v if { some k, v in input.m; every y in v { y > 0 } }
r := 1 if input.n > 1
else := 2 if input.n > 0
else := 3
s contains n if { n := count([z | some z in input.xs; z.ok]) }
t if { allow with input.xs as [{"ok": true, "name": "b"}] }
`,
  },
  { file: 'b.rego', text: 'package b\nimport rego.v1\nimport data.a\n\nq := a.p.q\nu if a.allow\n' },
]

/** What the checker hands the planner, without the policy's copy of modules (compared separately). */
function checkedWith(beforeRewrite?: (parsed: readonly Module[]) => void) {
  recordStageTimes()
  const { diagnostics, compiled } = checkSources(files, beforeRewrite && { beforeRewrite })
  const stages = takeStageTimes().map((t) => t.name)
  return { diagnostics, compiled, stages }
}

describe('checkSources with beforeRewrite', () => {
  it('shows the parsed modules first, then checks them in place: no copy, the same checked policy', () => {
    let seen: readonly Module[] = []
    let parsedSnapshot = ''
    const inPlace = checkedWith((parsed) => {
      seen = parsed
      parsedSnapshot = JSON.stringify(parsed)
    })
    const copied = checkedWith()
    expect(inPlace.diagnostics).toEqual([])
    // The hook saw the modules as parsed.
    expect(parsedSnapshot).toBe(JSON.stringify(files.map((f) => parseModule(f.text, { file: f.file }).module)))
    // The copy is skipped, and the checker's work went into those very modules.
    expect(copied.stages).toContain('check clone')
    expect(inPlace.stages).not.toContain('check clone')
    expect(inPlace.compiled!.modules).toBe(seen)
    expect(JSON.stringify(seen)).not.toBe(parsedSnapshot)
    // Everything the planner reads is as with a copy.
    expect(JSON.stringify(inPlace.compiled!.modules)).toBe(JSON.stringify(copied.compiled!.modules))
    expect(inPlace.compiled!.order).toEqual(copied.compiled!.order)
    expect([...inPlace.compiled!.rules.keys()]).toEqual([...copied.compiled!.rules.keys()])
    expect(JSON.stringify([...inPlace.compiled!.rules.values()])).toBe(
      JSON.stringify([...copied.compiled!.rules.values()]),
    )
  })

  it('copies modules from a caller-given parse, which may reuse them for the next check', () => {
    const cache = new Map<string, ReturnType<typeof parseModule>>()
    const parse: typeof parseModule = (text, options) => {
      const key = `${options?.file}\n${text}`
      if (!cache.has(key)) cache.set(key, parseModule(text, options))
      return cache.get(key)!
    }
    recordStageTimes()
    const first = checkSources(files, { parse, beforeRewrite: () => {} })
    expect(takeStageTimes().map((t) => t.name)).toContain('check clone')
    expect(first.diagnostics).toEqual([])
    const again = checkSources(files, { parse, beforeRewrite: () => {} })
    expect(JSON.stringify(again.compiled!.modules)).toBe(JSON.stringify(first.compiled!.modules))
    // The cached modules are still as parsed.
    expect(JSON.stringify(first.modules)).toBe(
      JSON.stringify(files.map((f) => parseModule(f.text, { file: f.file }).module)),
    )
  })

  it('is not called when a file does not parse, and errors are as without it', () => {
    const bad = [...files, { file: 'c.rego', text: 'package c\n\np if {' }]
    let called = false
    const r = checkSources(bad, { beforeRewrite: () => (called = true) })
    expect(called).toBe(false)
    expect(r.diagnostics).toEqual(checkSources(bad).diagnostics)
  })

  it('reports check errors exactly as without it', () => {
    const unsafe = [
      ...files,
      { file: 'c.rego', text: 'package c\nimport rego.v1\n\np if { x > 1 }\nq := data.a.r + "s"\n' },
    ]
    const r = checkSources(unsafe, { beforeRewrite: () => {} })
    expect(r.diagnostics.length).toBeGreaterThan(0)
    expect(r.diagnostics).toEqual(checkSources(unsafe).diagnostics)
  })
})
