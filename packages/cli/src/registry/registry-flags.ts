/**
 * The flags `cordon push` and `cordon pull` share: how to reach and log in to
 * a registry. Secrets come from the environment or standard input rather than
 * the command line (where `ps` shows them).
 */
import { readFileSync } from 'node:fs'
import { parseOciReference, type OciClientOptions, type OciReference, type RegistryCredentials } from '@cordon/engine'
import { UsageError } from '../usage-error.js'

export const registryFlagsHelp = `  -u, --username USER    log in as USER (else $CORDON_REGISTRY_USER); the
                         password from --password-stdin or
                         $CORDON_REGISTRY_PASSWORD (an access token works
                         as a password on GHCR, ECR, Harbor)
  --password-stdin       read the password from standard input
  --token TOKEN          present TOKEN as a bearer token directly (else
                         $CORDON_REGISTRY_TOKEN), for registries that issue
                         their own
  --plain-http           speak HTTP, not HTTPS (allowed by default only for
                         localhost, 127.x and [::1])

Without credentials the registry is asked anonymously (its token server may
still grant a pull).`

export const registryFlagOptions = {
  username: { type: 'string', short: 'u' },
  'password-stdin': { type: 'boolean' },
  token: { type: 'string' },
  'plain-http': { type: 'boolean' },
} as const

export interface RegistryFlagValues {
  username?: string
  'password-stdin'?: boolean
  token?: string
  'plain-http'?: boolean
}

/** The client options from the flags and the environment; a half-given login is a usage error. */
export function registryOptions(values: RegistryFlagValues, env: NodeJS.ProcessEnv = process.env): OciClientOptions {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v)
  const token = nonEmpty(values.token) ?? nonEmpty(env.CORDON_REGISTRY_TOKEN)
  const username = nonEmpty(values.username) ?? nonEmpty(env.CORDON_REGISTRY_USER)
  const password = values['password-stdin']
    ? readFileSync(0, 'utf8').replace(/\r?\n$/, '')
    : nonEmpty(env.CORDON_REGISTRY_PASSWORD)
  if (token !== undefined && username !== undefined)
    throw new UsageError('give a username (with its password) or a token, not both')
  if (username !== undefined && password === undefined)
    throw new UsageError(`a password is needed for '${username}': --password-stdin or $CORDON_REGISTRY_PASSWORD`)
  if (username === undefined && password !== undefined)
    throw new UsageError('a password was given without a username: --username or $CORDON_REGISTRY_USER')
  const credentials: RegistryCredentials | undefined =
    token !== undefined ? { token } : username !== undefined ? { username, password: password! } : undefined
  return { credentials, plainHttp: values['plain-http'] ? true : undefined }
}

/** REF parsed, a malformed one being a usage mistake (exit 2) rather than a registry failure. */
export function referenceArgument(ref: string): OciReference {
  try {
    return parseOciReference(ref)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
