/**
 * `@cordon/engine` without anything it imports on demand: no host builtin
 * family (give those a module needs in `hostBuiltinFamilies`, from
 * `@cordon/builtins/families/*`), no ajv (give validators precompiled by
 * `cordon schema compile`), no YAML data files in bundles. For bundles
 * whose total size counts, such as a Cloudflare Worker's upload: a bundler
 * emits every dynamic import, called or not. The same exports as
 * `@cordon/engine` but `compileSchema`.
 *
 * @module \@cordon/engine/lean
 *
 * @example
 * ```ts
 * import { createEngine } from '@cordon/engine/lean'
 * import wasm from './policy.wasm'
 *
 * const engine = await createEngine({ wasm, data })
 * ```
 */
export * from './exports-shared.js'
export { createEngine, readBundle } from './create-engine-lean.js'
