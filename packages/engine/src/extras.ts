/**
 * What `@cordon/engine` adds to the engine `@cordon/engine/lean` is: each
 * loads a large library on first need. The lean entry passes none, so a
 * bundler given it never sees those libraries (a dynamic import is still
 * bundled and uploaded even when it is never called).
 */
import type { BuiltinImpl } from '@cordon/builtins/core'
import type { YamlFileReader } from './bundle/data-files.js'
import type { ValidateFunction } from './validate.js'

export interface EngineExtras {
  /** `base` plus the host builtin families holding `missing` (re2js, graphql, @noble/*, yaml, …). */
  moreHostBuiltins?: (
    base: ReadonlyMap<string, BuiltinImpl>,
    missing: readonly string[],
  ) => Promise<ReadonlyMap<string, BuiltinImpl>>
  /** Compiles a JSON Schema (ajv) for `schema` and `dataSchemas`. */
  compileSchema?: (schema: object) => Promise<ValidateFunction>
  /** Reads a bundle's data.yaml files (yaml). */
  readYaml?: YamlFileReader
}
