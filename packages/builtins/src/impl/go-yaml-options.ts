/**
 * How OPA's Go code reads YAML (sigs.k8s.io/yaml over go-yaml v2), as options
 * of the `yaml` package: YAML 1.1 resolution (`yes`/`on` are booleans, `010`
 * is octal), merge keys, a repeated key keeps the last value, and timestamps
 * stay strings, as go-yaml leaves them for untyped targets. Integers come as
 * BigInt so that callers decide how to keep large ones. Shared by the
 * `yaml.unmarshal` builtin and the engine's reading of bundle data files.
 */
import type { Tags } from 'yaml'

/** Options of `yaml`'s `parse` / `parseAllDocuments` that read YAML as OPA does. */
export const goYamlParseOptions = {
  version: '1.1' as const,
  schema: 'yaml-1.1',
  intAsBigInt: true,
  uniqueKeys: false,
  merge: true,
  /** Drops the timestamp tag: go-yaml leaves timestamps as strings. */
  customTags: (tags: Tags) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string }
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'
    }),
}
