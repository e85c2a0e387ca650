/**
 * "Did you mean" hints: misspelled keywords (parse errors), builtins and
 * functions (undefined function), rules and imports (unsafe variables). Each
 * hint points at the misspelled token; names too far from any known one get
 * no hint.
 */
import { describe, expect, it } from 'vitest'
import { checkSources } from './check-sources.js'
import { closestName, editDistance } from './suggest.js'

/** The hints of a one-file check: `row:col message` of each hint, in diagnostic order. */
function hints(text: string): string[] {
  const { diagnostics } = checkSources([{ file: 'p.rego', text }], { errorLimit: 100 })
  expect(diagnostics.length).toBeGreaterThan(0)
  return diagnostics.flatMap((d) => (d.hint ? [`${d.hint.location.row}:${d.hint.location.col} ${d.hint.message}`] : []))
}

describe('edit distance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('contians', 'contains')).toBe(1)
    expect(editDistance('evry', 'every')).toBe(1)
    expect(editDistance('abc', 'xyz')).toBe(3)
  })
  it('suggests only close names, the nearest first', () => {
    expect(closestName('alow', ['allow', 'deny'])).toBe('allow')
    expect(closestName('totally_else', ['allow', 'deny'])).toBeUndefined()
    expect(closestName('allow', ['allow'])).toBeUndefined()
  })
})

describe('keywords', () => {
  it.each([
    ['package p\n\nimprot data.x\n', '3:1 did you mean import?'],
    ['pacakge p\n', '1:1 did you mean package?'],
    ['package p\n\ndefualt allow := false\n', '3:1 did you mean default?'],
    ['package p\n\nallow if {\n\tevry x in input.xs { x > 1 }\n}\n', '4:2 did you mean every?'],
    ['package p\n\ns contians 1 if true\n', '3:3 did you mean contains?'],
    ['package p\n\nallow if {\n\tsome x ni input.xs\n}\n', '4:9 did you mean in?'],
    ['package p\n\nallow if {\n\tinput.x\n} esle := false\n', '5:3 did you mean else?'],
  ])('%j', (text, hint) => {
    expect(hints(text)).toEqual([hint])
  })

  it('a reference key that looks like a keyword is not one', () => {
    const { diagnostics } = checkSources([{ file: 'p.rego', text: 'package p\n\nallow if input.improt ==\n' }])
    expect(diagnostics.map((d) => d.hint)).toEqual([undefined])
  })
})

describe('builtins, functions and rules', () => {
  it('an undefined function close to a builtin or a function of the package', () => {
    const text =
      'package p\n\nis_admin(u) := u == "root"\n\nallow if {\n\tstratswith(input.a, "b")\n\tnot is_admn(input.user)\n\tfrobnicate(1)\n}\n'
    expect(hints(text)).toEqual(['6:2 did you mean startswith?', '7:6 did you mean is_admin?'])
  })

  it('a free variable close to a rule of the package or an import', () => {
    const text =
      'package p\n\nimport data.roles\n\ndeny if input.x\n\nallow if {\n\tnot denny\n\trols[_] == "admin"\n\tzzz\n}\n'
    expect(hints(text)).toEqual(['8:6 did you mean deny?', '9:2 did you mean roles?'])
  })
})
