/**
 * A real OCI registry for tests: Debian's `docker-registry` (CNCF
 * distribution 2.8) started on 127.0.0.1 with its storage in a temp folder,
 * without auth, with htpasswd basic auth, or with token auth against a token
 * server the test runs (token-server.ts). Tests skip, with one line, when the
 * binary is absent; `CORDON_DOCKER_REGISTRY` names another binary.
 * Plain JavaScript (types in docker-registry.d.mts) so that
 * scripts/fleet-sim.mjs starts its registry the same way.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

const registryBinary = process.env.CORDON_DOCKER_REGISTRY ?? '/usr/bin/docker-registry'
export const hasRegistry = existsSync(registryBinary)
/** The one line a suite prints when it skips. */
export const missingRegistryLine = `oci: ${registryBinary} not found; the OCI registry tests are skipped (Debian package docker-registry)`

/** A free TCP port on 127.0.0.1 (closed again at once; the registry binds it next). */
async function freePort() {
  const server = createServer()
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  await new Promise((r) => server.close(() => r()))
  return port
}

/** @param {import('./docker-registry.d.mts').RegistryAuth} auth */
function authSection(auth) {
  if (auth.kind === 'htpasswd') return `auth:\n  htpasswd:\n    realm: cordon-test\n    path: ${auth.file}\n`
  if (auth.kind === 'token') {
    return `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.rootCertBundle}\n`
  }
  return ''
}

/** Starts the registry and resolves once `/v2/` answers. */
export async function startRegistry(auth = { kind: 'none' }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-registry-'))
  const port = await freePort()
  const config = path.join(dir, 'config.yml')
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: cordon-test-secret\n${authSection(auth)}`,
  )
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c) => (stderr = (stderr + c.toString()).slice(-4000)))
  const exited = new Promise((r) => child.once('exit', () => r()))
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
