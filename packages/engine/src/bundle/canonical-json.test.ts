import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'

describe('canonicalJson (the text OPA digests for structured bundle files)', () => {
  it('sorts keys by code point, drops whitespace, keeps number literals', () => {
    expect(canonicalJson('{ "b": 1.50, "a": [ 1e3, -0, {"z":null,"y":true} ], "\u00e9": "x", "Z": false }')).toBe(
      '{"Z":false,"a":[1e3,-0,{"y":true,"z":null}],"b":1.50,"é":"x"}',
    )
    expect(canonicalJson('{"\ud83d\ude00":1,"\uffff":2}')).toBe('{"\uffff":2,"\ud83d\ude00":1}')
  })

  it('escapes strings as Go does without HTML escaping', () => {
    expect(canonicalJson('"<&>\\u2028\\u0001\\n\\"\\\\"')).toBe('"<&>\\u2028\\u0001\\n\\"\\\\"')
    expect(canonicalJson('{"a":1,"a":2}')).toBe('{"a":2}')
  })

  it('rejects invalid JSON', () => {
    for (const bad of ['{', '[1,]', '{"a" 1}', 'nul', '1 2']) expect(() => canonicalJson(bad), bad).toThrow()
  })
})
