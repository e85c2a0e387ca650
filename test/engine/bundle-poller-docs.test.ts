// docs/deployment.md's S3 example (`// poll-s3.mjs`), run as written with
// node against a local server that checks each SigV4 signature: the options
// it shows exist and do what the page says. It imports the built
// @cordon/engine (dist, as `pnpm test` builds it first), by the package's
// self-reference from a folder inside packages/engine.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { fileBlocks } from '../examples/readme.js'
import { repoRoot } from '../support/corpora.js'
import { makeBundle } from './support/bundles.js'
import { startServer } from './support/server.js'
import { checkSigV4 } from './support/sigv4-server.js'

const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

describe('docs/deployment.md: polling a private S3 bucket', () => {
  it('poll-s3.mjs loads the bundle with signed requests', { timeout: 60_000 }, async () => {
    const block = fileBlocks(readFileSync(path.join(repoRoot, 'docs/deployment.md'), 'utf8')).find(
      (b) => b.file === 'poll-s3.mjs',
    )
    expect(block, 'the poll-s3.mjs block of docs/deployment.md').toBeDefined()
    const bundle = await makeBundle('package app\ndecision := {"allow": true}\n', ['app/decision'], {}, 'v1')
    const account = {
      accessKeyId: 'AKIDDOCS',
      secretAccessKey: 'docs-secret',
      region: 'eu-west-3',
      sessionToken: 'docs-session',
    }
    const refusals: string[] = []
    const server = await startServer((req, res, body) => {
      const problem = checkSigV4(req, body, account)
      if (problem) return (refusals.push(problem), res.writeHead(403).end(problem))
      res.writeHead(200, { etag: '"v1"' }).end(Buffer.from(bundle))
    })
    stops.push(server.close)
    const dir = mkdtempSync(path.join(repoRoot, 'packages/engine/.doc-run-'))
    stops.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(path.join(dir, 'poll-s3.mjs'), block!.text)
    const env = {
      ...process.env,
      BUNDLE_URL: `${server.url}/my-bundles/prod/bundle.tar.gz`,
      AWS_ACCESS_KEY_ID: account.accessKeyId,
      AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
      AWS_SESSION_TOKEN: account.sessionToken,
      AWS_REGION: account.region,
    }
    const { stdout } = await promisify(execFile)(process.execPath, ['poll-s3.mjs'], { cwd: dir, env, timeout: 30_000 })
    expect(refusals).toEqual([])
    expect(stdout.trim()).toBe('first poll: updated, policy v1')
  })
})
