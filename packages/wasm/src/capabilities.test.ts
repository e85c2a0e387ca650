/**
 * Cordon's capabilities document: the committed file is what the tables
 * generate, and every declared builtin runs somewhere (or says why not).
 */
import { readFileSync } from 'node:fs'
import { builtinDecls, hostBuiltinImpls } from '@cordon/builtins'
import { regoParserBuiltins } from '@cordon/rego'
import { describe, expect, it } from 'vitest'
import {
  builtinImplKinds,
  COMPILED_BUILTINS,
  cordonCapabilities,
  cordonCapabilitiesText,
  OFF_BY_DEFAULT,
  UNSUPPORTED_BUILTINS,
} from './capabilities.js'
import { runtimeLibrary } from './codegen/runtime-lib.js'

const committed = new URL('../../builtins/capabilities.json', import.meta.url)

describe('capabilities', () => {
  it('packages/builtins/capabilities.json is up to date (regenerate: pnpm build && node packages/cli/dist/main.js capabilities -o packages/builtins/capabilities.json)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(cordonCapabilitiesText())
  })

  it('every declared builtin is native, host or compiled, or listed as unsupported with a reason', () => {
    const kinds = builtinImplKinds()
    const unaccounted = [...builtinDecls.keys()].filter(
      (n) => kinds.get(n) === undefined && UNSUPPORTED_BUILTINS[n] === undefined,
    )
    expect(unaccounted).toEqual([])
  })

  it('no stale entries: unsupported builtins have no implementation, listed ones exist', () => {
    const kinds = builtinImplKinds()
    for (const name of Object.keys(UNSUPPORTED_BUILTINS)) {
      expect({ name, kind: kinds.get(name) }).toEqual({ name, kind: undefined })
      expect({ name, host: hostBuiltinImpls.has(name) || regoParserBuiltins.has(name) }).toEqual({ name, host: false })
    }
    for (const name of [...Object.keys(COMPILED_BUILTINS), ...Object.keys(OFF_BY_DEFAULT)])
      expect(builtinDecls.has(name), name).toBe(true)
  })

  it('native entries name a runtime export; host entries have an implementation', () => {
    const { info } = runtimeLibrary()
    for (const b of cordonCapabilities().builtins) {
      if (b.cordon.impl === 'native') expect(info.functions[b.cordon.export!], b.name).toBeDefined()
      if (b.cordon.impl === 'host')
        expect(
          hostBuiltinImpls.has(b.name) || (b.cordon.opt_in !== undefined && regoParserBuiltins.has(b.name)),
          b.name,
        ).toBe(true)
    }
  })

  const byName = new Map(cordonCapabilities().builtins.map((b) => [b.name, b]))
  it.each([
    { note: 'arithmetic runs in the runtime', name: 'abs', impl: 'native' },
    { note: 'string prefix is native', name: 'startswith', impl: 'native' },
    { note: 'units are a host builtin', name: 'units.parse', impl: 'host' },
    { note: 'JWT verification is a host builtin', name: 'io.jwt.verify_hs256', impl: 'host' },
    { note: 'unification is compiled', name: 'eq', impl: 'compiler' },
    { note: 'http.send is host, off by default', name: 'http.send', impl: 'host', off: true },
    {
      note: 'rego.parse_module is an opt-in host builtin (it needs the parser)',
      name: 'rego.parse_module',
      impl: 'host',
    },
  ])('$note', ({ name, impl, off }) => {
    const b = byName.get(name)
    expect(b?.cordon.impl).toBe(impl)
    if (b) expect(b.decl).toEqual(builtinDecls.get(name)!.decl)
    if (off) expect(b?.cordon.off_by_default).toMatch(/network/)
  })
})
