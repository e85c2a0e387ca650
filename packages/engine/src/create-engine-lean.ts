/**
 * `@cordon/engine/lean`'s `createEngine` and `readBundle`: the same engine
 * with no library imported on demand, so that everything a bundler emits for
 * it is what runs (a Worker's upload stays small). Host builtins: the light
 * set plus the families given in `hostBuiltinFamilies`; input and data
 * schemas: validators precompiled by `cordon schema compile`; bundles:
 * data.json only.
 */
import type { Bundle, BundleLimits } from './bundle/read-bundle.js'
import { readBundleWith } from './bundle/read-bundle.js'
import { gunzip } from './bundle/gunzip.js'
import { createEngineWith, type Engine, type EngineOptions } from './engine.js'

/**
 * Creates an engine and loads its first policy, as `@cordon/engine`'s
 * `createEngine` does, without importing anything on demand: a module
 * calling a host builtin outside the light set needs its family in
 * `hostBuiltinFamilies` (the load error names the import), `schema` and
 * `dataSchemas[].schema` are refused (give `validate`), and a bundle with a
 * data.yaml is refused.
 *
 * @example A Worker whose policy calls regex.match
 * ```ts
 * import { createEngine } from '@cordon/engine/lean'
 * import { regexBuiltins } from '@cordon/builtins/families/regex'
 * import wasm from './policy.wasm'
 *
 * const engine = await createEngine({ wasm, data, hostBuiltinFamilies: [regexBuiltins] })
 * ```
 */
export function createEngine<Input = unknown, Result extends object = Record<string, unknown>>(
  options: EngineOptions = {},
): Promise<Engine<Input, Result>> {
  return createEngineWith<Input, Result>({}, options)
}

/** `@cordon/engine`'s `readBundle` without YAML: a `data.yaml` or `data.yml` is an error naming it. */
export function readBundle(bytes: Uint8Array, limits?: BundleLimits): Promise<Bundle> {
  return readBundleWith(bytes, gunzip, limits)
}
