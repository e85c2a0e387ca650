import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'

/**
 * One case of OPA's conformance suite (field meanings in
 * shared/conformance/README.md). A case is identified by file and index,
 * since notes repeat.
 */
export interface ConformanceCase {
  /** Path of the YAML file relative to the folder the cases were loaded from. */
  file: string
  index: number
  note: string
  query: string
  modules: string[]
  /** The base document, with big integers as bigint. */
  data?: unknown
  input?: unknown
  hasInput: boolean
  inputTerm?: string
  wantResult?: Record<string, unknown>[]
  wantErrorCode?: string
  wantError?: string
  strictError: boolean
  sortBindings: boolean
  experimentalKeywords: boolean
  ignoreGeneratedVars: boolean
}

/** Every `*.yaml` file below `dir`, sorted. */
export function yamlFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...yamlFiles(full))
    else if (e.name.endsWith('.yaml') || e.name.endsWith('.yml')) out.push(full)
  }
  return out.sort()
}

/**
 * The cases of one YAML file as written (OPA's field names; big integers as
 * bigint), for readers that need fields `ConformanceCase` leaves out. Throws
 * an Error naming the file when it is not a case file.
 */
export function readCaseFile(file: string): Record<string, unknown>[] {
  let doc: { cases?: Record<string, unknown>[] }
  try {
    doc = YAML.parse(readFileSync(file, 'utf8'), { intAsBigInt: true })
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${(err as Error).message}`, { cause: err })
  }
  if (!Array.isArray(doc?.cases)) throw new Error(`${file}: expected a mapping with a "cases" list`)
  return doc.cases
}

/** Reads every case below `dir`. Throws an Error naming the file when one is not a case file. */
export function loadCases(dir: string): ConformanceCase[] {
  return yamlFiles(dir).flatMap((file) =>
    readCaseFile(file).map((c, index) => toCase(path.relative(dir, file), index, c)),
  )
}

function toCase(file: string, index: number, c: Record<string, unknown>): ConformanceCase {
  return {
    file,
    index,
    note: String(c.note ?? ''),
    query: String(c.query ?? ''),
    modules: (c.modules as string[] | undefined) ?? [],
    data: c.data,
    input: c.input,
    hasInput: 'input' in c,
    inputTerm: c.input_term as string | undefined,
    wantResult: c.want_result as Record<string, unknown>[] | undefined,
    wantErrorCode: c.want_error_code as string | undefined,
    wantError: c.want_error as string | undefined,
    strictError: c.strict_error === true,
    sortBindings: c.sort_bindings === true,
    experimentalKeywords: c.experimental_keywords === true,
    ignoreGeneratedVars: c.ignore_generated_vars === true,
  }
}

/** The topic of a case: the first folder of its file path. */
export const topicOf = (c: Pick<ConformanceCase, 'file'>): string => c.file.split(/[\\/]/)[0] ?? c.file

/** `file#index`, the stable identity of a case. */
export const caseId = (c: Pick<ConformanceCase, 'file' | 'index'>): string => `${c.file}#${c.index}`
