/**
 * `--experimental` and `--capabilities FILE` with `future_keywords` on check,
 * build, test and eval: a module importing `future.keywords.and` / `.or`
 * (as Regal's bundle does) loads only with one of them.
 */
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const policy = `package logic

import future.keywords.and
import future.keywords.or

allow if input.a == 1 or input.b == 2 and input.c == 3

test_or if allow with input as {"a": 1}
test_and if allow with input as {"b": 2, "c": 3}
test_and_needs_both if not allow with input as {"b": 2}
`
const caps = (keywords: string[]) =>
  JSON.stringify({
    builtins: [
      { name: 'eq', decl: { type: 'function', args: [{ type: 'any' }, { type: 'any' }], result: { type: 'boolean' } } },
      {
        name: 'equal',
        decl: { type: 'function', args: [{ type: 'any' }, { type: 'any' }], result: { type: 'boolean' } },
      },
    ],
    future_keywords: keywords,
  })
const files = {
  'p/logic.rego': policy,
  'in.json': JSON.stringify({ b: 2, c: 3 }),
  'caps.json': caps(['and', 'not', 'or']),
  'plain-caps.json': caps(['in', 'if']),
}
const refusal = 'future.keywords.and is experimental: enable experimental keywords to import it'

describe('experimental keywords on the command line', () => {
  const dir = workspace(files)

  it.each([
    ['check', ['check', 'p']],
    ['build', ['build', 'p', '-e', 'logic/allow', '-o', 'b.tar.gz']],
    ['test', ['test', 'p']],
    ['eval', ['eval', '-d', 'p', '-i', 'in.json', 'data.logic.allow']],
  ])('%s refuses the import without a switch', (_, args) => {
    const r = cordon(args, dir)
    expect(r.status).not.toBe(0)
    expect(r.stdout + r.stderr).toContain(refusal)
  })

  it('check accepts it with --experimental or with capabilities listing the keywords', () => {
    expect(cordon(['check', '--experimental', 'p'], dir)).toMatchObject({
      status: 0,
      stdout: '1 file checked, no errors\n',
    })
    expect(cordon(['check', '--capabilities', 'caps.json', 'p'], dir)).toMatchObject({ status: 0 })
    expect(cordon(['check', '--capabilities', 'plain-caps.json', 'p'], dir).stdout).toContain(refusal)
  })

  it('build and eval the bundle; eval -d and test compile and run it', () => {
    const built = cordon(['build', 'p', '-e', 'logic/allow', '--capabilities', 'caps.json', '-o', 'b.tar.gz'], dir)
    expect(built.stderr).toBe('')
    expect(built.status).toBe(0)
    expect(JSON.parse(cordon(['eval', '-b', 'b.tar.gz', '-i', 'in.json', 'logic/allow'], dir).stdout)).toEqual([
      { result: true },
    ])
    const evaluated = cordon(['eval', '--experimental', '-d', 'p', '-i', 'in.json', 'x := data.logic.allow'], dir)
    expect(evaluated.stderr).toBe('')
    expect(JSON.parse(evaluated.stdout)).toEqual([{ x: true }])
    const tested = cordon(['test', '--experimental', 'p', '--format', 'json'], dir)
    expect(tested.status).toBe(0)
    expect(JSON.parse(tested.stdout).summary).toMatchObject({ pass: 3, fail: 0 })
  })
})
