import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { UsageError } from '../usage-error.js'
import { compileValidator } from './compile-validator.js'

export const schemaHelp = `Usage: cordon schema compile SCHEMA [-o OUT]

Compiles the JSON Schema in SCHEMA to a standalone ES module whose default
export is an ajv validate function, for createEngine({ validate }) on
runtimes that forbid new Function (workerd, Vercel's edge runtime). Writes
to OUT, or to standard output.`

/** `cordon schema compile`: returns the exit code. */
export function runSchema(argv: string[], out: (text: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) {
    out(schemaHelp + '\n')
    return 0
  }
  const [sub, file, ...rest] = positionals
  if (sub !== 'compile')
    throw new UsageError(sub === undefined ? 'cordon schema needs a subcommand' : `unknown subcommand '${sub}'`)
  if (file === undefined || rest.length > 0) throw new UsageError('cordon schema compile needs exactly one SCHEMA file')
  let schema: unknown
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  if (typeof schema !== 'object' || schema === null) throw new Error(`${file} does not hold a JSON Schema object`)
  const code = compileValidator(schema)
  if (values.output === undefined) out(code)
  else writeFileSync(values.output, code)
  return 0
}
