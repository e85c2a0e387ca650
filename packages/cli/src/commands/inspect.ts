import { parseArgs } from 'node:util'
import type { BundleVerification } from '@cordon/engine'
import { inspectBundle } from '../inspect/bundle-info.js'
import { renderInfo } from '../inspect/render-info.js'
import { renderPretty } from '../reporters/pretty.js'
import { builtinsOption, loadBuiltins } from '../fs/load-builtins.js'
import { readBundlePath } from '../signing/bundle-path.js'
import { keyEnvNames, resolveKey } from '../signing/key-source.js'
import { signingAlgorithm, signingAlgorithms } from '../signing/sign-files.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const inspectHelp = `Usage: cordon inspect PATH [--format pretty|json] [--module-timeout SECONDS]
                     [--verification-key KEY [--verification-key-id ID]
                      [--signing-alg ALG] [--scope SCOPE]]

Summarizes a bundle (a built .tar.gz or a bundle directory) as 'opa inspect'
does: the manifest (revision, roots, rego_version, metadata), the namespaces
each .rego and data file contributes, the METADATA annotations, and, from
Cordon: the entrypoints, the signature's status (absent, present but not
verified, verified, or invalid and why) and, for a bundle with a Wasm
module (or Rego with entrypoints, built as 'cordon build' would), the
builtins the module calls on its host (OPA's capabilities format) and its
Wasm imports.

  --format F              pretty (default) or json ('opa inspect --format
                          json' fields, plus entrypoints, signature,
                          capabilities, capabilities_from,
                          unprovided_builtins, wasm_imports)
  --verification-key KEY  verify the signature with this PEM public key (a
                          file or its text) or HMAC secret; else from
                          $${keyEnvNames('inspect', 'verification-key').join(' or\n                          $')}
  --verification-key-id ID  the key's id (default: default)
  --signing-alg ALG       the key's algorithm (default RS256):
                          ${signingAlgorithms.slice(0, 6).join(', ')},
                          ${signingAlgorithms.slice(6).join(', ')}
  --scope SCOPE           the scope the signature must carry
  --module-timeout SECONDS  stop loading the bundle's Wasm module after this
                          long (default 20): the module is loaded, in a
                          worker thread, to read the builtins it calls
  --builtins MODULE       custom builtins (defineBuiltin) exported by an ES
                          module (as for build), repeatable: the bundle's Rego
                          may call them, and they count as provided

Exit status: 0 inspected; 1 when a key was given and the bundle is unsigned
or its signature does not verify, when its Rego does not parse (or, with
entrypoints, compile), or its module cannot be loaded; 2 on a usage error.`

/** `cordon inspect`: returns the exit code. */
export async function runInspect(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'pretty' },
      'verification-key': { type: 'string' },
      'verification-key-id': { type: 'string', default: 'default' },
      'signing-alg': { type: 'string', default: 'RS256' },
      scope: { type: 'string' },
      'module-timeout': { type: 'string', default: '20' },
      ...builtinsOption,
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(inspectHelp + '\n')
    return exitCodes.ok
  }
  if (values.format !== 'pretty' && values.format !== 'json')
    throw new UsageError(`--format must be pretty or json, not ${values.format}`)
  if (positionals.length !== 1) throw new UsageError('cordon inspect needs exactly one bundle PATH')
  const moduleTimeoutSeconds = Number(values['module-timeout'])
  if (!(moduleTimeoutSeconds > 0))
    throw new UsageError(`--module-timeout takes a number of seconds above 0, not ${values['module-timeout']}`)
  const key = resolveKey(values['verification-key'], 'inspect', 'verification-key')
  const verification: BundleVerification | undefined =
    key === undefined
      ? undefined
      : {
          keys: { [values['verification-key-id']]: { algorithm: signingAlgorithm(values['signing-alg']), key } },
          keyId: values['verification-key-id'],
          scope: values.scope,
        }

  const { info, diagnostics, sources } = await inspectBundle(await readBundlePath(positionals[0]!), {
    verification,
    moduleTimeoutSeconds,
    custom: await loadBuiltins(values.builtins),
  })
  if (diagnostics.length > 0) {
    process.stderr.write(renderPretty(diagnostics, sources))
    return exitCodes.policyError
  }
  out(values.format === 'json' ? JSON.stringify(info, null, 2) + '\n' : renderInfo(info))
  if (verification && info.signature.status !== 'verified') {
    process.stderr.write(
      `cordon inspect: the signature ${info.signature.status === 'absent' ? 'is absent' : `does not verify: ${info.signature.reason}`}\n`,
    )
    return exitCodes.policyError
  }
  return exitCodes.ok
}
