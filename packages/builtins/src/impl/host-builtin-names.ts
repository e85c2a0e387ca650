/**
 * The Rego names of every host builtin implementation (the keys of
 * `hostBuiltinImpls`), known without importing any family: a compiler that
 * only asks which calls a host can serve (`cordon build`) need not load
 * graphql, re2js, @noble/* and the rest, which cost more start-up time than
 * a small build's compile. host-builtin-names.test.ts keeps the table equal
 * to the implementations.
 */
import { lightHostBuiltinImpls } from './light.js'

/** The builtins of the families of `../families/*`, by family. */
const familyBuiltinNames: readonly string[] = [
  // json
  'json.filter',
  'json.is_valid',
  'json.marshal',
  'json.marshal_with_options',
  'json.match_schema',
  'json.patch',
  'json.remove',
  'json.unmarshal',
  'json.verify_schema',
  // regex
  're_match',
  'regex.find_all_string_submatch_n',
  'regex.find_n',
  'regex.globs_match',
  'regex.is_valid',
  'regex.match',
  'regex.replace',
  'regex.split',
  'regex.template_match',
  // glob
  'glob.match',
  'glob.quote_meta',
  // yaml
  'yaml.is_valid',
  'yaml.marshal',
  'yaml.unmarshal',
  // graphql
  'graphql.is_valid',
  'graphql.parse',
  'graphql.parse_and_verify',
  'graphql.parse_query',
  'graphql.parse_schema',
  'graphql.schema_is_valid',
  // aws
  'providers.aws.sign_req',
  // crypto
  'crypto.hmac.equal',
  'crypto.hmac.md5',
  'crypto.hmac.sha1',
  'crypto.hmac.sha256',
  'crypto.hmac.sha512',
  'crypto.md5',
  'crypto.parse_private_keys',
  'crypto.sha1',
  'crypto.sha256',
  'crypto.x509.parse_and_verify_certificates',
  'crypto.x509.parse_and_verify_certificates_with_options',
  'crypto.x509.parse_certificate_request',
  'crypto.x509.parse_certificates',
  'crypto.x509.parse_keypair',
  'crypto.x509.parse_rsa_private_key',
  'io.jwt.decode_verify',
  'io.jwt.encode_sign',
  'io.jwt.encode_sign_raw',
  'io.jwt.verify_eddsa',
  'io.jwt.verify_es256',
  'io.jwt.verify_es384',
  'io.jwt.verify_es512',
  'io.jwt.verify_hs256',
  'io.jwt.verify_hs384',
  'io.jwt.verify_hs512',
  'io.jwt.verify_ps256',
  'io.jwt.verify_ps384',
  'io.jwt.verify_ps512',
  'io.jwt.verify_rs256',
  'io.jwt.verify_rs384',
  'io.jwt.verify_rs512',
]

/** Every host builtin's name: the light set's and every family's. */
export const hostBuiltinNames: ReadonlySet<string> = new Set([...lightHostBuiltinImpls.keys(), ...familyBuiltinNames])
