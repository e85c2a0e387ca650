import { describe, expect, it } from 'vitest'
import { parseModule } from '../parse.js'
import { goJson, goString, JsonNumber, type GoJson } from './go-json.js'
import { moduleToOpaJson, type OpaAstJsonOptions } from './opa-ast.js'

function ast(text: string, options: OpaAstJsonOptions = {}, file = 'example.rego') {
  const { module, diagnostics } = parseModule(text, { file })
  if (!module) throw new Error(JSON.stringify(diagnostics))
  return moduleToOpaJson(module, text, options)
}
const compact = (v: GoJson) => goJson(v)
const firstRule = (m: { rules?: GoJson }) => (m.rules as GoJson[])[0]!
const withoutText = (s: string) => s.replace(/,"text":"[^"]*"/g, '')

// Expected texts are OPA's own (v1/ast/marshal_test.go), or derived from its
// parser (v1/ast/parser.go parseRules/parseHead) where noted.
describe("OPA's AST as JSON", () => {
  const allow = '\n\tpackage foo\n\n\t# comment\n\n\tallow if { true }\n\t'

  it('writes a rule as OPA does (TestRule_MarshalJSON)', () => {
    const m = ast(allow)
    expect(compact(firstRule(m))).toBe(
      '{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"name":"allow","value":{"type":"boolean","value":true},"ref":[{"type":"var","value":"allow"}]}}',
    )
    expect(compact(firstRule(ast(allow, { locations: true })))).toContain(
      ',"location":{"file":"example.rego","row":6,"col":2,"text":',
    )
  })

  it('writes ref heads with term locations (TestRuleHeadRefWithTermLocations_MarshalJSON)', () => {
    const m = ast(
      'package test\n\nimport rego.v1\n\nref.head[rule].test contains "value" if {\n\trule := "rule"\n}',
      { locations: true },
      'test.rego',
    )
    const head = (firstRule(m) as Record<string, never>).head
    expect(withoutText(compact(head))).toBe(
      '{"key":{"location":{"file":"test.rego","row":5,"col":30},"type":"string","value":"value"},"ref":[{"location":{"file":"test.rego","row":5,"col":1},"type":"var","value":"ref"},{"location":{"file":"test.rego","row":5,"col":5},"type":"string","value":"head"},{"location":{"file":"test.rego","row":5,"col":10},"type":"var","value":"rule"},{"location":{"file":"test.rego","row":5,"col":16},"type":"string","value":"test"}],"location":{"file":"test.rego","row":5,"col":1}}',
    )
  })

  it('writes the package as a path from data, comments with their legacy keys, imports with aliases', () => {
    const m = ast('package a.b\n\nimport data.x.y as z\n\n# hi <there>\np := 1\n')
    expect(compact(m.package!)).toBe(
      '{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"},{"type":"string","value":"b"}]}',
    )
    expect(compact(m.imports!)).toBe(
      '[{"alias":"z","path":{"type":"ref","value":[{"type":"var","value":"data"},{"type":"string","value":"x"},{"type":"string","value":"y"}]}}]',
    )
    // Comment has no JSON tags in OPA: Text is the bytes after '#', base64; Location always there.
    expect(compact(m.comments!)).toBe(
      `[{"Text":"${btoa(' hi <there>')}","Location":{"file":"example.rego","row":5,"col":1}}]`,
    )
    expect(Object.keys(ast('package a\np := 1\n', { comments: true }))).toEqual(['package', 'rules'])
    expect(ast('package a\n# c\np := 1\n', { comments: false }).comments).toBeUndefined()
    // Location text is the node's source, base64, as `--json-include locations` prints it.
    const loc = (ast('package a.b\n', { locations: true }).package as { location: { text: string } }).location
    // OPA's package location is its keyword (Regal's Roast docs show it as 1:1:1:8).
    expect(atob(loc.text)).toBe('package')
    // A default rule's location text stays its keyword (Regal's trailing-default-rule test expects 6:2 to 6:9).
    const rule = firstRule(ast('package a\n\tdefault foo := true\n', { locations: true })) as {
      location: { text: string }
    }
    expect(atob(rule.location.text)).toBe('default')
  })

  it("sets name, key and value as OPA's parser does for each head shape", () => {
    const heads = (text: string) =>
      (ast(`package p\n${text}\n`).rules as { head: unknown }[]).map((r) => compact(r.head as never))
    const v = (x: string) => `{"type":"var","value":"${x}"}`
    const t = '{"type":"boolean","value":true}'
    // p[x] if …: a single-value rule with a key, no name (parser.go: "p[x] if ... becomes a single-value rule p[x]").
    expect(heads('p[x] if { some x in [1] }')).toEqual([`{"key":${v('x')},"value":${t},"ref":[${v('p')},${v('x')}]}`])
    // p[x] := y if …: the name too, for compatibility.
    expect(heads('p[x] := 1 if { some x in [1] }')).toEqual([
      `{"name":"p","key":${v('x')},"value":{"type":"number","value":1},"assign":true,"ref":[${v('p')},${v('x')}]}`,
    ])
    // p["a"] := 1 without a body: name and key even when ground.
    expect(heads('p["a"] := 1')[0]).toBe(
      `{"name":"p","key":{"type":"string","value":"a"},"value":{"type":"number","value":1},"assign":true,"ref":[${v('p')},{"type":"string","value":"a"}]}`,
    )
    expect(heads('s contains 1 if true')[0]).toBe(`{"name":"s","key":{"type":"number","value":1},"ref":[${v('s')}]}`)
    expect(heads('f(x, _) := x')[0]).toBe(
      `{"name":"f","args":[${v('x')},${v('$0')}],"value":${v('x')},"assign":true,"ref":[${v('f')}]}`,
    )
    expect(heads('a.b.c := 1')[0]).toBe(
      `{"value":{"type":"number","value":1},"assign":true,"ref":[${v('a')},{"type":"string","value":"b"},{"type":"string","value":"c"}]}`,
    )
  })

  it('writes some … in as a SomeDecl of internal.member_N, negation, with, every, defaults and else', () => {
    const m = ast(`package p
default d := false
r if {
	some k, _ in input.xs
	not k == 1
	count(input.ys) > 0 with input.ys as [1]
	every v in [1] { v > 0 }
}
e := 1 if false else := 2
`)
    const [d, r, e] = m.rules as Record<string, unknown>[]
    expect(compact(d as never)).toBe(
      '{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"default":true,"head":{"name":"d","value":{"type":"boolean","value":false},"assign":true,"ref":[{"type":"var","value":"d"}]}}',
    )
    const body = (r as { body: unknown[] }).body.map((x) => compact(x as never))
    expect(body[0]).toBe(
      '{"index":0,"terms":{"symbols":[{"type":"call","value":[{"type":"ref","value":[{"type":"var","value":"internal"},{"type":"string","value":"member_3"}]},{"type":"var","value":"k"},{"type":"var","value":"$0"},{"type":"ref","value":[{"type":"var","value":"input"},{"type":"string","value":"xs"}]}]}]}}',
    )
    expect(body[1]).toBe(
      '{"index":1,"negated":true,"terms":[{"type":"ref","value":[{"type":"var","value":"equal"}]},{"type":"var","value":"k"},{"type":"number","value":1}]}',
    )
    expect(body[2]).toContain(
      '"with":[{"target":{"type":"ref","value":[{"type":"var","value":"input"},{"type":"string","value":"ys"}]},"value":{"type":"array","value":[{"type":"number","value":1}]}}]',
    )
    expect(body[3]).toMatch(
      /^\{"index":3,"terms":\{"body":\[.*\],"domain":\{"type":"array".*\},"key":null,"value":\{"type":"var","value":"v"\}\}\}$/,
    )
    expect(compact((e as { else: never }).else)).toContain(
      '"head":{"name":"e","value":{"type":"number","value":2},"assign":true',
    )
  })

  it('writes sets in sorted order, objects in source order, numbers as written, comprehensions as term and body', () => {
    const m = ast('package p\nx := {3, "a", 1.50, null}\no := {"b": 1, "a": 2}\nc := [y | some y in [1]]\n')
    const values = (m.rules as { head: { value: unknown } }[]).map((r) => compact(r.head.value as never))
    expect(values[0]).toBe(
      '{"type":"set","value":[{"type":"null","value":null},{"type":"number","value":1.50},{"type":"number","value":3},{"type":"string","value":"a"}]}',
    )
    expect(values[1]).toBe(
      '{"type":"object","value":[[{"type":"string","value":"b"},{"type":"number","value":1}],[{"type":"string","value":"a"},{"type":"number","value":2}]]}',
    )
    expect(values[2]).toMatch(/^\{"type":"arraycomprehension","value":\{"term":\{"type":"var","value":"y"\},"body":\[/)
  })

  it('includes METADATA annotations when asked, on the module and on their rule, keys sorted', () => {
    const m = ast(
      '# METADATA\n# title: P\npackage p\n\n# METADATA\n# title: R\n# entrypoint: true\n# custom:\n#  b: 1\n#  a: x\nr := 1\n',
      { annotations: true },
    )
    expect(compact(m.annotations!)).toBe(
      '[{"scope":"package","title":"P"},{"custom":{"a":"x","b":1},"entrypoint":true,"scope":"document","title":"R"}]',
    )
    expect(compact((firstRule(m) as { annotations: never }).annotations)).toBe(
      '[{"custom":{"a":"x","b":1},"entrypoint":true,"scope":"document","title":"R"}]',
    )
    expect(ast('# METADATA\n# title: P\npackage p\n').annotations).toBeUndefined()
  })
})

describe("Go's JSON text", () => {
  it('escapes as encoding/json does and indents as MarshalIndent', () => {
    expect(goString('a<b>&"\\\n\u2028\u0001')).toBe('"a\\u003cb\\u003e\\u0026\\"\\\\\\n\\u2028\\u0001"')
    expect(goJson({ a: [], b: {}, c: [new JsonNumber('1'), { d: null }] }, '  ')).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ]\n}',
    )
  })
})
