import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { workspace } from '../testing/run-cli.js'
import { runBuild } from './build.js'
import { buildReport, renderHtml, renderMarkdown, runDoc, type PolicyReport } from './doc.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')

const policy = `# METADATA
# title: Shop access
# description: Who may buy.
# custom:
#   owner: sales
package shop

import data.shop_config as cfg

# METADATA
# title: Allow
# description: Adults in allowed countries.
# entrypoint: true
# custom:
#   legal_basis: Consumer Protection Act s. 3
allow if {
	input.user.age >= cfg.min_age
	input.country in cfg.countries
	not blocked
}

blocked if data.blocklist[input.user.id]

helper(x) := x + 1
`

const tests = `package shop_test

import data.shop

test_adult if shop.allow with input as {"user": {"id": "a", "age": 30}, "country": "DE"}
test_child_refused if not shop.allow with input as {"user": {"id": "b", "age": 10}, "country": "DE"}
test_failing if shop.allow with input as {"user": {"id": "c", "age": 1}, "country": "DE"}
`

const files = {
  'p/shop/policy.rego': policy,
  'p/shop/policy_test.rego': tests,
  'p/shop_config/data.json': JSON.stringify({ min_age: 18, countries: ['DE', 'FR'] }),
  'p/blocklist/data.json': JSON.stringify({}),
}

async function report(dir: string, options = {}): Promise<PolicyReport> {
  const built = await buildReport([path.join(dir, 'p')], { now: new Date('2026-11-27T12:00:00Z'), ...options })
  if (!('report' in built)) throw new Error(JSON.stringify(built.diagnostics))
  return built.report
}

describe('cordon doc', () => {
  it('documents annotations, the data and input each rule reads, and the rules it uses', async () => {
    const r = await report(workspace(files))
    expect(r.title).toBe('Shop access')
    expect(r.entrypoints).toEqual(['shop/allow'])
    const [pkg] = r.packages
    expect(pkg).toMatchObject({
      path: 'shop',
      title: 'Shop access',
      description: 'Who may buy.',
      fields: { owner: 'sales' },
    })
    const allow = pkg!.rules.find((x) => x.path === 'shop.allow')!
    expect(allow).toMatchObject({
      title: 'Allow',
      description: 'Adults in allowed countries.',
      entrypoint: true,
      kind: 'complete',
      fields: { legal_basis: 'Consumer Protection Act s. 3' },
      dataRefs: ['data.shop_config.countries', 'data.shop_config.min_age'],
      inputRefs: ['input.country', 'input.user.age'],
      uses: ['shop.blocked'],
    })
    // Through the rules it uses, the entrypoint reads the blocklist too.
    expect(allow.allDataRefs).toEqual(['data.blocklist[_]', 'data.shop_config.countries', 'data.shop_config.min_age'])
    expect(pkg!.rules.find((x) => x.path === 'shop.helper')).toMatchObject({ kind: 'function', dataRefs: [], uses: [] })
    // Test files are not documented as rules.
    expect(pkg!.rules.map((x) => x.path)).toEqual(['shop.allow', 'shop.blocked', 'shop.helper'])
  })

  it('includes test results and coverage, failures with their details', async () => {
    const r = await report(workspace(files))
    expect(r.tests?.summary).toMatchObject({ total: 3, pass: 2, fail: 1 })
    expect(r.tests?.coverage?.files.map((f) => f.file)).toEqual([expect.stringMatching(/policy\.rego$/)])
    const text = renderMarkdown(r)
    expect(text).toContain('2 passed, 1 failed, 0 errors, 0 skipped (3 in all)')
    expect(text).toMatch(/\| FAIL \| data\.shop_test\.test_failing \|/)
    expect(text).toContain('### Failures')
    expect(text).toContain('- **Legal basis**: Consumer Protection Act s. 3')
    expect(text).toContain('- **Reads data**: `data.shop_config.countries`, `data.shop_config.min_age`')
    expect(r.packages[0]!.rules[0]!.coverage).toBeDefined()
  })

  it('reports the revision cordon build gives the same paths, or the one of a given bundle', async () => {
    const dir = workspace(files)
    const bundle = path.join(dir, 'b.tar.gz')
    expect(await runBuild([path.join(dir, 'p'), '-o', bundle], () => {})).toBe(0)
    const computed = await report(dir, { tests: false })
    const fromBundle = await report(dir, { tests: false, bundle: new Uint8Array(readFileSync(bundle)) })
    expect(computed.revisionSource).toBe('computed')
    expect(fromBundle.revisionSource).toBe('bundle')
    expect(computed.revision).toBe(fromBundle.revision)
    expect(computed.revision).toMatch(/^[0-9a-f]{16}$/)
    expect(computed.testsNote).toBe('not run (--no-tests)')
    const named = await report(dir, { tests: false, revision: 'v42' })
    expect(named.revision).toBe('v42')
  })

  it('writes Markdown or self-contained HTML, by extension or --format', async () => {
    const dir = workspace(files)
    let said = ''
    expect(await runDoc([path.join(dir, 'p'), '-o', path.join(dir, 'r.html')], (t) => (said += t))).toBe(0)
    expect(said).toMatch(/wrote .*r\.html \(3 rules; revision [0-9a-f]{16}; tests: 2 passed, 1 failed/)
    const html = readFileSync(path.join(dir, 'r.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<h4><code>allow</code> — Allow <span class="ep">entrypoint</span></h4>')
    expect(html).toContain('<td class="fail">FAIL</td>')
    let md = ''
    expect(await runDoc([path.join(dir, 'p'), '--no-tests'], (t) => (md += t))).toBe(0)
    expect(md).toMatch(/^# Shop access\n/)
    expect(md).toContain('#### `allow` — Allow (entrypoint)')
    expect(md).toContain('Tests not run (--no-tests).')
    expect(renderHtml(await report(dir, { tests: false, title: '<x>' }))).toContain('<title>&lt;x&gt;</title>')
  })

  it('exits 1 with diagnostics when the policy does not compile, and refuses bad usage', async () => {
    const dir = workspace({ 'p/bad.rego': 'package bad\n\nallow if {\n' })
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await runDoc([path.join(dir, 'p')], () => {})).toBe(1)
      expect(String(stderr.mock.calls[0]?.[0])).toContain('rego_parse_error')
    } finally {
      stderr.mockRestore()
    }
    await expect(runDoc([], () => {})).rejects.toThrow('needs at least one PATH')
    await expect(runDoc([path.join(dir, 'p'), '--format', 'pdf'], () => {})).rejects.toThrow(
      '--format must be md or html',
    )
  })

  it('documents the reference AI-access policies for auditors', async () => {
    const built = await buildReport([path.join(repo, 'policies')], { now: new Date('2026-11-27T12:00:00Z') })
    if (!('report' in built)) throw new Error('policies/ do not compile')
    const r = built.report
    expect(r.tests?.summary.fail).toBe(0)
    expect(r.tests?.summary.error).toBe(0)
    expect(r.tests?.coverage?.coverage).toBeGreaterThanOrEqual(95)
    const rules = r.packages.find((p) => p.path === 'ai_access')!.rules
    const decision = rules.find((x) => x.path === 'ai_access.decision')!
    expect(decision.entrypoint).toBe(true)
    expect(decision.allDataRefs).toEqual(
      expect.arrayContaining([
        'data["ai-access"].restrictions',
        'data["ai-access"].embargo.countries',
        'data["ai-access"].suspensions',
        'data["ai-access"].models',
      ]),
    )
    const nationality = rules.find((x) => x.path === 'ai_access.nationality_restricted')!
    expect(nationality.fields.legal_basis).toMatch(/Export Control Order 2026-117/)
    // It reads the restrictions through restrictions_of, the index by model.
    expect(rules.find((x) => x.path === 'ai_access.restrictions_of')!.dataRefs).toEqual([
      'data["ai-access"].restrictions',
    ])
    const text = renderMarkdown(r)
    expect(text).toContain('#### `decision` — Decision (entrypoint)')
    expect(text).toContain('- **Owner**: trust-and-safety')
  })
})
