/**
 * The `graphql` family of host builtins (it loads graphql). Pass it to the lean
 * engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [graphqlBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/graphql
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { graphqlImpls } from '../impl/graphql.js'

/** The `graphql` family's host builtins, by Rego name. */
export const graphqlBuiltins: HostBuiltinFamily = graphqlImpls
