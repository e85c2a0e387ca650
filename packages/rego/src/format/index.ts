/**
 * @module format
 *
 * `formatModule` prints a Rego v1 module the way `opa fmt` does, byte for
 * byte: it parses the source (so it reports parse errors as `check` does) and
 * writes the AST back, laid out after the source's rows and with every
 * comment kept where it was. The rules are those of OPA's `v1/format/format.go`.
 */
import { compileModules } from '../checker/pipeline.js'
import { parseModule } from '../syntax/parse.js'
import type { Diagnostic } from '../diagnostics.js'
import { writeModule } from './module.js'
import { FormatError } from './term.js'
import { Writer } from './writer.js'

export interface FormatOptions {
  /** File name used in diagnostics. */
  file?: string
  /** Drop `import rego.v1` and `future.keywords…` imports (OPA's `--drop-v0-imports`). */
  dropV0Imports?: boolean
  /**
   * Read the source as Rego v0 and write it as Rego v1 with `import rego.v1`
   * (OPA's `fmt --v0-v1`, the migration path). A file that already imports
   * rego.v1 is read as v1.
   */
  v0ToV1?: boolean
  /** Read the source as Rego v0 and write it as v0 (OPA's `fmt --v0-compatible`); a file importing rego.v1 stays v1. */
  v0Compatible?: boolean
}

export interface FormatResult {
  /** The formatted source; set only when there is no diagnostic. */
  formatted?: string
  diagnostics: Diagnostic[]
}

/**
 * Formats a Rego v1 module.
 *
 * @example
 * formatModule('package x\np if {input.a==1}').formatted // 'package x\n\np if input.a == 1\n'
 */
export function formatModule(source: string, options: FormatOptions = {}): FormatResult {
  const { module, diagnostics } = parseModule(source, {
    file: options.file,
    experimentalKeywords: true,
    regoVersion: options.v0ToV1 || options.v0Compatible ? 'v0' : 'v1',
  })
  if (!module) return { diagnostics }
  if (options.v0ToV1) {
    // As v1, the module must pass the import and shadowing checks v0 spared it.
    const { regoVersion: _v0, ...asV1 } = module
    const checked = compileModules([asV1], { stopAfter: 'check-imports' }).diagnostics
    if (checked.length > 0) return { diagnostics: checked }
  }
  const w = new Writer(source)
  try {
    writeModule(w, module, {
      dropV0Imports: options.dropV0Imports === true,
      addRegoV1Import: options.v0ToV1 === true,
      v0Output: options.v0Compatible === true,
    })
  } catch (e) {
    if (!(e instanceof FormatError)) throw e
    return { diagnostics: [{ code: 'rego_type_error', message: e.message, location: e.loc }] }
  }
  return { formatted: squashTrailingNewlines(w.buf), diagnostics: [] }
}

function squashTrailingNewlines(s: string): string {
  return s.endsWith('\n') ? s.replace(/\n+$/, '') + '\n' : s
}
