/**
 * A bundle's YAML data file, read as OPA reads it (go-yaml v2 through
 * sigs.k8s.io/yaml: YAML 1.1, the first document only) and turned into the
 * value a data.json with the same content would give. The `yaml` package is
 * imported on the first YAML file, so bundles without one never load it.
 */
import { goYamlParseOptions } from '@cordon/builtins/core'

const decoder = new TextDecoder()

/** The file's value; throws an Error naming the file when it does not parse or holds what JSON cannot. */
export async function parseYamlFile(name: string, bytes: Uint8Array): Promise<unknown> {
  const { parseAllDocuments } = await import('yaml')
  let value: unknown
  try {
    const docs = parseAllDocuments(decoder.decode(bytes), goYamlParseOptions)
    // A stream without documents (empty, or comments only) carries its errors itself.
    const error = 'empty' in docs ? docs.errors[0] : docs[0]?.errors[0]
    if (error) throw error
    value = docs[0]?.toJS() ?? null
  } catch (err) {
    throw new Error(`bundle: ${name} is not valid YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err })
  }
  return asJsonData(name, value)
}

function asJsonData(name: string, x: unknown): unknown {
  // Integers come as BigInt; past 2^53 they become the nearest double, exactly what JSON.parse makes of data.json.
  if (typeof x === 'bigint') return Number(x)
  if (typeof x === 'number' && !Number.isFinite(x))
    throw new Error(`bundle: ${name}: ${x} is not a JSON number (.inf and .nan have no JSON form)`)
  if (x === null || typeof x !== 'object') return x
  // !!binary: go-yaml hands the bytes over as a string.
  if (x instanceof Uint8Array) return decoder.decode(x)
  if (Array.isArray(x)) return x.map((v) => asJsonData(name, v))
  // !!set: go-yaml reads it as the mapping it is, every value null.
  if (x instanceof Set) return Object.fromEntries([...x].map((k) => [String(k), null]))
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, asJsonData(name, v)]))
}
