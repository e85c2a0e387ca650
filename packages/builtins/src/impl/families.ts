/**
 * The host builtins outside the light set, loaded by family (re2js, yaml,
 * @cfworker/json-schema, @noble/*, graphql) for the builtins a module
 * imports and lacks: what `@cordon/engine`'s `createEngine` does. Each family
 * is a dynamic import, so a bundler that splits code keeps it out of the
 * entry chunk — but still emits and uploads it. Where the total size counts
 * (a Worker), use `@cordon/engine/lean` and import the families a module
 * needs from `@cordon/builtins/families/*` instead: nothing here is referenced.
 *
 * @module \@cordon/builtins/lazy
 */
import { hostBuiltinFamilyOf, type HostBuiltinFamilyName } from './family-names.js'
import type { BuiltinImpl, HostBuiltinFamily } from './types.js'

const loaders: Readonly<Record<HostBuiltinFamilyName, () => Promise<HostBuiltinFamily>>> = {
  json: () => import('../families/json.js').then((m) => m.jsonBuiltins),
  regex: () => import('../families/regex.js').then((m) => m.regexBuiltins),
  glob: () => import('../families/glob.js').then((m) => m.globBuiltins),
  yaml: () => import('../families/yaml.js').then((m) => m.yamlBuiltins),
  graphql: () => import('../families/graphql.js').then((m) => m.graphqlBuiltins),
  aws: () => import('../families/aws.js').then((m) => m.awsBuiltins),
  crypto: () => import('../families/crypto.js').then((m) => m.cryptoBuiltins),
}

/**
 * `base` plus the implementations of `names` that a family holds, importing
 * only those families. Names no family holds (custom builtins) are left out:
 * the caller reports them as missing.
 */
export async function withHostBuiltins(
  base: ReadonlyMap<string, BuiltinImpl>,
  names: readonly string[],
): Promise<ReadonlyMap<string, BuiltinImpl>> {
  const needed = new Set(names.filter((n) => !base.has(n)).flatMap((n) => hostBuiltinFamilyOf(n) ?? []))
  if (needed.size === 0) return base
  const loaded = await Promise.all([...needed].map((f) => loaders[f]()))
  return new Map([...base, ...loaded.flatMap((impls) => Object.entries(impls))])
}
