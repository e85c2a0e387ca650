import { fromJson } from '@cordon/builtins'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ES module of the peer-suites script, no types
import trivy from '../../scripts/peer-suites/trivy-builtins.mjs'
// @ts-expect-error: a plain ES module of the peer-suites script, no types
import regal, { roastModule } from '../../scripts/peer-suites/regal-builtins.mjs'

type Def = { name: string; impl: (...args: unknown[]) => unknown }
const impl = (defs: Def[], name: string) => defs.find((d) => d.name === name)!.impl

// The builtins modules scripts/peer-suites.mjs hands to `cordon --builtins`.
describe("Trivy's custom builtins", () => {
  const t = (name: string) => impl(trivy as Def[], name)

  it('result.new takes metadata from __defsec_metadata, else from the cause, with Trivy defaults', () => {
    const withMeta = t('result.new')('m', fromJson({ __defsec_metadata: { startline: 3, managed: false } })) as Record<
      string,
      unknown
    >
    expect(withMeta).toMatchObject({ msg: 'm', startline: 3, endline: 0, managed: false, filepath: '', parent: null })
    expect(t('isManaged')(fromJson({ managed: false, value: false }))).toBe(false)
    expect(t('isManaged')(fromJson({ value: 1 }))).toBe(true)
    expect(t('isManaged')('not an object')).toBe(true)
  })

  it('cidr.count_addresses and cidr.is_public', () => {
    expect(t('cidr.count_addresses')('10.0.0.0/8')).toBe(1n << 24n)
    expect(t('cidr.count_addresses')('1.2.3.4')).toBe(1)
    expect(t('cidr.count_addresses')('*')).toBe((1n << 64n) - 1n)
    expect(t('cidr.count_addresses')('nonsense')).toBe(0)
    expect(t('cidr.is_public')('0.0.0.0/0')).toBe(true)
    expect(t('cidr.is_public')('10.1.0.0/16')).toBe(false)
    expect(t('cidr.is_public')('fd00::/8')).toBe(false)
    expect(t('cidr.is_public')('2001:db8::1')).toBe(true)
  })

  it('sh.parse_commands splits command lines into simple commands', () => {
    expect(t('sh.parse_commands')('apt update; apt install curl && apt install git')).toEqual([
      ['apt', 'update'],
      ['apt', 'install', 'curl'],
      ['apt', 'install', 'git'],
    ])
    expect(t('sh.parse_commands')('FOO=1 apk add --no-cache "a b" | tee x')).toEqual([
      ['apk', 'add', '--no-cache', '"a b"'],
      ['tee', 'x'],
    ])
    expect(t('sh.parse_commands')('')).toEqual([])
    expect(() => t('sh.parse_commands')('echo "open')).toThrow(/quote/)
  })

  it('squealer.scan_string finds keys and password assignments, not greetings', () => {
    expect(t('squealer.scan_string')('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE')).toMatchObject({
      transgressionFound: true,
    })
    expect(t('squealer.scan_string')('export DATABASE_PASSWORD=\\"SomeSortOfPassword\\"')).toMatchObject({
      transgressionFound: true,
    })
    expect(t('squealer.scan_string')('export GREETING="Hello there"')).toEqual({
      transgressionFound: false,
      description: '',
    })
  })
})

describe("Regal's builtins", () => {
  it('regal.last gives the last element or nothing', () => {
    expect(impl(regal as Def[], 'regal.last')([1, 2, 3])).toBe(3)
    expect(impl(regal as Def[], 'regal.last')([])).toBeUndefined()
  })

  it('regal.parse_module gives Roast: compact locations, no index, no head name, no generated body or value location', () => {
    const r = roastModule('p.rego', 'package p\n\ns contains "v"\nallow if input.x == 1\n') as Record<string, any>
    expect(r.package.location).toBe('1:1:1:8')
    expect(r.package.path[0]).toEqual({ type: 'var', value: 'data' })
    expect(r.rules[0].body).toBeUndefined()
    expect(r.rules[0].head.name).toBeUndefined()
    expect(r.rules[1].head.value).toEqual({ type: 'boolean', value: true })
    expect(r.rules[1].body[0].index).toBeUndefined()
    expect(r.rules[1].body[0].location).toBe('4:10:4:22')
    expect(r.regal.file.lines).toEqual(['package p', '', 's contains "v"', 'allow if input.x == 1', ''])
    expect(() => roastModule('p.rego', 'package p.')).toThrow(/rego_parse_error/)
  })
})
