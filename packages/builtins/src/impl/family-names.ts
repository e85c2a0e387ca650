/**
 * Which family holds each host builtin outside the light set, by Rego name
 * prefix: the one table both the lazy loader (`@cordon/builtins/lazy`) and
 * the lean engine's error messages read. Importing it loads no library.
 */
import { lightHostBuiltinImpls } from './light.js'

/** The families of heavy host builtins, each an entry `@cordon/builtins/families/<name>`. */
export type HostBuiltinFamilyName = 'json' | 'regex' | 'glob' | 'yaml' | 'graphql' | 'aws' | 'crypto'

/** Rego name prefixes (ending in `.`) or whole names of each family's builtins. */
const prefixes: Readonly<Record<HostBuiltinFamilyName, readonly string[]>> = {
  json: ['json.'],
  regex: ['regex.', 're_match'],
  glob: ['glob.'],
  yaml: ['yaml.'],
  graphql: ['graphql.'],
  aws: ['providers.aws.'],
  crypto: ['crypto.', 'io.jwt.'],
}

const matches = (name: string, prefix: string) => (prefix.endsWith('.') ? name.startsWith(prefix) : name === prefix)

/**
 * The family that holds the host builtin `name`, or undefined for the light
 * set's builtins and names no family holds (custom builtins). The light set
 * is checked by the caller: `io.jwt.decode` is light although `io.jwt.` is crypto.
 */
export function hostBuiltinFamilyOf(name: string): HostBuiltinFamilyName | undefined {
  for (const [family, ps] of Object.entries(prefixes))
    if (ps.some((p) => matches(name, p))) return family as HostBuiltinFamilyName
  return undefined
}

/** The families holding `names`, in the order first named; the light set's builtins (`io.jwt.decode`) and names no family holds are left out. */
export function hostBuiltinFamiliesOf(names: Iterable<string>): HostBuiltinFamilyName[] {
  return [...new Set([...names].flatMap((n) => (lightHostBuiltinImpls.has(n) ? [] : (hostBuiltinFamilyOf(n) ?? []))))]
}

/** How to import a family: its entry point and export name. */
export function hostBuiltinFamilyImport(family: HostBuiltinFamilyName): { from: string; name: string } {
  return { from: `@cordon/builtins/families/${family}`, name: `${family}Builtins` }
}
