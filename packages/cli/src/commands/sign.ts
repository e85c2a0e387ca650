import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packBundle, type TarEntry } from '@cordon/wasm'
import { filesAsSigned, readBundlePath, SIGNATURES_FILE } from '../signing/bundle-path.js'
import { keyEnvNames, resolveKey } from '../signing/key-source.js'
import { signaturesFile, signingAlgorithm, signingAlgorithms } from '../signing/sign-files.js'
import { UsageError } from '../usage-error.js'
import { exitCodes } from '../exit-codes.js'

export const signHelp = `Usage: cordon sign --bundle PATH --signing-key KEY [--signing-alg ALG]
                  [--claims-file FILE] [-o DIR]

Writes OPA's bundle signature, .signatures.json: one JWS listing every file of
the bundle with its SHA-256 digest, as 'opa sign' does, so a bundle can be
signed without OPA. PATH is a built bundle (.tar.gz) or a bundle directory.

  --bundle              PATH is a bundle (required, as for 'opa sign')
  --signing-key KEY     a PEM private key (RSA, EC), as a file or its text, or
                        the HMAC secret; else from
                        $${keyEnvNames('sign', 'signing-key').join(' or $')}
  --signing-alg ALG     ${signingAlgorithms.slice(0, 6).join(', ')},
                        ${signingAlgorithms.slice(6).join(', ')} (default RS256)
  --claims-file FILE    a JSON object of more payload claims (scope, keyid, …)
  -o, --output-file-path DIR
                        where .signatures.json is written. Default: for a
                        built bundle, into the bundle file itself (rewritten);
                        for a directory, the current directory, as OPA does.

In a directory's signature each file is named by the directory as given joined
with its path (bundle/data.json), as 'opa sign --bundle bundle' names it.`

/** `cordon sign`: returns the exit code. */
export async function runSign(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bundle: { type: 'boolean', short: 'b' },
      'signing-key': { type: 'string' },
      'signing-alg': { type: 'string', default: 'RS256' },
      'claims-file': { type: 'string' },
      'output-file-path': { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    out(signHelp + '\n')
    return exitCodes.ok
  }
  if (positionals.length !== 1) throw new UsageError('cordon sign needs exactly one bundle PATH')
  if (!values.bundle)
    throw new UsageError('enable bundle mode (--bundle) to sign a bundle file or directory, as opa sign requires')
  const algorithm = signingAlgorithm(values['signing-alg'])
  const key = resolveKey(values['signing-key'], 'sign', 'signing-key')
  if (key === undefined)
    throw new UsageError(
      `specify the secret (HMAC) or the PEM private key (RSA, EC) with --signing-key or $${keyEnvNames('sign', 'signing-key')[0]}`,
    )
  const claims = values['claims-file'] === undefined ? undefined : readClaims(values['claims-file'])

  const bundle = await readBundlePath(positionals[0]!)
  const signed = filesAsSigned(bundle)
  signed.delete(SIGNATURES_FILE)
  const text = await signaturesFile(signed, { algorithm, key, claims })
  const target = values['output-file-path']
  if (target !== undefined || bundle.kind === 'directory') {
    const dir = target ?? '.'
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, SIGNATURES_FILE)
    writeFileSync(file, text)
    out(`wrote ${file} (${signed.size} files signed with ${algorithm})\n`)
    return exitCodes.ok
  }
  // A built bundle: the same files, with the signature first as OPA writes it.
  const entries: TarEntry[] = [{ name: `/${SIGNATURES_FILE}`, data: new TextEncoder().encode(text) }]
  for (const [name, data] of bundle.files) if (name !== SIGNATURES_FILE) entries.push({ name: `/${name}`, data })
  writeFileSync(positionals[0]!, await packBundle(entries))
  out(`signed ${positionals[0]} (${signed.size} files with ${algorithm})\n`)
  return exitCodes.ok
}

function readClaims(file: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new UsageError(`--claims-file ${file}: no such file`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`--claims-file ${file}: not valid JSON: ${(err as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`--claims-file ${file}: must hold a JSON object`)
  return value as Record<string, unknown>
}
