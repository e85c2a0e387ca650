/**
 * Where there is no node:fs (a browser: the playground), the compiler says
 * so plainly, and compiles once the runtime is handed over with
 * setRuntimeLibrary.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { checkSources } from '@cordon/rego'
import { buildChecked } from './build.js'
import { setRuntimeLibrary, type RuntimeInfo } from './runtime-lib.js'

const proc = process as { getBuiltinModule?: unknown }
const original = proc.getBuiltinModule

afterEach(() => {
  proc.getBuiltinModule = original
  setRuntimeLibrary(undefined)
})

const compile = () =>
  buildChecked(checkSources([{ file: 'p.rego', text: 'package p\n\nallow if input.x == 1\n' }]).compiled!, {
    entrypoints: ['p/allow'],
  })

describe('runtime library without node:fs', () => {
  it('says how to hand the runtime over (a compile error, not a crash)', () => {
    setRuntimeLibrary(undefined)
    proc.getBuiltinModule = undefined
    const built = compile()
    expect(built.wasm).toBeUndefined()
    expect(built.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /call setRuntimeLibrary\(bytes, info\) before compiling/,
    )
  })

  it('compiles with the runtime handed over', () => {
    const dir = new URL('../runtime-lib/', import.meta.url)
    const bytes = new Uint8Array(readFileSync(new URL('runtime.wasm', dir)))
    const info = JSON.parse(readFileSync(new URL('runtime.json', dir), 'utf8')) as RuntimeInfo
    proc.getBuiltinModule = undefined
    setRuntimeLibrary(bytes, info)
    expect(compile().wasm?.length).toBeGreaterThan(1000)
  })
})
