/**
 * The reference policy passes `cordon check --strict` with the schema of its
 * input, and the schema is really applied: a copy with a misspelled input
 * key fails the same check.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../../packages/cli/src/testing/run-cli.js'
import { repoRoot } from '../support/corpora.js'

const args = ['check', '--strict', '-s', 'schemas/request-context.schema.json', 'policies/']

describe('policies/ under check --strict -s', () => {
  it('passes', { timeout: 60_000 }, () => {
    const r = cordon(args, repoRoot)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('fails on a copy that reads input.user.nationalty', { timeout: 60_000 }, () => {
    const read = (f: string) => readFileSync(path.join(repoRoot, f), 'utf8')
    const policy = read('policies/ai-access/policy.rego')
    expect(policy).toContain('input.user.nationality')
    const dir = workspace({
      'schemas/request-context.schema.json': read('schemas/request-context.schema.json'),
      'policies/ai-access/policy.rego': policy.replace('input.user.nationality', 'input.user.nationalty'),
    })
    const r = cordon(args, dir)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('rego_type_error: undefined ref: input.user.nationalty')
  })
})
