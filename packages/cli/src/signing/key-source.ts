/**
 * Where a signing or verification key comes from, as in OPA: the flag's
 * value, else the environment variable OPA maps to the flag
 * (`OPA_SIGN_SIGNING_KEY` for `opa sign --signing-key`), here under Cordon's
 * name first (`CORDON_SIGN_SIGNING_KEY`), so a secret need not be on the
 * command line. The value is a PEM key's text, or a file holding the key,
 * or else the HMAC secret itself.
 */
import { readFileSync, statSync } from 'node:fs'
import { UsageError } from '../usage-error.js'

/** The environment variables read for `command`'s `flag`, in order. */
export function keyEnvNames(command: string, flag: string): string[] {
  const tail = `${command}_${flag}`.toUpperCase().replace(/-/g, '_')
  return [`CORDON_${tail}`, `OPA_${tail}`]
}

/** The key text, or undefined when neither the flag nor its variables are set (empty counts as unset, as in OPA). */
export function resolveKey(
  flagValue: string | undefined,
  command: string,
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const value =
    flagValue ??
    keyEnvNames(command, flag)
      .map((n) => env[n])
      .find((v) => v !== undefined && v !== '')
  if (value === undefined || value === '') return undefined
  if (value.startsWith('-----BEGIN')) return value
  let isFile: boolean
  try {
    isFile = statSync(value).isFile()
  } catch {
    return value
  }
  if (!isFile) throw new UsageError(`--${flag} ${value}: not a file`)
  return readFileSync(value, 'utf8')
}
