#!/usr/bin/env node
/**
 * The `cordon` command. Each subcommand lives in `commands/` and returns its
 * exit code; this file only dispatches and turns usage mistakes into exit 2.
 */
import { buildHelp, runBuild } from './commands/build.js'
import { capabilitiesHelp, runCapabilities } from './commands/capabilities.js'
import { checkHelp, runCheck } from './commands/check.js'
import { docHelp, runDoc } from './commands/doc.js'
import { conformanceHelp, runConformance } from './commands/conformance.js'
import { evalHelp, runEval } from './commands/eval.js'
import { parseHelp, runParse } from './commands/parse.js'
import { fmtHelp, runFmt } from './commands/fmt.js'
import { runSchema, schemaHelp } from './schema/command.js'
import { runTest, testHelp } from './commands/test.js'
import { runSign, signHelp } from './commands/sign.js'
import { inspectHelp, runInspect } from './commands/inspect.js'
import { pushHelp, runPush } from './commands/push.js'
import { pullHelp, runPull } from './commands/pull.js'
import { UsageError } from './usage-error.js'
import { cliVersion } from './version.js'

type Command = {
  run: (argv: string[], out: (t: string) => void) => number | Promise<number>
  help: string
  summary: string
}

const commands: Record<string, Command> = {
  check: { run: runCheck, help: checkHelp, summary: 'parse and check Rego files' },
  build: { run: runBuild, help: buildHelp, summary: 'compile Rego to a Wasm module or an OPA bundle' },
  parse: { run: runParse, help: parseHelp, summary: "print a Rego file's AST as OPA's JSON (opa parse --format json)" },
  eval: { run: runEval, help: evalHelp, summary: 'evaluate a query through the compiled Wasm path' },
  doc: {
    run: runDoc,
    help: docHelp,
    summary: 'write a report of a policy set for auditors (annotations, data read, tests, revision)',
  },
  test: { run: runTest, help: testHelp, summary: 'run Rego tests and decision tables against the compiled module' },
  fmt: { run: runFmt, help: fmtHelp, summary: "format Rego files as 'opa fmt' does" },
  inspect: {
    run: runInspect,
    help: inspectHelp,
    summary: 'summarize a bundle: manifest, entrypoints, annotations, builtins, signature',
  },
  sign: { run: runSign, help: signHelp, summary: "write a bundle's .signatures.json, as 'opa sign' does" },
  push: { run: runPush, help: pushHelp, summary: "upload a bundle to an OCI registry (OPA's layout)" },
  pull: { run: runPull, help: pullHelp, summary: 'download a bundle from an OCI registry, digest checked' },
  capabilities: {
    run: runCapabilities,
    help: capabilitiesHelp,
    summary: 'write the builtins Cordon supports and where they run',
  },
  conformance: { run: runConformance, help: conformanceHelp, summary: "run OPA's YAML conformance cases" },
  schema: {
    run: runSchema,
    help: schemaHelp,
    summary: 'compile a JSON Schema to a standalone validator (schema compile)',
  },
}

const usage = `Usage: cordon <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run 'cordon <command> --help' for a command's options; 'cordon --version' prints the version.`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage + '\n')
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`cordon ${cliVersion()}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`cordon: unknown command '${name}'\n\n${usage}\n`)
    return 2
  }
  try {
    return await command.run(rest, (text) => process.stdout.write(text))
  } catch (err) {
    // parseArgs reports unknown options with a TypeError carrying this code.
    const code = (err as { code?: string }).code
    if (err instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cordon ${name}: ${(err as Error).message}\n\n${command.help}\n`)
      return 2
    }
    if (err instanceof Error && /no such file or directory/.test(err.message)) {
      process.stderr.write(`cordon ${name}: ${err.message}\n`)
      return 2
    }
    // Anything else (a bundle that cannot be read, a module that cannot load)
    // is reported, not thrown: the stack only helps when debugging Cordon.
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`cordon ${name}: ${message}\n`)
    if (process.env.CORDON_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`)
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))
