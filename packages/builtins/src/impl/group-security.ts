import { awsImpls } from './aws-sigv4.js'
import { cryptoDigestImpls } from './crypto-digest.js'
import { cryptoHmacImpls } from './crypto-hmac.js'
import { graphqlImpls } from './graphql.js'
import { jwtDecodeImpls } from './jwt-decode.js'
import { jwtSignImpls } from './jwt-sign.js'
import { jwtVerifyImpls } from './jwt-verify.js'
import { keysImpls } from './keys.js'
import type { BuiltinImpl } from './types.js'
import { x509Impls } from './x509.js'

/** Host implementations of the security group, by Rego name (see impl/README.md for the split). */
export const securityImpls: Readonly<Record<string, BuiltinImpl>> = {
  ...cryptoDigestImpls,
  ...cryptoHmacImpls,
  ...keysImpls,
  ...x509Impls,
  ...jwtDecodeImpls,
  ...jwtVerifyImpls,
  ...jwtSignImpls,
  ...graphqlImpls,
  ...awsImpls,
}
