import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('strings.render_template', () => {
  table('strings.render_template', [
    { note: 'simple', args: [q('{{.test}}'), '{"test": "hello world"}'], want: q('hello world') },
    { note: 'number keeps its text', args: [q('{{.test}}'), '{"test": 2023}'], want: q('2023') },
    {
      note: 'range with index and if',
      args: [
        q('{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}'),
        '{"hellonames": ["rohan", "john doe"]}',
      ],
      want: q('hello rohan,hello john doe'),
    },
    { note: 'missing key', args: [q('{{.testvarnotprovided}}'), '{"test": "hello world"}'], want: q('<undefined>') },
    {
      note: 'several missing keys',
      args: [q('test {{.foo}} {{.bar}} {{.baz}}'), '{"baz": 1}'],
      want: q('test <undefined> <undefined> 1'),
    },
    {
      note: 'range over an object by sorted key',
      args: [q('{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}'), '{"m": {"b": 2, "a": "x"}}'],
      want: q('a=x;b=2;'),
    },
    { note: 'range else', args: [q('{{range .l}}x{{else}}empty{{end}}'), '{"l": []}'], want: q('empty') },
    {
      note: 'break and continue',
      args: [
        q('{{range .l}}{{if eq . "b"}}{{continue}}{{end}}{{if eq . "d"}}{{break}}{{end}}{{.}}{{end}}'),
        '{"l": ["a", "b", "c", "d", "e"]}',
      ],
      want: q('ac'),
    },
    {
      note: 'with / else',
      args: [q('{{with .a}}{{.b}}{{else}}none{{end}}|{{with .z}}x{{else}}none{{end}}'), '{"a": {"b": "B"}}'],
      want: q('B|none'),
    },
    { note: 'else if', args: [q('{{if .x}}x{{else if .y}}y{{else}}z{{end}}'), '{"y": true}'], want: q('y') },
    { note: 'variables', args: [q('{{$v := .a}}{{$v}}{{$v = "c"}}{{$v}}'), '{"a": "b"}'], want: q('bc') },
    {
      note: 'trim markers and comments',
      args: [q('{{- .a -}}  x  {{/* c */}} {{ .a }}'), '{"a": "A"}'],
      want: q('Ax   A'),
    },
    {
      note: 'Go formatting of composites',
      args: [q('{{.l}} {{.m}} {{.n}}'), '{"l": [1, "a"], "m": {"k": true}, "n": null}'],
      want: q('[1 a] map[k:true] <undefined>'),
    },
    {
      note: 'functions',
      args: [
        q('{{len .l}} {{index .l 1}} {{printf "%s-%d" .s 3}} {{.s | printf "%q"}} {{and .s .l}} {{not .s}}'),
        '{"l": [1, "a"], "s": "str"}',
      ],
      want: q('2 a str-3 "str" [1 a] false'),
    },
    {
      note: 'html and urlquery',
      args: [q('{{html .s}} {{urlquery .s}}'), '{"s": "<a b>"}'],
      want: q('&lt;a b&gt; %3Ca+b%3E'),
    },
    {
      note: 'comparing a JSON number with an int fails as in Go',
      args: [q('{{if eq .n 1}}x{{end}}'), '{"n": 1}'],
      error: builtinErr(
        'strings.render_template: template: template: executing "template": error calling eq: incompatible types for comparison',
      ),
    },
    {
      note: 'unclosed action',
      args: [q('{{.a'), '{}'],
      error: builtinErr('strings.render_template: template: template:1: unclosed action'),
    },
    {
      note: 'unknown function',
      args: [q('{{foo}}'), '{}'],
      error: builtinErr('strings.render_template: template: template:1: function "foo" not defined'),
    },
    {
      note: 'missing end',
      args: [q('{{if .a}}x'), '{}'],
      error: builtinErr('strings.render_template: template: template:1: unexpected EOF'),
    },
    {
      note: 'variables must be an object',
      args: [q('x'), '[]'],
      error: typeErr('strings.render_template: operand 2 must be object but got array'),
    },
    {
      note: 'template must be a string',
      args: ['1', '{}'],
      error: typeErr('strings.render_template: operand 1 must be string but got number'),
    },
  ])
})

describe('internal.template_string', () => {
  table('internal.template_string', [
    { note: 'literal parts only', args: ['["foo ", "bar"]'], want: q('foo bar') },
    { note: 'empty', args: ['[]'], want: q('') },
    {
      note: 'primitive values',
      args: ['[{42}, ", ", {13.37}, ", ", {true}, ", ", {"foo"}, ", ", {null}]'],
      want: q('42, 13.37, true, foo, null'),
    },
    {
      note: 'collections as Rego terms',
      args: [
        '[{[]}, ", ", {[42, 13.37, true, "foo", null]}, ", ", {set()}, ", ", {{42}}, ", ", {{}}, ", ", {{"a": "b"}}]',
      ],
      want: q('[], [42, 13.37, true, "foo", null], set(), {42}, {}, {"a": "b"}'),
    },
    { note: 'undefined expression', args: ['[set(), " ", {"x"}]'], want: q('<undefined> x') },
    { note: 'strings inside collections use Go quoting', args: ['[{["a\\tb"]}]'], want: q('["a\\tb"]') },
    {
      note: 'several values conflict',
      args: ['[{1, 2}]'],
      error: { code: 'eval_conflict_error', message: 'template-strings must not produce multiple outputs' },
    },
    {
      note: 'not an array',
      args: [q('x')],
      error: typeErr('internal.template_string: operand 1 must be array but got string'),
    },
  ])
})
