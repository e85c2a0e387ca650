import { hostBuiltinFamiliesOf, hostBuiltinFamilyImport } from '@cordon/builtins/core'

/** The stable codes of evaluation errors, OPA's where OPA has one. */
export type EvalErrorCode =
  'eval_conflict_error' | 'eval_builtin_error' | 'eval_type_error' | 'engine_error' | 'resource_exhausted'

/** An evaluation that could not complete. `message` is OPA-style: `file:row: text` where known. */
export class PolicyEvalError extends Error {
  override name = 'PolicyEvalError'
  constructor(
    readonly code: EvalErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** The input is not JSON data (a BigInt, a cycle, a function…): nothing was evaluated. */
export class InputNotJsonError extends Error {
  override name = 'InputNotJsonError'
}

/** JSON text of an input (undefined: no input). Throws InputNotJsonError. */
export function inputJsonText(input: unknown): string | undefined {
  if (input === undefined) return undefined
  let text: string | undefined
  try {
    text = JSON.stringify(input)
  } catch (err) {
    throw new InputNotJsonError((err as Error).message)
  }
  if (text === undefined) throw new InputNotJsonError(`a ${typeof input} is not JSON`)
  return text
}

/** A module needs builtins the host does not provide (`missing`, sorted); thrown when it is instantiated. */
export class MissingBuiltinsError extends PolicyEvalError {
  override name = 'PolicyEvalError'
  constructor(readonly missing: readonly string[]) {
    super(
      'engine_error',
      `the module needs builtins the host does not provide: ${missing.join(', ')}${familyHint(missing)}`,
    )
  }
}

/** For builtins of a family (`@cordon/engine/lean` imports none by itself): which import provides them. */
function familyHint(missing: readonly string[]): string {
  const families = hostBuiltinFamiliesOf(missing).map(hostBuiltinFamilyImport)
  if (families.length === 0) return ''
  const imports = families.map((f) => `import { ${f.name} } from '${f.from}'`).join('; ')
  return ` (${imports}; and pass hostBuiltinFamilies: [${families.map((f) => f.name).join(', ')}])`
}

const conflictTexts = [
  'var assignment conflict',
  'object insert conflict',
  'complete rules must not produce multiple outputs',
  'functions must not produce multiple outputs',
  'object keys must be unique',
]

/**
 * Turns an `opa_abort` message into a typed error. Cordon's modules prefix
 * evaluation errors with their code (`eval_type_error: …`); OPA's modules
 * report conflicts as `file:row:col: var assignment conflict`.
 */
export function errorFromAbort(message: string): PolicyEvalError {
  const coded = /^(eval_[a-z_]+_error): ([\s\S]*)$/.exec(message)
  if (coded) return new PolicyEvalError(coded[1] as EvalErrorCode, coded[2]!)
  if (conflictTexts.some((t) => message.includes(t))) return new PolicyEvalError('eval_conflict_error', message)
  if (message.includes('opa_malloc: failed') || message.startsWith('resource_exhausted: '))
    return new PolicyEvalError('resource_exhausted', message)
  return new PolicyEvalError('engine_error', message)
}
