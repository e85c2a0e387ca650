/**
 * `cordon capabilities`, `cordon build --capabilities FILE` and
 * `cordon build --target opa-wasm-sdk`.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const onlyCore = {
  builtins: [
    {
      name: 'plus',
      decl: { type: 'function', args: [{ type: 'number' }, { type: 'number' }], result: { type: 'number' } },
      infix: '+',
    },
    { name: 'count', decl: { type: 'function', args: [{ type: 'any' }], result: { type: 'number' } } },
  ],
}

const committed = readFileSync(new URL('../../../builtins/capabilities.json', import.meta.url), 'utf8')

const files = {
  'caps.json': committed,
  'units/p.rego': 'package p\n\n# METADATA\n# entrypoint: true\nsize := units.parse(input.size)\n',
  'core/p.rego': 'package p\n\n# METADATA\n# entrypoint: true\nn := count(input.xs) + 1\n',
  'sdk/p.rego': 'package p\n\n# METADATA\n# entrypoint: true\nmsg := sprintf("%d", [count(input.xs)])\n',
  'core.json': JSON.stringify(onlyCore),
  'bad.json': '{"builtins": [{"name": 1}]}',
}

describe('cordon capabilities', () => {
  it('writes the document the committed packages/builtins/capabilities.json holds', () => {
    const dir = workspace(files)
    const r = cordon(['capabilities', '-o', 'out.json'], dir)
    expect(r.status).toBe(0)
    const text = readFileSync(path.join(dir, 'out.json'), 'utf8')
    const doc = JSON.parse(text)
    expect(doc.builtins.find((b: { name: string }) => b.name === 'units.parse').cordon).toEqual({ impl: 'host' })
    expect(doc.builtins.find((b: { name: string }) => b.name === 'plus').cordon).toEqual({
      impl: 'native',
      export: 'opa_arith_plus',
    })
    expect(text).toBe(committed)
  })
})

describe('cordon build --capabilities / --target', () => {
  it.each([
    {
      note: 'a call outside the capabilities is undefined',
      args: ['build', 'units', '--capabilities', 'core.json'],
      status: 1,
      err: 'rego_type_error: undefined function units.parse',
    },
    {
      note: 'calls inside the capabilities build',
      args: ['build', 'core', '--capabilities', 'core.json', '-o', 'b.tar.gz'],
      status: 0,
    },
    {
      note: "Cordon's own capabilities allow its builtins",
      args: ['build', 'units', '--capabilities', 'caps.json', '-o', 'b.tar.gz'],
      status: 0,
    },
    {
      note: 'a malformed capabilities file',
      args: ['build', 'core', '--capabilities', 'bad.json'],
      status: 2,
      err: 'builtins[0] needs a "name"',
    },
    {
      note: 'a missing capabilities file',
      args: ['build', 'core', '--capabilities', 'nope.json'],
      status: 2,
      err: 'nope.json',
    },
    {
      note: 'opa-wasm-sdk target: a host builtin the SDK lacks',
      args: ['build', 'units', '--target', 'opa-wasm-sdk'],
      status: 1,
      err: 'p.rego:5:9: rego_compile_error: builtin units.parse is a host builtin that @open-policy-agent/opa-wasm does not implement',
      hint: 'opaWasmCustomBuiltins()',
    },
    {
      note: 'opa-wasm-sdk target: builtins the SDK has',
      args: ['build', 'sdk', '--target', 'opa-wasm-sdk', '-o', 'b.tar.gz'],
      status: 0,
    },
    {
      note: 'an unknown target',
      args: ['build', 'core', '--target', 'node'],
      status: 2,
      err: '--target must be cordon or opa-wasm-sdk',
    },
  ])('$note', ({ args, status, err, hint }) => {
    const dir = workspace(files)
    const r = cordon(args, dir)
    if (err) expect(r.stderr).toContain(err)
    if (hint) expect(r.stderr).toContain(hint)
    expect(r.status).toBe(status)
  })
})
