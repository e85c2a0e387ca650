import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pushOciBundle, readBundleFiles } from '@cordon/engine'
import {
  referenceArgument,
  registryFlagOptions,
  registryFlagsHelp,
  registryOptions,
} from '../registry/registry-flags.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const pushHelp = `Usage: cordon push BUNDLE REF [options]

Uploads a built bundle (.tar.gz) to an OCI registry (GHCR, ECR, Harbor,
Docker's distribution) under REF, host[:port]/repository:tag, in the layout
OPA's OCI downloader reads: config application/vnd.oci.image.config.v1+json,
the bundle as one layer application/vnd.oci.image.layer.v1.tar+gzip. Prints
the manifest digest, with which REF@sha256:… pins these exact bytes.

${registryFlagsHelp}`

/** `cordon push`: returns the exit code. */
export async function runPush(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...registryFlagOptions, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) {
    out(pushHelp + '\n')
    return exitCodes.ok
  }
  if (positionals.length !== 2) throw new UsageError('cordon push needs a BUNDLE file and a REF')
  const [file, ref] = positionals as [string, string]
  const reference = referenceArgument(ref)
  const bytes = new Uint8Array(readFileSync(file))
  // A file that is not a bundle is refused here, not discovered by every engine that pulls it.
  await readBundleFiles(bytes).catch((err: Error) => {
    throw new UsageError(`${file} is not a bundle: ${err.message}`)
  })
  const pushed = await pushOciBundle(reference, bytes, registryOptions(values))
  out(
    `pushed ${file} to ${ref.replace(/^oci:\/\//, '')}\ndigest: ${pushed.manifestDigest}\nlayer: ${pushed.layer.digest} (${pushed.layer.size} bytes)\n`,
  )
  return exitCodes.ok
}
