/**
 * `--builtins MODULE` (repeatable), shared by check, build, eval, test, doc
 * and capabilities: loads ES modules that export custom builtins made by
 * `defineBuiltin` (a default export array or definition, and/or named exports
 * that are definitions). Plain `{ name, args, result, impl }` objects are
 * accepted too and passed through `defineBuiltin`, so a module needs no
 * run-time dependency on Cordon.
 *
 * Modules are loaded with `import()` of the file: `.js` and `.mjs` always;
 * `.ts` / `.mts` only when the running Node strips types itself (Node 22.18+,
 * 23.6+, or `--experimental-strip-types`); otherwise compile them to `.js`.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  builtinDecls,
  defineBuiltin,
  isBuiltinDefinition,
  withCustomBuiltins,
  type BuiltinDecl,
  type BuiltinDefinition,
  type BuiltinSpec,
} from '@cordon/builtins/core'
import { cordonCapabilities, type CapabilitiesDocument } from '@cordon/wasm'
import { UsageError } from '../usage-error.js'

/** Spread into a command's `parseArgs` options. */
export const builtinsOption = {
  builtins: { type: 'string' as const, multiple: true as const, default: [] as string[] },
}

/** The option's line for a command's help. */
export const builtinsHelp = `--builtins MODULE     custom builtins (defineBuiltin) exported by an ES module
                      (.js/.mjs; .ts where Node strips types); repeatable`

/** The custom builtins of a command line without their host implementations: what checking and compiling need. */
export interface BuiltinDefinitions {
  /** In load order; empty without --builtins. */
  definitions: readonly BuiltinDefinition[]
  /** The declarations the checker and compiler use (see `CustomBuiltins.decls`). */
  decls(base?: ReadonlyMap<string, BuiltinDecl>): ReadonlyMap<string, BuiltinDecl> | undefined
}

const noDefinitions: BuiltinDefinitions = { definitions: [], decls: (base) => base }

/** Loads the modules; an unusable module or a clash of names is a UsageError naming the file. */
export async function loadBuiltinDefinitions(files: readonly string[]): Promise<BuiltinDefinitions> {
  if (files.length === 0) return noDefinitions
  const byName = new Map<string, { def: BuiltinDefinition; file: string }>()
  for (const file of new Map(files.map((f) => [resolve(f), f])).values()) {
    let mod: Record<string, unknown>
    try {
      mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>
    } catch (err) {
      const e = err as { code?: string; message?: string }
      if (e.code === 'ERR_MODULE_NOT_FOUND' && (e.message ?? '').includes(resolve(file)))
        throw new UsageError(`--builtins ${file}: no such file`)
      if (e.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
        throw new UsageError(
          `--builtins ${file}: this Node (${process.version}) cannot load ${file.replace(/.*\./, '.')} files; compile it to .js/.mjs (or use Node 22.18+ which strips TypeScript types)`,
        )
      }
      throw new UsageError(`--builtins ${file}: cannot load the module: ${e.message ?? String(err)}`)
    }
    const found = definitionsOf(mod, file)
    if (found.length === 0)
      throw new UsageError(
        `--builtins ${file}: the module exports no builtin definitions (export defineBuiltin(…) results, or a default array of them)`,
      )
    for (const def of found) {
      const prev = byName.get(def.name)
      if (prev && prev.def !== def)
        throw new UsageError(`--builtins: ${def.name} is defined twice (${prev.file} and ${file})`)
      byName.set(def.name, { def, file })
    }
  }
  const definitions = [...byName.values()].map((e) => e.def)
  return {
    definitions,
    decls: (base = builtinDecls) => withCustomBuiltins(definitions, base),
  }
}

/** Plain spec objects already wrapped (a module is evaluated once; so are its specs). */
const wrapped = new WeakMap<object, BuiltinDefinition>()

function definitionsOf(mod: Record<string, unknown>, file: string): BuiltinDefinition[] {
  const out: BuiltinDefinition[] = []
  const take = (x: unknown, where: string) => {
    if (isBuiltinDefinition(x)) out.push(x)
    else if (isSpec(x)) {
      try {
        const def = wrapped.get(x as object) ?? defineBuiltin(x as BuiltinSpec)
        wrapped.set(x as object, def)
        out.push(def)
      } catch (err) {
        throw new UsageError(`--builtins ${file} (${where}): ${(err as Error).message}`)
      }
    }
  }
  const dflt = mod.default
  if (Array.isArray(dflt)) dflt.forEach((x, i) => take(x, `default[${i}]`))
  else take(dflt, 'default')
  for (const [k, v] of Object.entries(mod)) if (k !== 'default') take(v, k)
  return [...new Set(out)]
}

const isSpec = (x: unknown): boolean =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as BuiltinSpec).name === 'string' &&
  Array.isArray((x as BuiltinSpec).args) &&
  typeof (x as BuiltinSpec).impl === 'function'

/** A capabilities document in OPA's format; Cordon's entries carry where they run, custom ones `"cordon": {"impl": "host", "custom": true}`. */
export interface CapabilitiesWithCustom {
  builtins: (BuiltinDecl & { cordon?: CapabilitiesDocument['builtins'][number]['cordon'] & { custom?: true } })[]
  wasm_abi_versions: CapabilitiesDocument['wasm_abi_versions']
}

/**
 * The capabilities of a build with custom builtins: `base` (default: Cordon's
 * own capabilities; with `--capabilities FILE`, that file's builtins) plus
 * the custom ones, so other Rego tooling can check the same policy.
 */
export function capabilitiesWith(
  custom: BuiltinDefinitions,
  base?: ReadonlyMap<string, BuiltinDecl>,
): CapabilitiesWithCustom {
  const own = cordonCapabilities()
  const isCustom = new Set(custom.definitions.map((d) => d.name))
  const builtins: CapabilitiesWithCustom['builtins'] = (base === undefined ? own.builtins : [...base.values()]).filter(
    (b) => !isCustom.has(b.name),
  )
  for (const d of custom.definitions) {
    builtins.push({
      name: d.name,
      decl: d.decl,
      ...(d.nondeterministic ? { nondeterministic: true } : {}),
      cordon: { impl: 'host', custom: true },
    })
  }
  builtins.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { builtins, wasm_abi_versions: own.wasm_abi_versions }
}
