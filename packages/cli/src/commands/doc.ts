import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { readBundle } from '@cordon/engine'
import { annotatedEntrypoints, checkSources, entrypointAnnotations, type Annotation, type Module, type RefTerm, type Rule, type Term } from '@cordon/rego'
import { buildChecked, writeBundle } from '@cordon/wasm'
import { builtinsHelp, builtinsOption, loadBuiltins, type CustomBuiltins } from '../fs/load-builtins.js'
import { loadPolicyFiles } from '../fs/load-policy.js'
import { renderPretty } from '../reporters/pretty.js'
import { runTests } from '../test-runner/run.js'
import type { CoverageReport, TestReport } from '../test-runner/types.js'
import { UsageError } from '../usage-error.js'
import { normalizeEntrypoint } from './build.js'
import { exitCodes } from '../exit-codes.js'

export const docHelp = `Usage: cordon doc PATH... [-o FILE] [--format md|html] [-e ENTRYPOINT]...
                  [-b BUNDLE] [--revision REV] [--no-tests] [--title TITLE]
                  [--builtins MODULE]...

Writes a report of the policy set below the PATHs for operators and auditors:
each package's and rule's METADATA annotations (title, description, legal
basis, owner, …), the data and input each rule reads (the data.… and input.…
refs in its body, imports resolved) and the rules it uses, the results of the
tests and decision tables (as cordon test runs them) with line coverage, and
the bundle revision: the one 'cordon build' gives the same PATHs, or the
manifest's revision of the bundle given with -b.

  -o FILE          write the report to FILE (default: standard output);
                   the format follows the extension (.html, .md)
  --format F       md (default) or html
  -b BUNDLE        report this built bundle's revision and check it has the
                   entrypoints
  --no-tests       do not run the tests
  --title TITLE    the report's title
${builtinsHelp}

Exit status: 0 written (even with failing tests: the report says so), 1 when
the policy does not compile, 2 on a usage error.`

/** One definition of a rule (a rule with several definitions has several). */
export interface RuleDoc {
  /** `ai_access.decision` */
  path: string
  kind: 'complete' | 'partial set' | 'partial object' | 'function' | 'default'
  file: string
  row: number
  endRow: number
  entrypoint: boolean
  title?: string
  description?: string
  /** Every other annotation field (custom fields flattened: owner, legal_basis, …). */
  fields: Record<string, unknown>
  /** `data…` refs in the rule, imports resolved; non-constant parts as `[_]`. */
  dataRefs: string[]
  /** `input…` refs. */
  inputRefs: string[]
  /** Other rules of the policy it uses, by path. */
  uses: string[]
  /** Covered / coverable lines of the definition, when coverage was computed. */
  coverage?: { covered: number; total: number }
  /** Entrypoints only: every data ref it reads directly or through the rules it uses. */
  allDataRefs?: string[]
}

export interface PackageDoc {
  path: string
  files: string[]
  title?: string
  description?: string
  fields: Record<string, unknown>
  rules: RuleDoc[]
}

export interface PolicyReport {
  title: string
  generatedAt: string
  revision: string
  /** Where the revision comes from. */
  revisionSource: 'computed' | 'bundle'
  entrypoints: string[]
  files: { file: string; sha256: string }[]
  dataFiles: { file: string; sha256: string }[]
  packages: PackageDoc[]
  tests?: TestReport
  /** Why tests were not run or could not run. */
  testsNote?: string
}

export interface ReportOptions {
  entrypoints?: string[]
  bundle?: Uint8Array
  revision?: string
  tests?: boolean
  title?: string
  /** Fixed time, for reproducible reports. */
  now?: Date
  /** Custom builtins (`--builtins`). */
  builtins?: CustomBuiltins
}

const isTestFile = (file: string) => /_test\.rego$/.test(file)
const isTestRule = (name: string) => /^(todo_)?test_/.test(name)

/** Builds the report, or returns the diagnostics when the policy does not compile. */
export async function buildReport(
  paths: readonly string[],
  options: ReportOptions = {},
): Promise<{ report: PolicyReport } | { diagnostics: ReturnType<typeof checkSources>['diagnostics']; sources: Map<string, string> }> {
  const policy = loadPolicyFiles(paths)
  if (policy.sources.length === 0) throw new UsageError(`no .rego files found in ${paths.join(', ')}`)
  const sources = new Map(policy.sources.map((s) => [s.file, s.text]))
  const checked = checkSources(policy.sources, { builtins: options.builtins?.decls() })
  if (checked.diagnostics.length > 0 || !checked.compiled) return { diagnostics: checked.diagnostics, sources }
  const compiled = checked.compiled

  const entrypoints = [...new Set([...(options.entrypoints ?? []).map(normalizeEntrypoint), ...annotatedEntrypoints(checked.modules)])].sort()
  let revision: string
  let revisionSource: PolicyReport['revisionSource']
  if (options.bundle) {
    const bundle = await readBundle(options.bundle)
    revision = bundle.manifest.revision ?? '(none)'
    revisionSource = 'bundle'
    const inBundle = (bundle.manifest.wasm ?? []).map((w) => normalizeEntrypoint(w.entrypoint))
    const missing = entrypoints.filter((e) => !inBundle.includes(e))
    if (missing.length > 0) throw new UsageError(`the bundle has no entrypoint ${missing.join(', ')}: was it built from these PATHs?`)
  } else {
    // The revision `cordon build` gives the same PATHs: a digest of the module and the data.
    if (entrypoints.length === 0) throw new UsageError('no entrypoint: pass -e pkg/rule or annotate a rule with METADATA entrypoint: true')
    const built = buildChecked(compiled, { entrypoints })
    if (!built.wasm) return { diagnostics: built.diagnostics, sources }
    const bytes = await writeBundle({
      wasm: built.wasm,
      data: policy.data,
      entrypoints,
      revision: options.revision,
      annotations: Object.fromEntries(entrypoints.map((e) => [e, entrypointAnnotations(checked.modules, e)])),
    })
    revision = (await readBundle(bytes)).manifest.revision ?? '(none)'
    revisionSource = 'computed'
  }

  let tests: TestReport | undefined
  let testsNote: string | undefined
  if (options.tests === false) testsNote = 'not run (--no-tests)'
  else {
    try {
      const outcome = runTests(paths, { coverage: true, builtins: options.builtins })
      if (outcome.kind === 'report') tests = outcome.report
      else testsNote = `the tests do not compile: ${outcome.diagnostics.map((d) => d.message).join('; ')}`
    } catch (err) {
      testsNote = `could not run: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  const packages = documentPackages(checked.modules, sources, entrypoints, tests?.coverage)
  const sha = (text: string) => createHash('sha256').update(text).digest('hex')
  return {
    report: {
      title: options.title ?? packages.find((p) => p.title)?.title ?? 'Policy report',
      generatedAt: (options.now ?? new Date()).toISOString(),
      revision,
      revisionSource,
      entrypoints,
      files: policy.sources.map((s) => ({ file: s.file, sha256: sha(s.text) })),
      dataFiles: policy.dataFiles.map((f) => ({ file: f, sha256: sha(readFileSync(f, 'utf8')) })),
      packages,
      tests,
      testsNote,
    },
  }
}

// ─── Reading the modules ──────────────────────────────────────────────────

function refPath(ref: RefTerm): string[] | undefined {
  const out: string[] = []
  for (const [i, t] of ref.terms.entries()) {
    if (i === 0) {
      if (t.type !== 'var') return undefined
      out.push(t.name)
    } else if (t.type === 'string') out.push(t.value)
    else break
  }
  return out
}

/** Renders a ref: constant keys as `.k` / `["k-1"]` / `[0]`, anything else as `[_]`. */
function renderRef(head: string[], rest: Term[]): string {
  let s = head[0]!
  const seg = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)
  for (const k of head.slice(1)) s += seg(k)
  for (const t of rest) s += t.type === 'string' ? seg(t.value) : t.type === 'number' ? `[${t.value}]` : '[_]'
  return s
}

function documentPackages(modules: readonly Module[], sources: Map<string, string>, entrypoints: string[], coverage?: CoverageReport): PackageDoc[] {
  const byPath = new Map<string, PackageDoc>()
  // Every rule's path, so bare names in bodies resolve to rules of the same package.
  const rulesOf = new Map<string, Set<string>>()
  for (const m of modules) {
    const pkg = refPath(m.package.path)!.slice(1).join('.')
    const set = rulesOf.get(pkg) ?? new Set<string>()
    for (const r of m.rules) set.add(refPath(r.head.ref)![0]!)
    rulesOf.set(pkg, set)
  }
  const covered = new Map((coverage?.files ?? []).map((f) => [f.file, { covered: new Set(f.covered), notCovered: new Set(f.notCovered) }]))

  for (const m of modules) {
    if (isTestFile(m.file)) continue
    const pkgSegs = refPath(m.package.path)!.slice(1)
    const pkg = pkgSegs.join('.')
    const doc = byPath.get(pkg) ?? { path: pkg, files: [], fields: {}, rules: [] }
    byPath.set(pkg, doc)
    doc.files.push(m.file)
    for (const a of m.annotations) {
      if (a.scope !== 'package' && a.scope !== 'subpackages') continue
      const { title, description, fields } = splitAnnotation(a)
      doc.title ??= title
      doc.description ??= description
      Object.assign(doc.fields, fields)
    }
    // import data["ai-access"] as cfg: cfg → data, ai-access
    const aliases = new Map<string, string[]>()
    for (const imp of m.imports) {
      const p = refPath(imp.path)
      if (!p || (p[0] !== 'data' && p[0] !== 'input')) continue
      aliases.set(imp.alias ?? p[p.length - 1]!, p)
    }
    const local = rulesOf.get(pkg) ?? new Set<string>()
    const text = sources.get(m.file) ?? ''
    for (const rule of m.rules) {
      const name = refPath(rule.head.ref)!
      if (isTestRule(name[0]!)) continue
      const path = [pkg, ...name].join('.')
      const annotations = rule.annotations.map(splitAnnotation)
      const fields: Record<string, unknown> = {}
      for (const a of annotations) Object.assign(fields, a.fields)
      const endRow = rowAt(text, rule.loc.end)
      const refs = collectRefs(rule, aliases, local, pkg)
      refs.uses.delete(`${pkg}.${name[0]}`)
      const fileCov = covered.get(m.file)
      let cov: RuleDoc['coverage']
      if (fileCov) {
        let c = 0
        let total = 0
        for (let row = rule.loc.row; row <= endRow; row++) {
          if (fileCov.covered.has(row)) {
            c++
            total++
          }
          else if (fileCov.notCovered.has(row)) total++
        }
        if (total > 0) cov = { covered: c, total }
      }
      delete fields.entrypoint
      doc.rules.push({
        path,
        kind: rule.default ? 'default' : rule.head.args ? 'function' : rule.head.key ? 'partial set' : name.length > 1 || rule.head.ref.terms.length > name.length ? 'partial object' : 'complete',
        file: m.file,
        row: rule.loc.row,
        endRow,
        entrypoint: entrypoints.includes(path.replace(/\./g, '/')),
        title: annotations.find((a) => a.title)?.title,
        description: annotations.find((a) => a.description)?.description,
        fields,
        dataRefs: [...refs.data].sort(),
        inputRefs: [...refs.input].sort(),
        uses: [...refs.uses].sort(),
        coverage: cov,
      })
    }
  }
  const packages = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
  addTransitiveData(packages)
  return packages
}

/** For entrypoints: the data read by the rule and every rule it uses, transitively. */
function addTransitiveData(packages: PackageDoc[]): void {
  const all = packages.flatMap((p) => p.rules)
  const byPath = new Map<string, RuleDoc[]>()
  for (const r of all) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r])
  for (const rule of all.filter((r) => r.entrypoint)) {
    const seen = new Set<string>()
    const data = new Set<string>()
    const queue = [rule.path]
    while (queue.length > 0) {
      const path = queue.pop()!
      if (seen.has(path)) continue
      seen.add(path)
      for (const def of byPath.get(path) ?? []) {
        def.dataRefs.forEach((d) => data.add(d))
        queue.push(...def.uses)
      }
    }
    rule.allDataRefs = [...data].sort()
  }
}

/** Definitions of the same rule, together, in source order. */
function groupRules(rules: readonly RuleDoc[]): RuleDoc[][] {
  const groups = new Map<string, RuleDoc[]>()
  for (const r of rules) groups.set(r.path, [...(groups.get(r.path) ?? []), r])
  return [...groups.values()]
}

const hasAnnotations = (r: RuleDoc) => Boolean(r.title || r.description || Object.keys(r.fields).length)

function splitAnnotation(a: Annotation): { title?: string; description?: string; fields: Record<string, unknown> } {
  const { title, description, custom, scope: _scope, ...rest } = a.fields as Record<string, unknown>
  const fields: Record<string, unknown> = { ...rest }
  if (custom && typeof custom === 'object' && !Array.isArray(custom)) Object.assign(fields, custom)
  else if (custom !== undefined) fields.custom = custom
  return {
    title: typeof title === 'string' ? title : a.title,
    description: typeof description === 'string' ? description.trim() : a.description?.trim(),
    fields,
  }
}

function rowAt(text: string, offset: number): number {
  let row = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) row++
  // `end` is exclusive: a rule ending with a newline ends on the row before.
  return offset > 0 && text.charCodeAt(offset - 1) === 10 ? row - 1 : row
}

/** The data and input refs and the rules a rule (head, body, else chain) uses. */
function collectRefs(rule: Rule, aliases: Map<string, string[]>, local: Set<string>, pkg: string) {
  const data = new Set<string>()
  const input = new Set<string>()
  const uses = new Set<string>()
  const locals = new Set<string>()
  // Variables bound in the rule (args, some, :=) shadow rule names.
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    const n = node as { type?: string; kind?: string; [k: string]: unknown }
    if (n.type === 'ref') {
      const ref = n as unknown as RefTerm
      const head = ref.terms[0]
      if (head?.type === 'var') {
        const segs = refPath(ref)!
        const alias = aliases.get(head.name)
        const full = alias ? [...alias, ...segs.slice(1)] : segs
        const rest = ref.terms.slice(segs.length)
        if (full[0] === 'data') {
          const target = full.slice(1).join('.')
          if (target.startsWith(pkg + '.') || target === pkg) uses.add(full.slice(1, pkg.split('.').length + 2).join('.'))
          else data.add(renderRef(full, rest))
        } else if (full[0] === 'input') input.add(renderRef(full, rest))
        else if (local.has(head.name) && !locals.has(head.name)) uses.add(`${pkg}.${head.name}`)
      }
      ref.terms.slice(1).forEach(visit)
      return
    }
    if (n.type === 'var') {
      const name = n.name as string
      if (local.has(name) && !locals.has(name)) uses.add(`${pkg}.${name}`)
      return
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc') visit(v)
  }
  for (const a of rule.head.args ?? []) collectVars(a, locals)
  for (let r: Rule | undefined = rule; r; r = r.else) {
    collectBound(r.body, locals)
    visit(r.head.value)
    visit(r.head.key)
    visit(r.head.ref.terms.slice(1))
    visit(r.body)
  }
  return { data, input, uses }
}

function collectVars(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectVars(n, out))
  if (!node || typeof node !== 'object') return
  const n = node as { type?: string; name?: string }
  if (n.type === 'var' && n.name) out.add(n.name)
  else for (const [k, v] of Object.entries(n)) if (k !== 'loc') collectVars(v, out)
}

/** Variables a body binds with `some`, `some … in`, `:=` and `every`. */
function collectBound(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectBound(n, out))
  if (!node || typeof node !== 'object') return
  const n = node as Record<string, unknown>
  if (n.kind === 'some') collectVars(n.vars, out)
  if (n.kind === 'somein') {
    collectVars(n.key, out)
    collectVars(n.value, out)
  }
  if (n.kind === 'every') {
    collectVars(n.key, out)
    collectVars(n.value, out)
  }
  if (n.kind === 'call') {
    const op = (n.operator as RefTerm | undefined)?.terms[0]
    if (op?.type === 'var' && op.name === 'assign') collectVars((n.args as Term[])[0], out)
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'loc') collectBound(v, out)
}

// ─── Rendering ────────────────────────────────────────────────────────────

const FIELD_LABELS: Record<string, string> = { legal_basis: 'Legal basis', owner: 'Owner', authors: 'Authors', organizations: 'Organizations', related_resources: 'Related resources', schemas: 'Schemas' }
const label = (k: string) => FIELD_LABELS[k] ?? k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

function fieldText(v: unknown): string {
  if (typeof v === 'string') return v.trim()
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? describeObject(x as Record<string, unknown>) : String(x))).join('; ')
  if (typeof v === 'object' && v !== null) return describeObject(v as Record<string, unknown>)
  return String(v)
}

function describeObject(o: Record<string, unknown>): string {
  if (typeof o.name === 'string') return o.email ? `${o.name} <${String(o.email)}>` : o.name
  if (typeof o.ref === 'string') return o.description ? `${String(o.description)} (${o.ref})` : o.ref
  return JSON.stringify(o)
}

function testSummary(r: TestReport): string {
  const s = r.summary
  return `${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped (${s.total} in all)`
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ')

/** The report as Markdown. */
export function renderMarkdown(r: PolicyReport): string {
  const out: string[] = []
  const push = (...lines: string[]) => out.push(...lines)
  push(`# ${r.title}`, '', `Generated by \`cordon doc\` on ${r.generatedAt}.`, '')
  push('| | |', '| --- | --- |')
  push(`| Bundle revision | \`${r.revision}\` (${r.revisionSource === 'bundle' ? 'from the bundle manifest' : 'as `cordon build` computes it for these files'}) |`)
  push(`| Entrypoints | ${r.entrypoints.map((e) => `\`${e}\``).join(', ') || '—'} |`)
  push(`| Policy files | ${r.files.map((f) => `\`${f.file}\` (sha256 \`${f.sha256.slice(0, 12)}\`)`).join('<br>')} |`)
  push(`| Data files | ${r.dataFiles.map((f) => `\`${f.file}\` (sha256 \`${f.sha256.slice(0, 12)}\`)`).join('<br>') || '—'} |`)
  push(`| Tests | ${r.tests ? testSummary(r.tests) : (r.testsNote ?? '—')} |`)
  if (r.tests?.coverage) push(`| Coverage | ${r.tests.coverage.coverage.toFixed(2)}% of lines (${r.tests.coverage.coveredLines}/${r.tests.coverage.coveredLines + r.tests.coverage.notCoveredLines}) |`)
  push('')
  for (const p of r.packages) {
    push(`## Package \`${p.path}\`${p.title ? ` — ${p.title}` : ''}`, '')
    if (p.description) push(p.description, '')
    for (const [k, v] of Object.entries(p.fields)) push(`- **${label(k)}**: ${md(fieldText(v))}`)
    push(`- **Files**: ${p.files.map((f) => `\`${f}\``).join(', ')}`, '')
    push('### Rules', '')
    for (const group of groupRules(p.rules)) {
      const name = group[0]!.path.slice(p.path.length + 1)
      const main = group.find(hasAnnotations) ?? group[0]!
      const entry = group.some((r) => r.entrypoint)
      const heading = group.filter(hasAnnotations).length > 1 ? undefined : main.title
      push(`#### \`${name}\`${heading ? ` — ${heading}` : ''}${entry ? ' (entrypoint)' : ''}`, '')
      if (group.length === 1) {
        if (main.description) push(main.description, '')
        push(`- **Defined at**: \`${main.file}:${main.row}\`${main.endRow > main.row ? `–${main.endRow}` : ''} (${main.kind})`)
        push(...mdDetails(main, p.path, '', true))
        if (!hasAnnotations(main)) push('- *No METADATA annotations.*')
      } else {
        if (main.description && group.filter(hasAnnotations).length === 1) push(main.description, '')
        const several = group.filter(hasAnnotations).length > 1
        push(`${group.length} definitions:`, '')
        for (const def of group) {
          const own = several && def.title ? ` — **${def.title}**` : ''
          push(`- \`${def.file}:${def.row}\`${def.endRow > def.row ? `–${def.endRow}` : ''} (${def.kind})${own}`)
          if (several && def.description) push(`  - ${md(def.description)}`)
          push(...mdDetails(def, p.path, '  ', several))
        }
        if (!several) for (const [k, v] of Object.entries(main.fields)) push(`- **${label(k)}**: ${md(fieldText(v))}`)
      }
      if (main.allDataRefs?.length) push(`- **Reads data, through the rules it uses**: ${main.allDataRefs.map((d) => `\`${d}\``).join(', ')}`)
      push('')
    }
  }
  push('## Tests', '')
  if (!r.tests) push(`Tests ${r.testsNote ?? 'not run'}.`, '')
  else {
    push(`${testSummary(r.tests)}.`, '')
    push('| Result | Test | Location | Duration |', '| --- | --- | --- | --- |')
    for (const t of r.tests.results) {
      push(`| ${t.status.toUpperCase()} | ${md(t.name)} | \`${t.location.file}:${t.location.row}\` | ${t.duration.toFixed(2)} ms |`)
    }
    push('')
    const failing = r.tests.results.filter((t) => t.status === 'fail' || t.status === 'error')
    if (failing.length) {
      push('### Failures', '')
      for (const t of failing) push(`- **${md(t.name)}**: ${md(failureText(t))}`)
      push('')
    }
    if (r.tests.coverage) {
      push('### Coverage', '', '| File | Coverage | Lines not covered |', '| --- | --- | --- |')
      for (const f of r.tests.coverage.files) push(`| \`${f.file}\` | ${f.coverage.toFixed(2)}% | ${f.notCovered.join(', ') || '—'} |`)
      push(`| **Total** | **${r.tests.coverage.coverage.toFixed(2)}%** | |`, '')
    }
  }
  return out.join('\n')
}

function mdDetails(rule: RuleDoc, pkg: string, indent: string, fields: boolean): string[] {
  const out: string[] = []
  if (fields) for (const [k, v] of Object.entries(rule.fields)) out.push(`${indent}- **${label(k)}**: ${md(fieldText(v))}`)
  if (rule.dataRefs.length) out.push(`${indent}- **Reads data**: ${rule.dataRefs.map((d) => `\`${d}\``).join(', ')}`)
  if (rule.inputRefs.length) out.push(`${indent}- **Reads input**: ${rule.inputRefs.map((d) => `\`${d}\``).join(', ')}`)
  if (rule.uses.length) out.push(`${indent}- **Uses rules**: ${rule.uses.map((u) => `\`${u.slice(pkg.length + 1) || u}\``).join(', ')}`)
  if (rule.coverage) out.push(`${indent}- **Coverage**: ${rule.coverage.covered}/${rule.coverage.total} lines`)
  return out
}

function failureText(t: TestReport['results'][number]): string {
  if (t.error) return `${t.error.code}: ${t.error.message}`
  if (t.mismatches?.length) return t.mismatches.map((m) => `${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`).join('; ')
  if (t.failure?.expr) return `failed at ${t.failure.location ? `${t.failure.location.file}:${t.failure.location.row}` : ''}: ${t.failure.expr}`
  return 'failed'
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The report as one self-contained HTML page. */
export function renderHtml(r: PolicyReport): string {
  const o: string[] = []
  const code = (s: string) => `<code>${esc(s)}</code>`
  const para = (s: string) => s.split(/\n{2,}/).map((x) => `<p>${esc(x)}</p>`).join('')
  o.push('<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${esc(r.title)}</title>`)
  o.push(`<style>body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
code{background:#f4f4f4;padding:0 .2rem}.pass{color:#176f2c}.fail,.error{color:#b00020;font-weight:bold}.skip{color:#888}
.rule{border-left:3px solid #ccd;padding-left:1rem;margin:1.2rem 0}.ep{background:#e8f0ff;padding:0 .4rem;border-radius:3px}</style></head><body>`)
  o.push(`<h1>${esc(r.title)}</h1>`, `<p>Generated by <code>cordon doc</code> on ${esc(r.generatedAt)}.</p>`, '<table>')
  const row = (k: string, v: string) => o.push(`<tr><th>${esc(k)}</th><td>${v}</td></tr>`)
  row('Bundle revision', `${code(r.revision)} (${r.revisionSource === 'bundle' ? 'from the bundle manifest' : 'as <code>cordon build</code> computes it for these files'})`)
  row('Entrypoints', r.entrypoints.map(code).join(', ') || '—')
  row('Policy files', r.files.map((f) => `${code(f.file)} (sha256 ${code(f.sha256.slice(0, 12))})`).join('<br>'))
  row('Data files', r.dataFiles.map((f) => `${code(f.file)} (sha256 ${code(f.sha256.slice(0, 12))})`).join('<br>') || '—')
  row('Tests', esc(r.tests ? testSummary(r.tests) : (r.testsNote ?? '—')))
  if (r.tests?.coverage) row('Coverage', esc(`${r.tests.coverage.coverage.toFixed(2)}% of lines`))
  o.push('</table>')
  for (const p of r.packages) {
    o.push(`<h2>Package ${code(p.path)}${p.title ? ` — ${esc(p.title)}` : ''}</h2>`)
    if (p.description) o.push(para(p.description))
    o.push('<ul>')
    for (const [k, v] of Object.entries(p.fields)) o.push(`<li><strong>${esc(label(k))}</strong>: ${esc(fieldText(v))}</li>`)
    o.push(`<li><strong>Files</strong>: ${p.files.map(code).join(', ')}</li></ul>`, '<h3>Rules</h3>')
    for (const group of groupRules(p.rules)) {
      const name = group[0]!.path.slice(p.path.length + 1)
      const main = group.find(hasAnnotations) ?? group[0]!
      const several = group.filter(hasAnnotations).length > 1
      o.push(`<div class="rule" id="${esc(main.path)}"><h4>${code(name)}${main.title && !several ? ` — ${esc(main.title)}` : ''}${group.some((r) => r.entrypoint) ? ' <span class="ep">entrypoint</span>' : ''}</h4>`)
      if (main.description && !several) o.push(para(main.description))
      o.push('<ul>')
      for (const def of group) {
        o.push(`<li><strong>Defined at</strong> ${code(`${def.file}:${def.row}`)}${def.endRow > def.row ? `–${def.endRow}` : ''} (${esc(def.kind)})${several && def.title ? ` — <strong>${esc(def.title)}</strong>` : ''}<ul>`)
        if (several && def.description) o.push(`<li>${esc(def.description)}</li>`)
        for (const [k, v] of Object.entries(def.fields)) o.push(`<li><strong>${esc(label(k))}</strong>: ${esc(fieldText(v))}</li>`)
        if (def.dataRefs.length) o.push(`<li><strong>Reads data</strong>: ${def.dataRefs.map(code).join(', ')}</li>`)
        if (def.inputRefs.length) o.push(`<li><strong>Reads input</strong>: ${def.inputRefs.map(code).join(', ')}</li>`)
        if (def.uses.length) o.push(`<li><strong>Uses rules</strong>: ${def.uses.map((u) => code(u.slice(p.path.length + 1) || u)).join(', ')}</li>`)
        if (def.coverage) o.push(`<li><strong>Coverage</strong>: ${def.coverage.covered}/${def.coverage.total} lines</li>`)
        o.push('</ul></li>')
      }
      if (main.allDataRefs?.length) o.push(`<li><strong>Reads data, through the rules it uses</strong>: ${main.allDataRefs.map(code).join(', ')}</li>`)
      if (!group.some(hasAnnotations)) o.push('<li><em>No METADATA annotations.</em></li>')
      o.push('</ul></div>')
    }
  }
  o.push('<h2>Tests</h2>')
  if (!r.tests) o.push(`<p>Tests ${esc(r.testsNote ?? 'not run')}.</p>`)
  else {
    o.push(`<p>${esc(testSummary(r.tests))}.</p>`, '<table><tr><th>Result</th><th>Test</th><th>Location</th><th>Duration</th><th>Details</th></tr>')
    for (const t of r.tests.results) {
      const details = t.status === 'fail' || t.status === 'error' ? esc(failureText(t)) : ''
      o.push(`<tr><td class="${t.status}">${t.status.toUpperCase()}</td><td>${esc(t.name)}</td><td>${code(`${t.location.file}:${t.location.row}`)}</td><td>${t.duration.toFixed(2)} ms</td><td>${details}</td></tr>`)
    }
    o.push('</table>')
    if (r.tests.coverage) {
      o.push('<h3>Coverage</h3><table><tr><th>File</th><th>Coverage</th><th>Lines not covered</th></tr>')
      for (const f of r.tests.coverage.files) o.push(`<tr><td>${code(f.file)}</td><td>${f.coverage.toFixed(2)}%</td><td>${esc(f.notCovered.join(', ') || '—')}</td></tr>`)
      o.push(`<tr><th>Total</th><th>${r.tests.coverage.coverage.toFixed(2)}%</th><td></td></tr></table>`)
    }
  }
  o.push('</body></html>', '')
  return o.join('\n')
}

/** `cordon doc`: returns the exit code. */
export async function runDoc(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      entrypoint: { type: 'string', short: 'e', multiple: true, default: [] },
      bundle: { type: 'string', short: 'b' },
      revision: { type: 'string' },
      'no-tests': { type: 'boolean', default: false },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...builtinsOption,
    },
  })
  if (values.help) {
    out(docHelp + '\n')
    return 0
  }
  if (positionals.length === 0) throw new UsageError('cordon doc needs at least one PATH')
  const format = values.format ?? (values.output && /\.html?$/i.test(values.output) ? 'html' : 'md')
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html, not ${format}`)
  if (values.bundle !== undefined && values.revision !== undefined) throw new UsageError('use either -b or --revision, not both')
  const built = await buildReport(positionals, {
    entrypoints: values.entrypoint,
    bundle: values.bundle === undefined ? undefined : new Uint8Array(readFileSync(values.bundle)),
    revision: values.revision,
    tests: !values['no-tests'],
    title: values.title,
    builtins: await loadBuiltins(values.builtins),
  })
  if ('diagnostics' in built) {
    process.stderr.write(renderPretty(built.diagnostics, built.sources))
    return exitCodes.policyError
  }
  const text = format === 'html' ? renderHtml(built.report) : renderMarkdown(built.report) + '\n'
  if (values.output) {
    writeFileSync(values.output, text)
    const t = built.report.tests
    out(`wrote ${values.output} (${built.report.packages.reduce((n, p) => n + p.rules.length, 0)} rules; revision ${built.report.revision}${t ? `; tests: ${testSummary(t)}` : ''})\n`)
  } else out(text)
  return 0
}
