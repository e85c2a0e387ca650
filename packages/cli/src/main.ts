#!/usr/bin/env node
/**
 * The `cordon` command. Each subcommand lives in `commands/` and returns its
 * exit code; this file only dispatches and turns usage mistakes into exit 2.
 */
import { skipInliningForOneShotRun } from './one-shot-jit.js'
import { UsageError } from './usage-error.js'
import { cliVersion } from './version.js'

/** A subcommand once loaded: its entry point and its help text. */
type Loaded = {
  run: (argv: string[], out: (t: string) => void) => number | Promise<number>
  help: string
}

/**
 * Each command's module is imported when that command runs: together they
 * import every host builtin's library (graphql, re2js, @noble/*, ajv),
 * which `cordon build` never needs and which took longer to load than a small
 * build takes to compile.
 */
type Command = {
  load: () => Promise<Loaded>
  summary: string
  /** Compiles once and exits, evaluating nothing: V8's inlining costs more than it saves (one-shot-jit.ts). */
  compileOnly?: true
}

const commands: Record<string, Command> = {
  check: {
    load: () => import('./commands/check.js').then((m) => ({ run: m.runCheck, help: m.checkHelp })),
    summary: 'parse and check Rego files',
    compileOnly: true,
  },
  build: {
    load: () => import('./commands/build.js').then((m) => ({ run: m.runBuild, help: m.buildHelp })),
    summary: 'compile Rego to a Wasm module or an OPA bundle',
    compileOnly: true,
  },
  parse: {
    load: () => import('./commands/parse.js').then((m) => ({ run: m.runParse, help: m.parseHelp })),
    summary: "print a Rego file's AST as OPA's JSON (opa parse --format json)",
  },
  eval: {
    load: () => import('./commands/eval.js').then((m) => ({ run: m.runEval, help: m.evalHelp })),
    summary: 'evaluate a query through the compiled Wasm path',
  },
  doc: {
    load: () => import('./commands/doc.js').then((m) => ({ run: m.runDoc, help: m.docHelp })),
    summary: 'write a report of a policy set for auditors (annotations, data read, tests, revision)',
  },
  test: {
    load: () => import('./commands/test.js').then((m) => ({ run: m.runTest, help: m.testHelp })),
    summary: 'run Rego tests and decision tables against the compiled module',
  },
  fmt: {
    load: () => import('./commands/fmt.js').then((m) => ({ run: m.runFmt, help: m.fmtHelp })),
    summary: "format Rego files as 'opa fmt' does",
  },
  inspect: {
    load: () => import('./commands/inspect.js').then((m) => ({ run: m.runInspect, help: m.inspectHelp })),
    summary: 'summarize a bundle: manifest, entrypoints, annotations, builtins, signature',
  },
  sign: {
    load: () => import('./commands/sign.js').then((m) => ({ run: m.runSign, help: m.signHelp })),
    summary: "write a bundle's .signatures.json, as 'opa sign' does",
  },
  push: {
    load: () => import('./commands/push.js').then((m) => ({ run: m.runPush, help: m.pushHelp })),
    summary: "upload a bundle to an OCI registry (OPA's layout)",
  },
  pull: {
    load: () => import('./commands/pull.js').then((m) => ({ run: m.runPull, help: m.pullHelp })),
    summary: 'download a bundle from an OCI registry, digest checked',
  },
  capabilities: {
    load: () =>
      import('./commands/capabilities.js').then((m) => ({ run: m.runCapabilities, help: m.capabilitiesHelp })),
    summary: 'write the builtins Cordon supports and where they run',
  },
  conformance: {
    load: () => import('./commands/conformance.js').then((m) => ({ run: m.runConformance, help: m.conformanceHelp })),
    summary: "run OPA's YAML conformance cases",
  },
  schema: {
    load: () => import('./schema/command.js').then((m) => ({ run: m.runSchema, help: m.schemaHelp })),
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
  const entry = commands[name]
  if (!entry) {
    process.stderr.write(`cordon: unknown command '${name}'\n\n${usage}\n`)
    return 2
  }
  if (entry.compileOnly) skipInliningForOneShotRun()
  const command = await entry.load()
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
