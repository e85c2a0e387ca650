/**
 * Table-driven checks for the core group's unit tests: arguments and
 * expected results are written as Rego term text.
 */
import { expect, it } from 'vitest'
import { parseTermText, toTermText, type Value } from '../value/index.js'
import { hostBuiltinImpls } from './index.js'
import { BuiltinError, newBuiltinContext } from './types.js'

export interface Row {
  note: string
  /** The builtin's Rego name. */
  fn: string
  /** The arguments as a term-text array, e.g. `[1, "a"]`. */
  args: string
  /** The expected result as term text; omit together with `error` for "undefined". */
  want?: string
  /** `[code, message]` of the expected BuiltinError. */
  error?: [BuiltinError['code'], string]
}

function call(fn: string, args: Value[]): Value | undefined {
  const impl = hostBuiltinImpls.get(fn)
  if (!impl) throw new Error(`no core implementation of ${fn}`)
  return impl(args, newBuiltinContext())
}

export function table(rows: Row[]): void {
  it.each(rows)('$note', (row) => {
    const args = parseTermText(row.args) as Value[]
    if (row.error) {
      let thrown: unknown
      try {
        call(row.fn, args)
      } catch (e) {
        thrown = e
      }
      expect(thrown).toBeInstanceOf(BuiltinError)
      expect({ code: (thrown as BuiltinError).code, message: (thrown as BuiltinError).message }).toEqual({
        code: row.error[0],
        message: row.error[1],
      })
      return
    }
    const got = call(row.fn, args)
    if (row.want === undefined) expect(got).toBeUndefined()
    else expect(got === undefined ? 'undefined' : toTermText(got)).toBe(toTermText(parseTermText(row.want)))
  })
}

export const typeErr = (message: string): [BuiltinError['code'], string] => ['eval_type_error', message]
export const builtinErr = (message: string): [BuiltinError['code'], string] => ['eval_builtin_error', message]
