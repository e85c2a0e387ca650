/**
 * `# METADATA` blocks: a comment `# METADATA` followed by comment lines (on
 * consecutive lines) holding YAML. The usual plain YAML is read by
 * simple-yaml.ts, anything else with the `yaml` package.
 * The block applies to the statement right after it: a rule (default scope
 * `rule`) or the package (default scope `package`).
 */
import { parseDocument } from 'yaml'
import type { Annotation, Module, Rule } from '../ast.js'
import type { Diagnostic } from '../diagnostics.js'
import type { Location } from '../location.js'
import type { LexedComment } from './lexer.js'
import { readSimpleYaml } from './simple-yaml.js'
import type { Token } from './tokens.js'

const SCOPES = new Set(['package', 'subpackages', 'rule', 'document'])

/** A parsed block before it is attached: `scope` is unset when the YAML did not give one. */
export interface AnnotationBlock {
  loc: Location
  scope?: Annotation['scope']
  fields: Record<string, unknown>
}

/** Finds and reads every `# METADATA` block in the comments. Bad YAML becomes a diagnostic. */
export function readAnnotationBlocks(comments: readonly LexedComment[], diagnostics: Diagnostic[]): AnnotationBlock[] {
  const blocks: AnnotationBlock[] = []
  for (let i = 0; i < comments.length; i++) {
    const head = comments[i]!
    if (head.text.trim() !== 'METADATA') continue
    const lines: string[] = []
    let last = head
    // A block ends at the first gap, or where the next `# METADATA` block begins.
    while (
      i + 1 < comments.length &&
      comments[i + 1]!.loc.row === last.loc.row + 1 &&
      comments[i + 1]!.text.trim() !== 'METADATA'
    ) {
      last = comments[++i]!
      lines.push(last.text)
    }
    const loc: Location = { ...head.loc, end: last.loc.end }
    const block = readBlock(dedent(lines), loc, diagnostics)
    if (block) blocks.push(block)
  }
  return blocks
}

/** Removes the indentation all non-blank lines share (usually the space after `#`). */
function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length)
  const n = indents.length > 0 ? indents.reduce((a, b) => Math.min(a, b)) : 0
  return lines.map((l) => l.slice(n)).join('\n')
}

function readBlock(text: string, loc: Location, diagnostics: Diagnostic[]): AnnotationBlock | undefined {
  const fail = (message: string) => {
    diagnostics.push({ code: 'rego_parse_error', message, location: loc })
    return undefined
  }
  let value: unknown = readSimpleYaml(text)
  if (value === undefined) {
    const doc = parseDocument(text, { prettyErrors: false })
    if (doc.errors.length > 0) return fail(`invalid METADATA block: ${doc.errors[0]!.message.split('\n')[0]}`)
    value = text.trim() === '' ? {} : doc.toJS()
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('invalid METADATA block: expected YAML key-value pairs (e.g., "# title: My rule")')
  }
  // OPA reads the block into a Go struct, where a null field (`# description:`)
  // is the field's zero value, which its JSON leaves out: here, no field.
  const fields = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
  const scope = fields['scope']
  if (scope !== undefined && (typeof scope !== 'string' || !SCOPES.has(scope))) {
    return fail(`invalid annotation scope '${String(scope)}': use package, subpackages, rule or document`)
  }
  for (const key of ['title', 'description'] as const) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string')
      return fail(`invalid METADATA block: "${key}" must be a string`)
  }
  if (fields['entrypoint'] !== undefined && typeof fields['entrypoint'] !== 'boolean') {
    return fail('invalid METADATA block: "entrypoint" must be true or false')
  }
  return { loc, scope: scope as Annotation['scope'] | undefined, fields }
}

function toAnnotation(b: AnnotationBlock, scope: Annotation['scope']): Annotation {
  const a: Annotation = { type: 'annotation', scope, fields: b.fields, loc: b.loc }
  if (typeof b.fields['title'] === 'string') a.title = b.fields['title']
  if (typeof b.fields['description'] === 'string') a.description = b.fields['description']
  if (typeof b.fields['entrypoint'] === 'boolean') a.entrypoint = b.fields['entrypoint']
  return a
}

/**
 * Attaches each block to the statement that follows it: rule scope (the
 * default before a rule) goes on the rule; package, subpackages and document
 * scopes go on the module. A scope that does not fit its target is an error,
 * with OPA's wording.
 */
export function attachAnnotations(
  blocks: readonly AnnotationBlock[],
  tokens: readonly Token[],
  module: Module,
  diagnostics: Diagnostic[],
): void {
  const rulesByOffset = new Map<number, Rule>()
  for (const r of module.rules) if (!rulesByOffset.has(r.loc.offset)) rulesByOffset.set(r.loc.offset, r)
  for (const b of blocks) {
    const next = firstTokenAfter(tokens, b.loc.end)
    const rule = next ? rulesByOffset.get(next.offset) : undefined
    const isPackage = next !== undefined && next.offset === module.package.loc.offset
    const target = rule ? 'rule' : isPackage ? 'package' : undefined
    const scope = b.scope ?? target
    if (!scope) continue
    const misplaced =
      (scope === 'rule' || scope === 'document') && target !== 'rule'
        ? 'rule'
        : (scope === 'package' || scope === 'subpackages') && target !== 'package'
          ? 'package'
          : undefined
    if (misplaced) {
      const have = target ?? 'no statement'
      diagnostics.push({
        code: 'rego_parse_error',
        message: `annotation scope '${scope}' must be applied to ${misplaced} (have ${have})`,
        location: b.loc,
      })
      continue
    }
    if (scope === 'rule' && rule) rule.annotations.push(toAnnotation(b, scope))
    else module.annotations.push(toAnnotation(b, scope))
  }
}

/** Binary search: the first token starting at or after `offset`. */
function firstTokenAfter(tokens: readonly Token[], offset: number): Token | undefined {
  let lo = 0
  let hi = tokens.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (tokens[mid]!.offset < offset) lo = mid + 1
    else hi = mid
  }
  const t = tokens[lo]
  return t && t.kind !== 'eof' && t.offset >= offset ? t : undefined
}
