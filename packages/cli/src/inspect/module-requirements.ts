/**
 * What a policy module needs from the host that runs it: its Wasm imports
 * and the builtins it calls through `opa_builtinN` (the module's own
 * `builtins()` table, read by instantiating it in the engine; nothing is
 * evaluated). Builtins the module implements itself are not listed: they
 * need nothing from the host.
 */
import type { BuiltinImpl } from '@cordon/builtins'
import { MissingBuiltinsError, PolicyInstance } from '@cordon/engine'
import { readModule } from '@cordon/wasm'
import { noCustomBuiltins } from '../fs/load-builtins.js'

export interface ModuleRequirements {
  /** The builtins the module calls on its host, sorted. */
  hostBuiltins: string[]
  /** Those the CLI's engine does not implement (custom builtins someone must provide). */
  unprovided: string[]
  abiVersion: { version: number; minor_version: number }
  /** `module.name (kind)` of each Wasm import. */
  imports: string[]
  /** The entrypoints the module exports. */
  entrypoints: string[]
}

const importKinds = ['func', 'table', 'memory', 'global'] as const

/** The builtin a name the CLI lacks gets while the table is read: instantiation needs one; nothing calls it. */
const notProvided: BuiltinImpl = () => {
  throw new Error('not provided by Cordon')
}

export async function moduleRequirements(wasm: Uint8Array): Promise<ModuleRequirements> {
  const imports = readModule(wasm).imports.map(
    (i) => `${i.module}.${i.name} (${importKinds[i.desc.kind] ?? i.desc.kind})`,
  )
  let unprovided: string[] = []
  let instance: PolicyInstance
  try {
    instance = await PolicyInstance.create(wasm, { hostBuiltins: noCustomBuiltins.impls })
  } catch (err) {
    if (!(err instanceof MissingBuiltinsError)) throw err
    unprovided = [...err.missing]
    const hostBuiltins = new Map([...noCustomBuiltins.impls, ...unprovided.map((n) => [n, notProvided] as const)])
    instance = await PolicyInstance.create(wasm, { hostBuiltins })
  }
  return {
    hostBuiltins: [...instance.hostBuiltins],
    unprovided,
    // The engine loads ABI version 1 only (and refuses others), so a module that loads is version 1.
    abiVersion: { version: 1, minor_version: instance.abiMinorVersion },
    imports,
    entrypoints: Object.keys(instance.entrypoints).sort(),
  }
}
