/**
 * Table-driven checks for the text group's tests: arguments and results are
 * written as Rego term text; an error row gives OPA's code and exact message.
 */
import { expect, test } from 'vitest'
import { equal, parseTermText, toTermText, type Value } from '../value/index.js'
import { hostBuiltinImpls } from './index.js'
import { BuiltinError, newBuiltinContext, type BuiltinContext } from './types.js'

export interface Row {
  note: string
  /** The builtin; defaults to the table's. */
  name?: string
  /** Arguments as Rego term text. */
  args: string[]
  /** The result as Rego term text; `undefined` for no value. */
  want?: string
  error?: { code: string; message: string }
  ctx?: Partial<Omit<BuiltinContext, 'cache'>>
}

/** Calls a text-group builtin with term-text arguments. */
export function callText(
  name: string,
  args: string[],
  ctx: Partial<Omit<BuiltinContext, 'cache'>> = {},
): Value | undefined {
  const impl = hostBuiltinImpls.get(name)
  if (!impl) throw new Error(`no implementation of ${name}`)
  return impl(args.map(parseTermText), newBuiltinContext(ctx))
}

/** One vitest test per row. */
export function table(name: string, rows: Row[]): void {
  for (const row of rows) {
    const builtin = row.name ?? name
    test(`${builtin}: ${row.note}`, () => {
      if (row.error) {
        let thrown: unknown
        try {
          callText(builtin, row.args, row.ctx)
        } catch (e) {
          thrown = e
        }
        expect(thrown, 'expected an error').toBeInstanceOf(BuiltinError)
        const e = thrown as BuiltinError
        expect({ code: e.code, message: e.message }).toEqual(row.error)
        return
      }
      const got = callText(builtin, row.args, row.ctx)
      if (row.want === undefined) {
        expect(got).toBeUndefined()
        return
      }
      expect(got, 'expected a value').toBeDefined()
      const want = parseTermText(row.want)
      if (!equal(got!, want)) expect(toTermText(got!)).toBe(toTermText(want))
    })
  }
}

/** Rego term text of a JS string. */
export const q = (s: string): string => JSON.stringify(s)

export const typeErr = (message: string) => ({ code: 'eval_type_error', message })
export const builtinErr = (message: string) => ({ code: 'eval_builtin_error', message })
