/**
 * `@cordon/engine`'s `createEngine` and `readBundle`: every host builtin
 * (a family is imported when a loaded module first calls one of it), JSON
 * Schemas compiled with ajv, YAML data files in bundles.
 */
import type { BuiltinImpl } from '@cordon/builtins/core'
import { withHostBuiltins } from '@cordon/builtins/lazy'
import type { Bundle, BundleLimits } from './bundle/read-bundle.js'
import { readBundleWith } from './bundle/read-bundle.js'
import { gunzip } from './bundle/gunzip.js'
import { parseYamlFile } from './bundle/yaml-file.js'
import { compileSchema } from './compile-schema.js'
import { createEngineWith, type Engine, type EngineOptions } from './engine.js'
import type { EngineExtras } from './extras.js'

const fullExtras: EngineExtras = {
  moreHostBuiltins: (base: ReadonlyMap<string, BuiltinImpl>, missing) => withHostBuiltins(base, missing),
  compileSchema,
  readYaml: parseYamlFile,
}

/**
 * Creates an engine and loads its first policy. Rejects when that policy
 * cannot be loaded (there is no last-known-good yet) or the schema does not
 * compile; with neither `bundle` nor `wasm` the engine starts empty and
 * denies `no_policy` until `load`.
 *
 * @typeParam Input - what `decide` accepts (default `unknown`); a compile-time
 * promise only: give `schema` or `validate` to check inputs at run time.
 * @typeParam Result - the fields of the policy's decision object besides
 * `allow`, `code` and `reasons`, as `decision.result` (each optional).
 *
 * @example Node, from a bundle and a JSON Schema
 * ```ts
 * import { createEngine } from '@cordon/engine'
 * import { loadBundleFromFile } from '@cordon/engine/node'
 *
 * const engine = await createEngine({ bundle: await loadBundleFromFile('bundle.tar.gz'), schema })
 * const d = await engine.decide(input, { entrypoint: 'ai_access/decision' })
 * // d: { allow, code, reasons, result, decisionId, revision, entrypoint }
 * ```
 *
 * @example Edge (workerd): the module imported at top level, a precompiled validator
 * ```ts
 * import wasm from './policy.wasm'
 * import validate from './validator.js' // cordon schema compile schema.json -o validator.js
 * const engine = await createEngine({ wasm, data, validate })
 * ```
 */
export function createEngine<Input = unknown, Result extends object = Record<string, unknown>>(
  options: EngineOptions = {},
): Promise<Engine<Input, Result>> {
  return createEngineWith<Input, Result>(fullExtras, options)
}

/**
 * Reads an OPA-format bundle (`bundle.tar.gz`, or an uncompressed tar):
 * `policy.wasm`, `.manifest`, and every `data.json`, `data.yaml` and
 * `data.yml` merged under its folder's path, as OPA does. Checks the
 * manifest as OPA does (roots, listed modules, a string revision) and the
 * size limits before anything is inflated past them. Throws an Error naming
 * the file at fault.
 */
export function readBundle(bytes: Uint8Array, limits?: BundleLimits): Promise<Bundle> {
  return readBundleWith(bytes, gunzip, limits, fullExtras.readYaml)
}
