/**
 * examples/custom-builtin: the README's command block, run line by line as
 * written (`cd` moves, `pnpm build` is the repository build `pnpm test` has
 * done), each `→ answer` in a comment checked against what the command prints.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/corpora.js'
import { promisedOutput, shBlocks } from './readme.js'

const readme = readFileSync(path.join(repoRoot, 'examples/custom-builtin/README.md'), 'utf8')

describe('examples/custom-builtin as its README shows', () => {
  it('checks, tests, builds and decides with the documented answers', { timeout: 120_000 }, () => {
    const lines = shBlocks(readme)[0]!.lines
    let cwd = repoRoot
    const promised: string[] = []
    for (const line of lines) {
      const command = line.split(/\s#/)[0]!.trim()
      if (command === 'pnpm build') continue
      if (command.startsWith('cd ')) {
        cwd = path.resolve(cwd, command.slice(3))
        continue
      }
      const out = execFileSync('sh', ['-c', command], { cwd, encoding: 'utf8' })
      const answer = promisedOutput(line)
      if (answer) {
        promised.push(answer)
        expect(out, line).toContain(answer)
      }
    }
    expect(promised.length).toBeGreaterThanOrEqual(2)
  })
})
