/**
 * A real OCI registry for tests: Debian's `docker-registry` (CNCF
 * distribution 2.8) started on 127.0.0.1 with its storage in a temp folder,
 * without auth, with htpasswd basic auth, or with token auth against a token
 * server the test runs (token-server.ts). Tests skip, with one line, when the
 * binary is absent; `CORDON_DOCKER_REGISTRY` names another binary.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const registryBinary = process.env.CORDON_DOCKER_REGISTRY ?? '/usr/bin/docker-registry'
export const hasRegistry = existsSync(registryBinary)
/** The one line a suite prints when it skips. */
export const missingRegistryLine = `oci: ${registryBinary} not found; the OCI registry tests are skipped (Debian package docker-registry)`

export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; file: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string }

export interface RunningRegistry {
  /** `127.0.0.1:port`, the host part of a reference. */
  host: string
  /** Where the registry keeps its blobs (a test may tamper with one). */
  storage: string
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (closed again at once; the registry binds it next). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

function authSection(auth: RegistryAuth): string {
  if (auth.kind === 'htpasswd') return `auth:\n  htpasswd:\n    realm: cordon-test\n    path: ${auth.file}\n`
  if (auth.kind === 'token') {
    return `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.rootCertBundle}\n`
  }
  return ''
}

/** Starts the registry and resolves once `/v2/` answers. */
export async function startRegistry(auth: RegistryAuth = { kind: 'none' }): Promise<RunningRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-registry-'))
  const port = await freePort()
  const config = path.join(dir, 'config.yml')
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: cordon-test-secret\n${authSection(auth)}`,
  )
  const child: ChildProcess = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`)
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`)
      await res.arrayBuffer()
      if (res.status === 200 || res.status === 401) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`docker-registry did not answer on 127.0.0.1:${port}: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { host: `127.0.0.1:${port}`, storage: path.join(dir, 'data'), stop }
}
