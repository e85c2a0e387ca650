import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

// OPA's `opa parse --format json` of this file (v1/ast/marshal_test.go's module, MarshalIndent).
const opaJson = `{
  "package": {
    "path": [
      {
        "type": "var",
        "value": "data"
      },
      {
        "type": "string",
        "value": "foo"
      }
    ]
  },
  "rules": [
    {
      "body": [
        {
          "index": 0,
          "terms": {
            "type": "boolean",
            "value": true
          }
        }
      ],
      "head": {
        "name": "allow",
        "value": {
          "type": "boolean",
          "value": true
        },
        "ref": [
          {
            "type": "var",
            "value": "allow"
          }
        ]
      }
    }
  ],
  "comments": [
    {
      "Text": "IGNvbW1lbnQ=",
      "Location": {
        "file": "example.rego",
        "row": 4,
        "col": 2
      }
    }
  ]
}
`

describe('cordon parse', () => {
  const dir = workspace({ 'example.rego': '\n\tpackage foo\n\n\t# comment\n\n\tallow if { true }\n\t' })

  it('prints what opa parse --format json prints', () => {
    const r = cordon(['parse', 'example.rego', '--format', 'json'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(opaJson)
  })

  it('adds locations with their text and drops comments with --json-include locations,-comments', () => {
    const r = cordon(['parse', 'example.rego', '--json-include', 'locations,-comments'], dir)
    expect(r.status).toBe(0)
    const ast = JSON.parse(r.stdout)
    expect(ast.comments).toBeUndefined()
    expect(ast.rules[0].location).toEqual({ file: 'example.rego', row: 6, col: 2, text: btoa('allow if { true }') })
    expect(ast.rules[0].head.ref[0].location).toMatchObject({ row: 6, col: 2 })
  })

  it('reports a parse error at its location and exits 1; a bad option exits 2', () => {
    const bad = workspace({ 'bad.rego': 'package foo.' })
    const r = cordon(['parse', 'bad.rego'], bad)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('bad.rego:1:13: rego_parse_error: unexpected eof token: expected ident')
    expect(cordon(['parse', 'example.rego', '--json-include', 'bogus'], dir).status).toBe(2)
  })
})

describe('rego.parse_module in the CLI', () => {
  const module = `package repro

parsed := rego.parse_module("p.rego", "package p") if input.parse

y := 1

test_y if y == 1

test_parse if parsed["package"].path[1].value == "p" with input.parse as true
`
  it('runs in cordon test and cordon eval (the CLI hosts the parser builtins)', () => {
    const dir = workspace({ 'p.rego': module })
    const t = cordon(['test', 'p.rego'], dir)
    expect(t.stderr).toBe('')
    expect(t.stdout).toContain('PASS: 2/2')
    const e = cordon(['eval', '-d', 'p.rego', 'x := data.repro.parsed.package.path[1].value'], dir)
    expect(e.status).toBe(0)
    expect(JSON.parse(e.stdout)).toEqual([])
  })

  it('names the call site at build time when the host lacks a builtin the module calls', () => {
    // internal.test_case is OPA's tester's own: declared, but no host runs it.
    const dir = workspace({
      'p.rego': 'package p\n\n# METADATA\n# entrypoint: true\nx if internal.test_case(["a"])\n\ntest_x if x\n',
    })
    for (const args of [
      ['build', 'p.rego', '-o', 'b.tar.gz'],
      ['eval', '-d', 'p.rego', 'data.p.x'],
      ['test', 'p.rego'],
    ]) {
      const r = cordon(args, dir)
      expect(r.status, args[0]).toBe(1)
      expect(r.stderr).toContain(
        'p.rego:5:6: rego_type_error: internal.test_case: the host that runs this module does not provide this builtin',
      )
    }
  })

  it("still builds a module calling the embedder's own builtins declared in --capabilities", () => {
    const caps = {
      builtins: [
        { name: 'acme.score', decl: { type: 'function', args: [{ type: 'string' }], result: { type: 'number' } } },
      ],
    }
    const dir = workspace({
      'caps.json': JSON.stringify(caps),
      'p.rego': 'package p\n\n# METADATA\n# entrypoint: true\nscore := acme.score(input.x)\n',
    })
    const r = cordon(['build', 'p.rego', '--capabilities', 'caps.json', '-o', 'b.tar.gz'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
