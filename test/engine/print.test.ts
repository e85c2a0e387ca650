import { PolicyInstance } from '@cordon/engine'
import { buildWasm } from '@cordon/wasm'
import { describe, expect, it } from 'vitest'

describe('print in compiled policies', () => {
  it('loads without host builtins and sends print lines to the print option', () => {
    const built = buildWasm(
      [
        {
          file: 'p.rego',
          text: 'package p\n\nallow if {\n\tprint("user", input.user, input.missing)\n\tinput.user == "alice"\n}\n',
        },
      ],
      {
        entrypoints: ['p/allow'],
      },
    )
    expect(built.diagnostics).toEqual([])
    const p = PolicyInstance.createSync(built.wasm!)
    const lines: string[] = []
    expect(p.evaluate({ user: 'alice' }, 'p/allow', { print: (l) => lines.push(l) })).toEqual([{ result: true }])
    expect(lines).toEqual(['user alice <undefined>'])
  })
})
