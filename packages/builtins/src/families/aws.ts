/**
 * The `aws` family of host builtins (`providers.aws.sign_req`; it loads
 * @noble/hashes). Pass it to the lean engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [awsBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/aws
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { awsImpls } from '../impl/aws-sigv4.js'

/** The `aws` family's host builtins, by Rego name. */
export const awsBuiltins: HostBuiltinFamily = awsImpls
