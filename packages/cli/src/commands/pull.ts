import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pullOciBundle } from '@cordon/engine'
import {
  referenceArgument,
  registryFlagOptions,
  registryFlagsHelp,
  registryOptions,
} from '../registry/registry-flags.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const pullHelp = `Usage: cordon pull REF [-o FILE] [options]

Downloads the bundle at REF (host[:port]/repository:tag or
repository@sha256:…) from an OCI registry: resolves the manifest, takes its
first application/vnd.oci.image.layer.v1.tar+gzip layer (as OPA does) and
checks the layer's SHA-256 against the manifest before writing a byte.

  -o, --output FILE      where the bundle is written (default bundle.tar.gz;
                         - for standard output)
${registryFlagsHelp}`

/** `cordon pull`: returns the exit code. */
export async function runPull(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...registryFlagOptions,
      output: { type: 'string', short: 'o', default: 'bundle.tar.gz' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(pullHelp + '\n')
    return exitCodes.ok
  }
  if (positionals.length !== 1) throw new UsageError('cordon pull needs exactly one REF')
  const pulled = await pullOciBundle(referenceArgument(positionals[0]!), registryOptions(values))
  if (values.output === '-') {
    process.stdout.write(pulled.bytes)
    return exitCodes.ok
  }
  writeFileSync(values.output, pulled.bytes)
  out(`wrote ${values.output} (${pulled.bytes.length} bytes)\ndigest: ${pulled.manifestDigest}\n`)
  return exitCodes.ok
}
