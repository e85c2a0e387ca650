import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { PolicyEvalError, PolicyInstance, readBundle, normalizeEntrypoint } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { languageHelp, languageOptions, languageSettings, restrictBuiltins } from '../fs/language-options.js'
import { availableHostBuiltins, builtinsHelp, builtinsOption, loadBuiltins } from '../fs/load-builtins.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { opaErrorText } from '../reporters/eval-error.js'
import { renderPretty } from '../reporters/pretty.js'
import { UsageError } from '../usage-error.js'
import { runEvalExplain } from './eval-explain.js'
import { exitCodes } from '../exit-codes.js'

export const evalHelp = `Usage: cordon eval [-d PATH]... [-b BUNDLE] [-i INPUT] [--strict] [--capabilities FILE]
                   [--experimental] [--v0-compatible] [--builtins MODULE]...
                   [--explain fails|notes|full] [--format pretty|json] QUERY

Evaluates QUERY through the compiled Wasm path and prints the result set as
JSON: one object per solution, binding the query's variables. With -d, the
Rego and data files below PATH are compiled with the query. With -b, QUERY
names an entrypoint of the bundle (data.pkg.rule or pkg/rule).

  --explain MODE    trace the rule QUERY names (with -d) on an instrumented
                    build: fails (the bodies that never held, at the expression
                    that failed, with the values it read), notes (the bodies
                    that held, with their bindings), full (every body, every
                    expression, the with modifiers and input/data read)
  --format F        with --explain: pretty (default) or json

${languageHelp}
${builtinsHelp}`

/** `cordon eval`: returns the exit code. */
export async function runEval(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', short: 'd', multiple: true, default: [] },
      bundle: { type: 'string', short: 'b' },
      input: { type: 'string', short: 'i' },
      strict: { type: 'boolean', default: false },
      explain: { type: 'string' },
      format: { type: 'string', default: 'pretty' },
      help: { type: 'boolean', short: 'h' },
      ...languageOptions,
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(evalHelp + '\n')
    return 0
  }
  if (positionals.length !== 1) throw new UsageError('cordon eval needs exactly one QUERY')
  const query = positionals[0]!
  const input = values.input === undefined ? undefined : readInput(values.input)
  const { allowed, experimentalKeywords, regoVersion } = languageSettings(values)
  const custom = restrictBuiltins(await loadBuiltins(values.builtins), allowed)
  if (values.explain !== undefined) {
    if (values.bundle !== undefined) throw new UsageError('--explain needs the policy sources: use -d, not -b')
    const policy = loadPolicyFiles(values.data)
    const request = {
      mode: values.explain,
      format: values.format,
      query,
      sources: policy.sources,
      data: policy.data,
      input,
      strict: values.strict,
      regoVersion,
      experimentalKeywords,
      custom,
    }
    return runEvalExplain(request, out)
  }

  let instance: PolicyInstance
  let entrypoint: string
  if (values.bundle !== undefined) {
    if (values.data.length > 0) throw new UsageError('use either -b or -d, not both')
    const bundle = await readBundle(new Uint8Array(readFileSync(values.bundle)))
    instance = await PolicyInstance.create(bundle.wasm, { hostBuiltins: custom.impls })
    instance.setData(bundle.data)
    entrypoint = normalizeEntrypoint(query)
    if (!(entrypoint in instance.entrypoints)) {
      throw new UsageError(
        `${values.bundle} has no entrypoint ${entrypoint} (it has: ${Object.keys(instance.entrypoints).join(', ')})`,
      )
    }
  } else {
    const policy = loadPolicyFiles(values.data)
    entrypoint = 'query'
    const built = buildWasm(policy.sources, {
      entrypoints: [],
      queries: [{ name: entrypoint, query }],
      builtins: custom.decls(),
      experimentalKeywords,
      regoVersion,
      availableHostBuiltins: availableHostBuiltins(custom),
    })
    if (!built.wasm) {
      const sources = new Map([...policy.sources.map((s) => [s.file, s.text] as const), ['query', query]])
      process.stderr.write(renderPretty(built.diagnostics, sources))
      return exitCodes.policyError
    }
    instance = await PolicyInstance.create(built.wasm, { hostBuiltins: custom.impls })
    instance.setData(policy.data)
  }
  try {
    const text = instance.evaluateText(input, entrypoint, {
      strict: values.strict,
      print: (m) => process.stderr.write(m + '\n'),
    })
    out(JSON.stringify(JSON.parse(text), null, 2) + '\n')
    return 0
  } catch (err) {
    if (!(err instanceof PolicyEvalError)) throw err
    process.stderr.write(`${opaErrorText(err.code, err.message)}\n`)
    return exitCodes.policyError
  }
}

function readInput(file: string): string {
  try {
    const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8')
    JSON.parse(text)
    return text
  } catch (err) {
    throw new UsageError(`${file}: input must be a JSON file: ${(err as Error).message}`)
  }
}
