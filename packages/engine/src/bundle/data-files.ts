/**
 * OPA's bundle data files: `data.json`, `data.yaml` and `data.yml` at any
 * depth, each merged under its folder's path. The YAML reader is given by
 * the caller (`@cordon/engine` passes yaml-file.ts), so the lean entry
 * never references the `yaml` package.
 */
import { parseJsonFile } from './json-file.js'

/** Reads a YAML data file to its JSON value; throws an Error naming the file. */
export type YamlFileReader = (name: string, bytes: Uint8Array) => Promise<unknown>

const dataFileName = /(?:^|\/)data\.(?:json|ya?ml)$/

export const isDataFile = (name: string): boolean => dataFileName.test(name)

/** The file's value; throws an Error naming the file when it does not parse. */
export async function parseDataFile(
  name: string,
  bytes: Uint8Array,
  readYaml: YamlFileReader | undefined,
): Promise<unknown> {
  if (name.endsWith('.json')) return parseJsonFile(name, bytes)
  if (!readYaml)
    throw new Error(
      `bundle: ${name}: @cordon/engine/lean reads no YAML data files; write the data as data.json, or use @cordon/engine`,
    )
  return readYaml(name, bytes)
}
