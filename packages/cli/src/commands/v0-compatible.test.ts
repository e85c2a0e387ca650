/**
 * `--v0-compatible` on check, build, test, eval and parse, and a bundle
 * folder's `.manifest` (`rego_version`, `file_rego_versions`): Rego v0
 * policies load as OPA 1.x loads them, and v0 and v1 files mix in one build.
 */
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const v0 = `package legacy

deny[msg] {
  input.user == "mallory"
  msg := "mallory is banned"
}

default allow = false

allow {
  count(deny) == 0
}

test_allow {
  allow with input as {"user": "alice"}
}

test_deny {
  deny["mallory is banned"] with input as {"user": "mallory"}
}
`
const v1 = `package modern

import data.legacy

decision := {"allow": legacy.allow, "reasons": legacy.deny}
`

describe('--v0-compatible', () => {
  const dir = workspace({ 'p/legacy.rego': v0, 'mallory.json': '{"user": "mallory"}' })

  it('check refuses a v0 file without the flag and accepts it with it', () => {
    const refused = cordon(['check', 'p'], dir)
    expect(refused.status).toBe(1)
    expect(refused.stdout).toContain('`if` keyword is required before rule body')
    expect(cordon(['check', '--v0-compatible', 'p'], dir)).toMatchObject({
      status: 0,
      stdout: '1 file checked, no errors\n',
    })
  })

  it('eval -d and test compile and run the v0 rules as OPA reads them', () => {
    const evaluated = cordon(['eval', '--v0-compatible', '-d', 'p', '-i', 'mallory.json', 'x := data.legacy'], dir)
    expect(evaluated.stderr).toBe('')
    expect(JSON.parse(evaluated.stdout)).toEqual([
      { x: { allow: false, deny: ['mallory is banned'], test_allow: true, test_deny: true } },
    ])
    const tested = cordon(['test', '--v0-compatible', 'p', '--format', 'json'], dir)
    expect(tested.status).toBe(0)
    expect(JSON.parse(tested.stdout).summary).toMatchObject({ pass: 2, fail: 0 })
  })

  it('build writes a bundle the engine evaluates', () => {
    const built = cordon(['build', '--v0-compatible', 'p', '-e', 'legacy/allow', '-o', 'b.tar.gz'], dir)
    expect(built.stderr).toBe('')
    expect(JSON.parse(cordon(['eval', '-b', 'b.tar.gz', '-i', 'mallory.json', 'legacy/allow'], dir).stdout)).toEqual([
      { result: false },
    ])
  })

  it('parse prints the v0 partial set as OPA does', () => {
    const parsed = cordon(['parse', '--v0-compatible', 'p/legacy.rego'], dir)
    expect(parsed.status).toBe(0)
    const rule = JSON.parse(parsed.stdout).rules[0]
    expect(rule.head).toMatchObject({ name: 'deny', key: { type: 'var', value: 'msg' } })
    expect(cordon(['parse', 'p/legacy.rego'], dir).status).toBe(1)
  })
})

describe("a bundle folder's .manifest", () => {
  it('rego_version 0 reads the folder as v0 without the flag; file_rego_versions names v1 files', () => {
    const dir = workspace({
      'b/.manifest': JSON.stringify({ rego_version: 0, file_rego_versions: { '/modern/*.rego': 1 } }),
      'b/legacy/legacy.rego': v0,
      'b/modern/modern.rego': v1,
      'mallory.json': '{"user": "mallory"}',
    })
    expect(cordon(['check', 'b'], dir)).toMatchObject({ status: 0, stdout: '2 files checked, no errors\n' })
    const built = cordon(['build', 'b', '-e', 'modern/decision', '-o', 'b.tar.gz'], dir)
    expect(built.stderr).toBe('')
    expect(JSON.parse(cordon(['eval', '-b', 'b.tar.gz', '-i', 'mallory.json', 'modern/decision'], dir).stdout)).toEqual(
      [{ result: { allow: false, reasons: ['mallory is banned'] } }],
    )
  })

  it('wins over --v0-compatible, and a bad version is a usage error naming the manifest', () => {
    const dir = workspace({ 'b/.manifest': JSON.stringify({ rego_version: 1 }), 'b/legacy.rego': v0 })
    expect(cordon(['check', '--v0-compatible', 'b'], dir).status).toBe(1)
    const bad = workspace({ 'b/.manifest': JSON.stringify({ rego_version: 2 }), 'b/legacy.rego': v0 })
    const r = cordon(['check', 'b'], bad)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('.manifest: "rego_version" must be 0 or 1, not 2')
  })
})
