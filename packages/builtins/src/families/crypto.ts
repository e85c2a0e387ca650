/**
 * The `crypto` family of host builtins: `crypto.*` and `io.jwt.*` but
 * `io.jwt.decode` (which is light). It loads @noble/curves and @noble/hashes.
 * Pass it to the lean engine when a module calls one of them:
 * `createEngine({ wasm, hostBuiltinFamilies: [cryptoBuiltins] })` from `@cordon/engine/lean`.
 *
 * @module \@cordon/builtins/families/crypto
 */
import type { HostBuiltinFamily } from '../impl/types.js'
import { cryptoDigestImpls } from '../impl/crypto-digest.js'
import { cryptoHmacImpls } from '../impl/crypto-hmac.js'
import { jwtSignImpls } from '../impl/jwt-sign.js'
import { jwtVerifyImpls } from '../impl/jwt-verify.js'
import { keysImpls } from '../impl/keys.js'
import { x509Impls } from '../impl/x509.js'

/** The `crypto` family's host builtins, by Rego name. */
export const cryptoBuiltins: HostBuiltinFamily = {
  ...cryptoDigestImpls,
  ...cryptoHmacImpls,
  ...keysImpls,
  ...x509Impls,
  ...jwtVerifyImpls,
  ...jwtSignImpls,
}
