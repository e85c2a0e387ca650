// Regal's three custom builtins (regal.*), for running open-policy-agent/regal's
// bundle with `cordon check|build|eval|test --builtins` (scripts/peer-suites.mjs).
// Semantics from Regal's pkg/builtins/regal and its Roast documentation
// (docs/custom-rules/roast.md); the code is ours:
//
// - regal.last(arr): the last element, undefined for an empty array.
// - regal.parse_module(file, source): the module in Regal's "Roast" form, built
//   from Cordon's OPA JSON AST (@cordon/rego moduleToOpaJson with locations):
//   locations as "row:col:endRow:endCol" strings, no `index` on expressions,
//   no `name` on heads, no generated rule bodies or locations of generated
//   head values, no module `annotations`
//   (package-scoped ones sit on the package), comments as location strings,
//   and Regal's `regal` context object (file name, lines, abs, rego_version).
//   Files named `*_v0.rego` are Rego v0 in Regal; Cordon parses v1 only.
// - regal.is_formatted(source, options): an APPROXIMATION. Cordon has no
//   `opa fmt`; this checks the layout rules opa fmt always enforces and that can
//   be seen without formatting: tab indentation, no trailing white space, no
//   carriage returns, no two blank lines in a row, exactly one final newline.
//   Source opa fmt would rewrite in other ways counts as formatted.
import path from 'node:path'
import { JsonNumber, moduleToOpaJson, opaErrorsText, parseModule } from '../../packages/rego/dist/index.js'

const any = { type: 'any' }
const string = { type: 'string' }
const anyObject = { type: 'object', dynamic: { key: string, value: any } }

/** "row:col:endRow:endCol" from an OPA location with its base64 text. */
function compactLocation(loc) {
  const text = new TextDecoder().decode(Uint8Array.from(atob(loc.text ?? ''), (c) => c.charCodeAt(0)))
  const row = Number(loc.row.text)
  const col = Number(loc.col.text)
  const lines = text.split('\n')
  const endRow = row + lines.length - 1
  const endCol = lines.length === 1 ? col + [...text].length : [...lines.at(-1)].length + 1
  return `${row}:${col}:${endRow}:${endCol}`
}

const isLocation = (v) => v !== null && typeof v === 'object' && 'row' in v && 'col' in v && 'file' in v

/** OPA JSON (locations on) → Roast: compact locations, no expression indexes, no head names. */
function roast(node, key) {
  if (node instanceof JsonNumber) return Number(node.text)
  if (Array.isArray(node)) return node.map((x) => roast(x))
  if (node === null || typeof node !== 'object') return node
  if (isLocation(node)) return compactLocation(node)
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'index' && 'terms' in node) continue
    if (k === 'name' && key === 'head') continue
    out[k] = roast(v, k)
  }
  return out
}

export function roastModule(file, source) {
  const parsed = parseModule(source, { file })
  if (!parsed.module || parsed.diagnostics.length > 0) throw new Error(opaErrorsText(parsed.diagnostics))
  const m = parsed.module
  const ast = moduleToOpaJson(m, source, { locations: true, comments: true, annotations: true })
  const out = { package: roast(ast.package) }
  delete out.package.path[0].location
  const pkgAnnotations = (ast.annotations ?? []).filter((a) => a.scope === 'package' || a.scope === 'subpackages')
  if (pkgAnnotations.length > 0) out.package.annotations = roast(pkgAnnotations)
  if (ast.imports) out.imports = roast(ast.imports)
  if (ast.rules) {
    out.rules = ast.rules.map((r, i) => roastRule(r, m.rules[i]))
  }
  if (ast.comments) out.comments = ast.comments.map((c) => compactLocation(c.Location))
  out.regal = {
    file: { name: file, lines: source.split('\n'), abs: path.resolve(file), rego_version: 'v1' },
    environment: { path_separator: path.sep },
    operations: ['lint'],
  }
  return out
}

/** A rule without its generated body (and the same for its else chain). */
function roastRule(json, rule) {
  const out = roast(json)
  for (let o = out, r = rule; o && r; o = o.else, r = r.else) {
    if (r.body.length === 0) delete o.body
    // A generated value (`p if …`) has no place in the source, so no location.
    if (r.head.implicitValue && o.head.value) delete o.head.value.location
  }
  return out
}

function isFormatted(source) {
  if (source.includes('\r')) return false
  if (!source.endsWith('\n') || source.endsWith('\n\n')) return false
  const lines = source.slice(0, -1).split('\n')
  let blank = 0
  for (const line of lines) {
    if (/[ \t]+$/.test(line)) return false
    if (/^ +\S/.test(line) && !/^ +\*/.test(line)) return false
    blank = line === '' ? blank + 1 : 0
    if (blank > 1) return false
  }
  return true
}

export default [
  {
    name: 'regal.last',
    args: [{ type: 'array', dynamic: any }],
    result: any,
    impl: (arr) => (arr.length > 0 ? arr[arr.length - 1] : undefined),
  },
  {
    name: 'regal.parse_module',
    args: [string, string],
    result: anyObject,
    impl: (file, source) => roastModule(file, source),
  },
  {
    name: 'regal.is_formatted',
    args: [string, anyObject],
    result: { type: 'boolean' },
    impl: (source) => isFormatted(source),
  },
]
