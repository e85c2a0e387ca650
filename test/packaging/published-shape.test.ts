/**
 * The packed tarballs as npm would publish them: publint and
 * @arethetypeswrong/cli find nothing (attw with the node16 profile: the
 * packages need Node ≥ 20, and `node10` resolution cannot see subpath
 * exports), each carries the license and no source maps, and the metadata a
 * registry page shows is there.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/corpora.js'
import { packAll, packageDirs } from './pack.js'

let tarballs: Map<string, string>
beforeAll(() => {
  tarballs = packAll()
}, 300_000)

const attw = path.join(repoRoot, 'node_modules/.bin/attw')
const manifests = packageDirs.map((dir) => ({
  dir,
  pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')),
}))

/** The file list of a tarball. */
const listing = (tgz: string) => execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean)

describe.each(manifests)('$pkg.name as packed', ({ dir, pkg }) => {
  it('passes publint --strict', { timeout: 120_000 }, async () => {
    const { messages } = await publint({ pkgDir: dir, strict: true, pack: 'pnpm' })
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([])
  })

  it('has types right for import and require (attw)', { timeout: 120_000 }, () => {
    let out: string
    let status = 0
    try {
      out = execFileSync(attw, [tarballs.get(pkg.name)!, '--profile', 'node16', '--format', 'ascii'], {
        encoding: 'utf8',
      })
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string }
      status = e.status
      out = e.stdout + e.stderr
    }
    expect(status, out).toBe(0)
  })

  it('ships LICENSE, README and dist, no source maps, nothing from src/', () => {
    const files = listing(tarballs.get(pkg.name)!)
    expect(files).toContain('package/LICENSE')
    expect(files).toContain('package/README.md')
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(files.filter((f) => f.startsWith('package/src/'))).toEqual([])
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0',
    )
  })

  it('has the metadata a registry page shows, and ranges, not pins', () => {
    for (const field of ['description', 'license', 'homepage', 'bugs', 'repository', 'engines', 'files'])
      expect(pkg[field], field).toBeDefined()
    expect(pkg.license).toBe('Apache-2.0')
    const packed = JSON.parse(
      execFileSync('tar', ['xzOf', tarballs.get(pkg.name)!, 'package/package.json'], { encoding: 'utf8' }),
    )
    for (const [dep, range] of Object.entries<string>(packed.dependencies ?? {})) expect(range, dep).toMatch(/^\^\d/)
  })
})
