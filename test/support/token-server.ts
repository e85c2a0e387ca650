/**
 * A registry token server for tests, as Docker's token auth specifies: GET
 * `realm?service=…&scope=repository:NAME:ACTIONS`, with or without basic
 * credentials, answers `{ token }`, a JWT (RS256) whose `x5c` header carries
 * a self-signed certificate the registry trusts (its `rootcertbundle`).
 * Who gets what is the test's `grant` function; unknown credentials get 401.
 */
import { execFileSync } from 'node:child_process'
import { createSign, randomUUID, X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startServer } from '../engine/support/server.js'

export const hasOpenssl = existsSync('/usr/bin/openssl')

export interface TokenServer {
  realm: string
  service: string
  issuer: string
  rootCertBundle: string
  /** Every token request seen: who asked, for what. */
  requests: { user?: string; scope: string }[]
  stop(): Promise<void>
}

/**
 * `grant(user, repository, actions)` returns the actions given (a subset), or
 * undefined to refuse the credentials with 401. `user` is undefined for an
 * anonymous request.
 */
export async function startTokenServer(
  grant: (
    user: { name: string; password: string } | undefined,
    repository: string,
    actions: string[],
  ) => string[] | undefined,
): Promise<TokenServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-token-'))
  const keyFile = path.join(dir, 'key.pem')
  const certFile = path.join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=cordon-test-token',
    ],
    { stdio: 'ignore' },
  )
  const key = readFileSync(keyFile, 'utf8')
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString('base64')
  const service = 'cordon-test-registry'
  const issuer = 'cordon-test-issuer'
  const requests: TokenServer['requests'] = []
  const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url')
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const scope = url.searchParams.get('scope') ?? ''
    const auth = req.headers.authorization
    let user: { name: string; password: string } | undefined
    if (auth?.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(auth.slice(6), 'base64').toString().split(':')
      user = { name: name!, password: rest.join(':') }
    }
    requests.push({ user: user?.name, scope })
    const m = /^repository:([^:]+):(.+)$/.exec(scope)
    const granted = m ? grant(user, m[1]!, m[2]!.split(',')) : []
    if (granted === undefined)
      return res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}')
    const now = Math.floor(Date.now() / 1000)
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }))
    const claims = {
      iss: issuer,
      sub: user?.name ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: m && granted.length ? [{ type: 'repository', name: m[1], actions: granted }] : [],
    }
    const payload = b64url(JSON.stringify(claims))
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key).toString('base64url')
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token: `${header}.${payload}.${signature}`, expires_in: 300 }))
  })
  return {
    realm: `${server.url}/token`,
    service,
    issuer,
    rootCertBundle: certFile,
    requests,
    stop: async () => {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
