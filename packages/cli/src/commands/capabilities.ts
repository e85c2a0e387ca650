import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { cordonCapabilitiesText } from '@cordon/wasm'
import { builtinsOption, capabilitiesWith, loadBuiltins } from '../fs/load-builtins.js'
import { UsageError } from '../usage-error.js'

export const capabilitiesHelp = `Usage: cordon capabilities [-o FILE] [--builtins MODULE]...

Writes the capabilities of this build of Cordon in OPA's capabilities.json
format: every builtin a policy may call, with its declaration, and a Cordon
field saying where it runs: "cordon": {"impl": "native"} (inside the Wasm
runtime), "host" (a host builtin of @cordon/builtins, through opa_builtinN)
or "compiler" (planned away, no call at run time). Generated from the
runtime's exports and the host builtin table. Without -o it prints the
document. Pass the file (or a narrowed copy) to 'cordon build --capabilities'.
With --builtins MODULE, the custom builtins it exports are listed too
("cordon": {"impl": "host", "custom": true}).`

/** `cordon capabilities`: returns the exit code. */
export async function runCapabilities(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      ...builtinsOption, // issue 9
    },
  })
  if (values.help) {
    out(capabilitiesHelp + '\n')
    return 0
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`)
  const custom = await loadBuiltins(values.builtins)
  const text =
    custom.definitions.length === 0
      ? cordonCapabilitiesText()
      : JSON.stringify(capabilitiesWith(custom), null, 2) + '\n'
  if (values.output === undefined) out(text)
  else {
    writeFileSync(values.output, text)
    out(`wrote ${values.output}\n`)
  }
  return 0
}
