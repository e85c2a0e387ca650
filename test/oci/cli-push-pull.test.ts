import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cordon } from '../../packages/cli/src/testing/run-cli.js'
import { hasRegistry, missingRegistryLine, startRegistry, type RunningRegistry } from '../support/docker-registry.mjs'
import { versionBundle } from './support.js'

const hasHtpasswd = existsSync('/usr/bin/htpasswd')
if (!hasRegistry) console.warn(missingRegistryLine)

describe.skipIf(!hasRegistry || !hasHtpasswd)(
  'cordon push / cordon pull against a real registry with basic auth',
  () => {
    let registry: RunningRegistry
    let dir: string
    const login = { CORDON_REGISTRY_USER: 'ci', CORDON_REGISTRY_PASSWORD: 'pa55' }
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'cordon-oci-cli-'))
      writeFileSync(
        path.join(dir, 'htpasswd'),
        execFileSync('htpasswd', ['-Bbn', login.CORDON_REGISTRY_USER, login.CORDON_REGISTRY_PASSWORD]),
      )
      registry = await startRegistry({ kind: 'htpasswd', file: path.join(dir, 'htpasswd') })
      writeFileSync(path.join(dir, 'bundle.tar.gz'), await versionBundle(7))
    })
    afterAll(() => registry?.stop())

    it('round-trips a bundle byte for byte, credentials from the environment or standard input', () => {
      const ref = `${registry.host}/cli/app:v7`
      const push = cordon(['push', 'bundle.tar.gz', ref], dir, undefined, login)
      expect(push.stderr).toBe('')
      expect(push.status).toBe(0)
      const digest = /digest: (sha256:[a-f0-9]{64})/.exec(push.stdout)?.[1]
      expect(digest).toBeDefined()
      const pull = cordon(
        ['pull', `oci://${ref}`, '-o', 'pulled.tar.gz', '-u', 'ci', '--password-stdin'],
        dir,
        'pa55\n',
      )
      expect(pull.stderr).toBe('')
      expect(pull.stdout).toContain(`digest: ${digest}`)
      expect(readFileSync(path.join(dir, 'pulled.tar.gz')).equals(readFileSync(path.join(dir, 'bundle.tar.gz')))).toBe(
        true,
      )
      const pinned = cordon(
        ['pull', `${registry.host}/cli/app@${digest}`, '-o', 'pinned.tar.gz'],
        dir,
        undefined,
        login,
      )
      expect(pinned.status).toBe(0)
      expect(readFileSync(path.join(dir, 'pinned.tar.gz')).equals(readFileSync(path.join(dir, 'bundle.tar.gz')))).toBe(
        true,
      )
    })

    it('says why when the login is missing, wrong or half given, or the file is not a bundle', () => {
      const ref = `${registry.host}/cli/app:v7`
      const anonymous = cordon(['pull', ref, '-o', 'x.tar.gz'], dir, undefined, {
        CORDON_REGISTRY_USER: '',
        CORDON_REGISTRY_PASSWORD: '',
      })
      expect(anonymous.status).toBe(1)
      expect(anonymous.stderr).toBe(
        `cordon pull: oci: ${registry.host} needs a username and password (basic auth) for repository:cli/app:pull\n`,
      )
      const wrong = cordon(['push', 'bundle.tar.gz', ref], dir, undefined, {
        ...login,
        CORDON_REGISTRY_PASSWORD: 'nope',
      })
      expect(wrong.status).toBe(1)
      expect(wrong.stderr).toContain('refused the credentials given for repository:cli/app:pull,push (HTTP 401)')
      const half = cordon(['pull', ref, '-u', 'ci'], dir, undefined, { CORDON_REGISTRY_PASSWORD: '' })
      expect(half.status).toBe(2)
      expect(half.stderr).toContain("a password is needed for 'ci'")
      writeFileSync(path.join(dir, 'notes.txt'), 'not a bundle')
      const notBundle = cordon(['push', 'notes.txt', ref], dir, undefined, login)
      expect(notBundle.status).toBe(2)
      expect(notBundle.stderr).toContain('notes.txt is not a bundle')
      const badRef = cordon(['pull', 'no-host-here'], dir)
      expect(badRef.status).toBe(2)
      expect(badRef.stderr).toContain("'no-host-here' is not a valid reference")
    })
  },
)
