/**
 * Every host builtin implementation at once: the light family and every
 * family of `../families/*` (so it imports every library they use);
 * `@cordon/builtins/lazy` loads them by family instead.
 *
 * @module \@cordon/builtins/impls
 */
import { awsBuiltins } from '../families/aws.js'
import { cryptoBuiltins } from '../families/crypto.js'
import { globBuiltins } from '../families/glob.js'
import { graphqlBuiltins } from '../families/graphql.js'
import { jsonBuiltins } from '../families/json.js'
import { regexBuiltins } from '../families/regex.js'
import { yamlBuiltins } from '../families/yaml.js'
import { lightHostBuiltinImpls } from './light.js'
import type { BuiltinImpl } from './types.js'

/** Every host builtin implementation, by Rego name. */
export const hostBuiltinImpls: ReadonlyMap<string, BuiltinImpl> = new Map([
  ...lightHostBuiltinImpls,
  ...Object.entries({
    ...jsonBuiltins,
    ...regexBuiltins,
    ...globBuiltins,
    ...yamlBuiltins,
    ...graphqlBuiltins,
    ...awsBuiltins,
    ...cryptoBuiltins,
  }),
])
