import { mkdirSync, writeFileSync } from 'node:fs'
import { normalizeEntrypoint } from '@cordon/engine'
import { builtinDecls, hostBuiltinFamiliesOf, hostBuiltinFamilyImport } from '@cordon/builtins/core'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  annotatedEntrypoints,
  checkSources,
  entrypointAnnotations,
  type CheckOptions,
  type CompiledPolicy,
  type Diagnostic,
  type Module,
  type SourceFile,
  recordStageTimes,
  takeStageTimes,
  timeStage,
  type StageTime,
} from '@cordon/rego'
import { buildChecked, opaWasmSdkProblems, writeBundle } from '@cordon/wasm'
import { availableHostBuiltins } from '../available-host-builtins.js'
import { builtinsHelp, builtinsOption, capabilitiesWith, loadBuiltinDefinitions } from '../fs/builtin-definitions.js'
import { languageHelp, languageOptions, languageSettings } from '../fs/language-options.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { renderPretty } from '../reporters/pretty.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const buildHelp = `Usage: cordon build PATH... [-e ENTRYPOINT]... [-d DATA]... [-o FILE]
                    [--format bundle|wasm] [--revision REV]
                    [--capabilities FILE] [--experimental] [--v0-compatible]
                    [--target cordon|opa-wasm-sdk]
                    [--builtins MODULE]...

Compiles the Rego files below the PATHs to one WebAssembly module in OPA's
Wasm ABI and writes an OPA-format bundle (/policy.wasm, /data.json,
/.manifest), or the bare module with --format wasm. Entrypoints are slash
paths (ai_access/decision), from -e and from METADATA 'entrypoint: true'.
data.json/data.yaml files below a PATH are loaded under their folder's path.

${languageHelp}
--target opa-wasm-sdk the module must run in plain @open-policy-agent/opa-wasm:
                      a host builtin the SDK does not implement is a build
                      error (pass Cordon's as customBuiltins, see the message).
                      Default: cordon (@cordon/engine provides every builtin).
${builtinsHelp}
                      Their calls become host calls; capabilities.json (OPA's
                      format, Cordon's builtins plus these) is written next to
                      the output so other Rego tooling can check the policy.`

/** `cordon build`: returns the exit code. With CORDON_STAGE_TIMES=1, a table of where its time went on stderr. */
export async function runBuild(argv: string[], out: (text: string) => void): Promise<number> {
  if (process.env['CORDON_STAGE_TIMES'] !== '1') return build(argv, out)
  recordStageTimes(() => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  })
  try {
    return await build(argv, out)
  } finally {
    process.stderr.write(stageTimesTable(takeStageTimes()))
  }
}

async function build(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      entrypoint: { type: 'string', short: 'e', multiple: true, default: [] },
      data: { type: 'string', short: 'd', multiple: true, default: [] },
      output: { type: 'string', short: 'o' },
      format: { type: 'string', default: 'bundle' },
      revision: { type: 'string' },
      ...languageOptions,
      target: { type: 'string', default: 'cordon' },
      help: { type: 'boolean', short: 'h' },
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(buildHelp + '\n')
    return 0
  }
  if (values.format !== 'bundle' && values.format !== 'wasm')
    throw new UsageError(`--format must be bundle or wasm, not ${values.format}`)
  if (values.target !== 'cordon' && values.target !== 'opa-wasm-sdk')
    throw new UsageError(`--target must be cordon or opa-wasm-sdk, not ${values.target}`)
  if (positionals.length === 0) throw new UsageError('cordon build needs at least one PATH')
  const { allowed, experimentalKeywords, regoVersion } = languageSettings(values)
  // Definitions only: compiling needs no host implementation, and their libraries are slow to load.
  const custom = await loadBuiltinDefinitions(values.builtins)
  const builtins = custom.decls(allowed)
  const policy = timeStage('load files', () => loadPolicyFiles([...positionals, ...values.data]))
  if (policy.sources.length === 0) throw new UsageError(`no .rego files found in ${positionals.join(', ')}`)

  const sources = new Map(policy.sources.map((s) => [s.file, s.text]))
  const checked = checkPolicy(policy.sources, values.entrypoint, values.format === 'bundle', {
    builtins,
    experimentalKeywords,
    regoVersion,
  })
  if (!checked.compiled) {
    process.stderr.write(renderPretty(checked.diagnostics, sources))
    return exitCodes.policyError
  }
  const { entrypoints, annotations } = checked

  // For Cordon's engine: a call of a host builtin it lacks is an error at the call site now, not at
  // load time. Builtins of the embedder's own, declared only in --capabilities, are the embedder's to provide.
  const embedders = [...(allowed?.keys() ?? [])].filter((n) => !builtinDecls.has(n))
  const available = values.target === 'cordon' ? new Set([...availableHostBuiltins(custom), ...embedders]) : undefined
  const built = buildChecked(checked.compiled, { entrypoints, availableHostBuiltins: available })
  if (!built.wasm) {
    process.stderr.write(renderPretty(built.diagnostics, sources))
    return exitCodes.policyError
  }
  if (values.target === 'opa-wasm-sdk') {
    const problems = opaWasmSdkProblems(built.hostBuiltins ?? [], built.policy)
    if (problems.length > 0) {
      process.stderr.write(renderPretty(problems, sources))
      return exitCodes.policyError
    }
  }
  const output = values.output ?? (values.format === 'wasm' ? 'policy.wasm' : 'bundle.tar.gz')
  const bytes =
    values.format === 'wasm'
      ? built.wasm
      : await writeBundle({
          wasm: built.wasm,
          data: policy.data,
          entrypoints,
          revision: values.revision,
          annotations,
        })
  mkdirSync(path.dirname(path.resolve(output)), { recursive: true })
  writeFileSync(output, bytes)
  // Issue 9: with custom builtins, the capabilities other Rego tooling needs to check this policy.
  const caps = custom.definitions.length === 0 ? undefined : path.join(path.dirname(output), 'capabilities.json')
  if (caps && (values.capabilities === undefined || path.resolve(caps) !== path.resolve(values.capabilities))) {
    writeFileSync(caps, JSON.stringify(capabilitiesWith(custom, allowed), null, 2) + '\n')
    out(`wrote ${caps}\n`)
  }
  const host = built.hostBuiltins?.length
    ? `; host builtins: ${built.hostBuiltins.join(', ')}${leanFamilies(built.hostBuiltins)}`
    : ''
  out(`wrote ${output} (${bytes.length} bytes; entrypoints: ${entrypoints.join(', ')}${host})\n`)
  return 0
}

/**
 * Checks the policy and takes from its parsed modules what the build needs
 * besides the checked policy: the entrypoints (`-e` ones and those METADATA
 * names) and, for a bundle, their annotations. It reads them before the
 * check, which then rewrites the parsed modules in place rather than copies.
 */
function checkPolicy(
  files: readonly SourceFile[],
  named: readonly string[],
  withAnnotations: boolean,
  options: CheckOptions,
): {
  diagnostics: Diagnostic[]
  compiled?: CompiledPolicy
  entrypoints: string[]
  annotations?: Record<string, ReturnType<typeof entrypointAnnotations>>
} {
  let entrypoints: string[] = []
  let annotations: Record<string, ReturnType<typeof entrypointAnnotations>> | undefined
  const beforeRewrite = (parsed: readonly Module[]) => {
    entrypoints = [...new Set([...named.map(normalizeEntrypoint), ...annotatedEntrypoints(parsed)])]
    if (withAnnotations) annotations = Object.fromEntries(entrypoints.map((e) => [e, entrypointAnnotations(parsed, e)]))
  }
  const checked = checkSources(files, { ...options, beforeRewrite })
  if (checked.diagnostics.length > 0 || !checked.compiled) return { diagnostics: checked.diagnostics, entrypoints: [] }
  if (entrypoints.length === 0)
    throw new UsageError('no entrypoint: pass -e pkg/rule or annotate a rule with METADATA entrypoint: true')
  return { diagnostics: [], compiled: checked.compiled, entrypoints, ...(annotations && { annotations }) }
}

/** What `@cordon/engine/lean` must be given for these host builtins (it imports no family by itself). */
function leanFamilies(hostBuiltins: readonly string[]): string {
  const families = hostBuiltinFamiliesOf(hostBuiltins).map(hostBuiltinFamilyImport)
  return families.length === 0
    ? ''
    : `; @cordon/engine/lean needs hostBuiltinFamilies: ${families.map((f) => `${f.name} from ${f.from}`).join(', ')}`
}

/** The stage times as a table: stage, wall ms, CPU ms and its share of the stages' CPU total, runs. */
function stageTimesTable(times: readonly StageTime[]): string {
  const sum = (f: (t: StageTime) => number) => times.reduce((n, t) => n + f(t), 0)
  const cpu = sum((t) => t.cpuMs ?? 0)
  const ms = (n: number) => n.toFixed(1).padStart(9)
  const rows = times.map(
    (t) =>
      `${t.name.padEnd(34)} ${ms(t.ms)} ${ms(t.cpuMs ?? 0)} ${((100 * (t.cpuMs ?? 0)) / (cpu || 1)).toFixed(1).padStart(5)}%  ${t.runs}`,
  )
  const head = `${'stage (CORDON_STAGE_TIMES=1)'.padEnd(34)} ${'wall ms'.padStart(9)} ${'CPU ms'.padStart(9)} ${'CPU%'.padStart(6)}  runs`
  return [head, ...rows, `${'total'.padEnd(34)} ${ms(sum((t) => t.ms))} ${ms(cpu)}`, ''].join('\n')
}
