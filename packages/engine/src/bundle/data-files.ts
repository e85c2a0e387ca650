/**
 * OPA's bundle data files: `data.json`, `data.yaml` and `data.yml` at any
 * depth, each merged under its folder's path.
 */
import { parseJsonFile } from './json-file.js'
import { parseYamlFile } from './yaml-file.js'

const dataFileName = /(?:^|\/)data\.(?:json|ya?ml)$/

export const isDataFile = (name: string): boolean => dataFileName.test(name)

/** The file's value; throws an Error naming the file when it does not parse. */
export async function parseDataFile(name: string, bytes: Uint8Array): Promise<unknown> {
  return name.endsWith('.json') ? parseJsonFile(name, bytes) : parseYamlFile(name, bytes)
}
