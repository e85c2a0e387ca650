/**
 * The host builtins outside the light set, in families by the library each
 * loads (re2js, yaml, @cfworker/json-schema, @noble/*, graphql). The engine
 * asks for the builtins a module imports and lacks; only the families that
 * hold them are imported. Each family is a dynamic import, so a bundler that
 * splits code (esbuild `splitting`, Vite, webpack) keeps it out of the entry
 * chunk and loads it only for a policy that calls one of its builtins.
 */
import type { BuiltinImpl } from './types.js'

type Impls = Readonly<Record<string, BuiltinImpl>>

interface Family {
  /** Rego name prefixes (or whole names) of the family's builtins. */
  prefixes: readonly string[]
  load: () => Promise<Impls>
}

const merged = async (...parts: Promise<Impls>[]): Promise<Impls> => Object.assign({}, ...(await Promise.all(parts)))

const families: readonly Family[] = [
  { prefixes: ['json.'], load: () => import('./json.js').then((m) => m.jsonImpls) },
  { prefixes: ['regex.', 're_match'], load: () => import('./regex.js').then((m) => m.regexImpls) },
  { prefixes: ['glob.'], load: () => import('./glob.js').then((m) => m.globImpls) },
  { prefixes: ['yaml.'], load: () => import('./yaml.js').then((m) => m.yamlImpls) },
  { prefixes: ['graphql.'], load: () => import('./graphql.js').then((m) => m.graphqlImpls) },
  { prefixes: ['providers.aws.'], load: () => import('./aws-sigv4.js').then((m) => m.awsImpls) },
  {
    prefixes: ['crypto.', 'io.jwt.'],
    load: () =>
      merged(
        import('./crypto-digest.js').then((m) => m.cryptoDigestImpls),
        import('./crypto-hmac.js').then((m) => m.cryptoHmacImpls),
        import('./keys.js').then((m) => m.keysImpls),
        import('./x509.js').then((m) => m.x509Impls),
        import('./jwt-verify.js').then((m) => m.jwtVerifyImpls),
        import('./jwt-sign.js').then((m) => m.jwtSignImpls),
      ),
  },
]

const matches = (name: string, prefix: string) => (prefix.endsWith('.') ? name.startsWith(prefix) : name === prefix)

/**
 * `base` plus the implementations of `names` that a family holds, importing
 * only those families. Names no family holds (custom builtins) are left out:
 * the caller reports them as missing.
 */
export async function withHostBuiltins(base: ReadonlyMap<string, BuiltinImpl>, names: readonly string[]): Promise<ReadonlyMap<string, BuiltinImpl>> {
  const needed = families.filter((f) => names.some((n) => !base.has(n) && f.prefixes.some((p) => matches(n, p))))
  if (needed.length === 0) return base
  const loaded = await Promise.all(needed.map((f) => f.load()))
  return new Map([...base, ...loaded.flatMap((impls) => Object.entries(impls))])
}
