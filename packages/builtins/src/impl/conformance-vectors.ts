/**
 * Test vectors of the security and GraphQL builtins' tests (JWTs, keys,
 * certificates, CSRs, GraphQL texts and ASTs) read at test time from OPA's conformance cases in ../shared/conformance
 * (test/support/corpora.ts), which this repository does not copy. Each is
 * named by a case file and the start of a string literal in it (a Rego string
 * in a module, or a string in the case's data, input or expected result).
 *
 * Without the suite every vector is '' and `conformanceRows` drops the rows
 * that use them (the vitest global setup says so in one line; CI, with
 * CORDON_REQUIRE_SHARED=1, fails instead).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { conformanceDir, hasConformance } from '../../../../test/support/corpora.js'

const where = {
  RS256_TOKEN: ['jwtverifyrsa/test-jwtverifyrsa-0401.yaml', 'eyJhbGciOiJSUzI1'],
  RS256_CERT: ['jwtdecodeverify/test-jwtdecodeverify-0450.yaml', '-----BEGIN CERTI'],
  RS256_PUBKEY: ['jwtverifyrsa/test-jwtverifyrsa-0402.yaml', '-----BEGIN PUBLI'],
  RS256_JWK: ['jwtverifyrsa/test-jwtverifyrsa-0403.yaml', '{"kty":"RSA","e"'],
  PS256_TOKEN: ['jwtverifyrsa/test-jwtverifyrsa-0404.yaml', 'eyJ0eXAiOiAiSldU'],
  PS256_JWK: ['jwtverifyrsa/test-jwtverifyrsa-0405.yaml', '{"kty":"RSA","e"'],
  ES256_TOKEN: ['jwtverifyrsa/test-jwtverifyrsa-0406.yaml', 'eyJ0eXAiOiAiSldU'],
  ES256_CERT: ['jwtdecodeverify/test-jwtdecodeverify-0467.yaml', '-----BEGIN CERTI'],
  BAD_JWK: ['jwtverifyrsa/test-jwtverifyrsa-0415.yaml', '{"kty":"bogus ke'],
  ES512_TOKEN: ['jwtverifyrsa/test-jwtverifyrsa-0436.yaml', 'eyJhbGciOiJFUzUx'],
  ES512_PUBKEY: ['jwtverifyrsa/test-jwtverifyrsa-0437.yaml', '-----BEGIN PUBLI'],
  EDDSA_TOKEN: ['jwtdecodeverify/test-jwtdecodeverify-eddsa.yaml', 'eyJhbGciOiJFZERT'],
  EDDSA_PUBKEY: ['jwtdecodeverify/test-jwtdecodeverify-eddsa.yaml', '-----BEGIN PUBLI'],
  DV_PS256_TOKEN: ['jwtdecodeverify/test-jwtdecodeverify-0449.yaml', 'eyJhbGciOiAiUFMy'],
  DV_PS256_CERT: ['jwtdecodeverify/test-jwtdecodeverify-0449.yaml', '-----BEGIN CERTI'],
  DV_RS256_EXP_TOKEN: ['jwtdecodeverify/test-jwtdecodeverify-0451.yaml', 'eyJhbGciOiAiUlMy'],
  DV_RS256_CERT: ['jwtdecodeverify/test-jwtdecodeverify-0449.yaml', '-----BEGIN CERTI'],
  DV_RS256_NESTED_TOKEN: ['jwtdecodeverify/test-jwtdecodeverify-0465.yaml', 'eyJhbGciOiAiUlMy'],
  DV_MULTI_TOKEN: ['jwtdecodeverify/test-jwtdecodeverify-0476.yaml', 'eyJhbGciOiJSUzI1'],
  DV_MULTI_JWKS: ['jwtdecodeverify/test-jwtdecodeverify-0476.yaml', '{\n  "keys": [\n  '],
  RFC7515_A2_JWK_N: ['jwtencodesign/test-jwtencodesign-0494.yaml', 'ofgWCuLjybRlzo0t'],
  RFC7515_A2_JWK_D: ['jwtencodesign/test-jwtencodesign-0494.yaml', 'Eq5xpGnNCivDflJs'],
  RFC7515_A2_TOKEN: ['jwtencodesign/test-jwtencodesign-0494.yaml', 'eyJhbGciOiJSUzI1'],
  RFC7515_A2_RAW_KEY: ['jwtencodesignraw/test-jwtencodesignraw-0388.yaml', '{\n    "kty":"RSA'],
  RFC7515_A2_RAW_TOKEN: ['jwtencodesignraw/test-jwtencodesignraw-0388.yaml', 'eyJhbGciOiJSUzI1'],
  RSA_PRIVATE_PEM: ['cryptoparsersaprivatekeys/test-cryptoparsersaprivatekey-1.yaml', '-----BEGIN RSA P'],
  CHAIN_PEM: [
    'cryptox509parseandverifycertificates/test-cryptox509parseandverifycertificates.yaml',
    '-----BEGIN CERTIFICATE-----\nMIIBoDCC',
  ],
  CHAIN_URI_PEM: [
    'cryptox509parseandverifycertificates/test-cryptox509parseandverifycertificates.yaml',
    '-----BEGIN CERTIFICATE-----\nMIIB1TCC',
  ],
  GOOGLE_DER_B64: ['cryptox509parsecertificates/test-cryptox509parsecertificates-0117.yaml', 'MIIDujCCAqKgAwIB'],
  THAWTE_CHAIN_DER_B64: ['cryptox509parsecertificates/test-cryptox509parsecertificates-0118.yaml', 'MIIDIjCCAougAwIB'],
  LE_CHAIN_PEM_B64: ['cryptox509parsecertificates/test-cryptox509parsecertificates-0121.yaml', 'LS0tLS1CRUdJTiBD'],
  URI_CERT_PEM_B64: [
    'cryptox509parsecertificates/test-cryptox509parsecertificates-raw-uris.yaml',
    'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIx',
  ],
  CSR_PEM: ['cryptox509parsecertificaterequest/test-cryptox509parsecertificaterequest-0126.yaml', '-----BEGIN CERTI'],
  SIGN_A1: ['jwtencodesign/test-jwtencodesign-0492.yaml', 'eyJhbGciOiJIUzI1'],
  SIGN_EMPTY: ['jwtencodesign/test-jwtencodesign-0493.yaml', 'eyJhbGciOiJIUzI1'],
  SIGN_EDDSA: ['jwtencodesign/test-jwtencodesign-eddsa.yaml', 'eyJhbGciOiJFZERT'],
  SIGN_TIMESTAMPS: ['jwtencodesign/test-jwtencodesign-integer-timestamps.yaml', 'eyJhbGciOiJIUzI1'],
  RAW_A1: ['jwtencodesignraw/test-jwtencodesignraw-0384.yaml', 'eyJ0eXAiOiJKV1Qi'],
  RAW_PLAIN_EMPTY: ['jwtencodesignraw/test-jwtencodesignraw-0385.yaml', 'eyJ0eXAiOiJ0ZXh0'],
  RAW_PLAIN_E: ['jwtencodesignraw/test-jwtencodesignraw-0386.yaml', 'eyJ0eXAiOiJ0ZXh0'],
  RAW_EMPTY_JSON: ['jwtencodesignraw/test-jwtencodesignraw-0387.yaml', 'eyJ0eXAiOiJKV1Qi'],
  RAW_EDDSA: ['jwtencodesignraw/test-jwtencodesignraw-eddsa.yaml', 'eyJhbGciOiJFZERT'],
} as const satisfies Record<string, readonly [file: string, startsWith: string]>

interface CaseText {
  note: string
  modules?: string[]
  want_error?: string
  data?: unknown
  input?: unknown
  want_result?: unknown
}

/** The Rego string literals of a module, in order: raw (`…`) and quoted ("…", JSON escapes). */
function regoStrings(module: string): string[] {
  return [...module.matchAll(/`([^`]*)`|"((?:[^"\\\n]|\\.)*)"/g)].flatMap((m) => {
    if (m[1] !== undefined) return [m[1]]
    try {
      return [JSON.parse(`"${m[2]}"`) as string]
    } catch {
      return [] // a Go escape JSON lacks: not one of the vectors
    }
  })
}

function jsonStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.flatMap(jsonStrings)
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(jsonStrings)
  return []
}

const casesOf = (file: string): CaseText[] =>
  (YAML.parse(readFileSync(path.join(conformanceDir, 'cases', file), 'utf8')) as { cases: CaseText[] }).cases

const fileStrings = new Map<string, string[]>()
function stringsOf(file: string): string[] {
  let out = fileStrings.get(file)
  if (out === undefined) {
    out = casesOf(file).flatMap((c) => [
      ...(c.modules ?? []).flatMap(regoStrings),
      ...jsonStrings([c.data, c.input, c.want_result]),
    ])
    fileStrings.set(file, out)
  }
  return out
}

/** The vector `name`; '' without the suite. Throws when the case file no longer holds it. */
function vector(name: keyof typeof where): string {
  if (!hasConformance) return ''
  const [file, start] = where[name]
  const found = stringsOf(file).find((s) => s.startsWith(start))
  if (found === undefined)
    throw new Error(`conformance vector ${name}: no string starting with ${JSON.stringify(start)} in cases/${file}`)
  return found
}

/** The vectors by name, read on first use. */
export const fx = Object.fromEntries(Object.keys(where).map((name) => [name, ''])) as Record<keyof typeof where, string>
for (const name of Object.keys(where) as (keyof typeof where)[])
  Object.defineProperty(fx, name, { get: () => vector(name) })

/** A case of OPA's `graphql` topic: the strings its module binds (`gql := `…``), the AST it expects (`ast := …`, Rego term text), the expected `x` and error. */
export interface GraphqlCase {
  note: string
  texts: Record<string, string>
  ast?: string
  want?: unknown
  error?: string
}

/** Every case of the `graphql` topic (none without the suite). */
export function graphqlCases(): GraphqlCase[] {
  if (!hasConformance) return []
  const files = readdirSync(path.join(conformanceDir, 'cases', 'graphql'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  return files.flatMap((f) =>
    casesOf(`graphql/${f}`).map((c) => {
      const text = (c.modules ?? []).join('\n')
      return {
        note: c.note,
        texts: Object.fromEntries(
          [...text.matchAll(/^(\w+)\s*:=\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")/gm)].map((m) => [
            m[1]!,
            regoStrings(m[2]!)[0]!,
          ]),
        ),
        ast: /^ast\s*:=\s*([\s\S]*?)\n\s*\n/m.exec(text)?.[1],
        want: (c.want_result as { x?: unknown }[] | undefined)?.[0]?.x,
        error: c.want_error,
      }
    }),
  )
}

/** The rows `make` returns when the suite is there, else none (made only then: their vectors would be ''). */
export const conformanceRows = <T>(make: () => T[]): T[] => (hasConformance ? make() : [])

export { hasConformance }
