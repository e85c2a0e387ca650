import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FunctionBuilder } from './instructions.js'
import { ModuleLinker } from './link.js'
import { readModule } from './reader.js'
import { validate } from './testing.js'
import { ExternalKind, ValType } from './types.js'
import { writeModule } from './writer.js'

const RUNTIME = fileURLToPath(new URL('../runtime-lib/runtime.wasm', import.meta.url))
// The runtime library is committed and rebuilt by the package build, so it is always there.
describe('the prebuilt runtime library (runtime-lib/runtime.wasm)', () => {
  const bytes = () => new Uint8Array(readFileSync(RUNTIME))

  it('reads, writes back unchanged, and validates', async () => {
    const original = bytes()
    const m = readModule(original)
    expect(m.codes.length).toBe(m.functions.length)
    const written = writeModule(m)
    await validate(written)
    expect(Buffer.from(written).equals(Buffer.from(original))).toBe(true)
  })

  it('links an extra exported function into it and stays valid', async () => {
    const l = new ModuleLinker(bytes())
    const f = new FunctionBuilder([], [ValType.i32]).i32Const(42)
    const probe = l.addFunction(f.type, f)
    l.addExport('cordon_linker_probe', ExternalKind.func, probe)
    const address = l.addData(new TextEncoder().encode('probe'))
    expect(l.addTableEntries([probe])).toBe(0)
    const out = l.emit()
    await validate(out)
    const linked = readModule(out)
    expect(linked.data.at(-1)!.bytes.subarray(0, 5)).toEqual(new TextEncoder().encode('probe'))
    expect(address % 8).toBe(0)
  })
})
