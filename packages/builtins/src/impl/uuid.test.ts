import { describe, expect, it } from 'vitest'
import { table, typeErr } from './core-test-table.js'
import { hostBuiltinImpls } from './index.js'
import { newBuiltinContext } from './types.js'

const v2 =
  '{"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, "variant": "RFC4122", "version": 2}'

describe('uuid.parse', () => {
  table([
    {
      note: 'v4',
      fn: 'uuid.parse',
      args: '["00000000-0000-4000-8000-000000000000"]',
      want: '{"variant": "RFC4122", "version": 4}',
    },
    {
      note: 'v3',
      fn: 'uuid.parse',
      args: '["38074da4-0b00-388d-9c3c-362de965547a"]',
      want: '{"variant": "RFC4122", "version": 3}',
    },
    { note: 'v2 fields', fn: 'uuid.parse', args: '["000003e8-48b9-21ee-b200-325096b39f47"]', want: v2 },
    { note: 'urn form', fn: 'uuid.parse', args: '["urn:uuid:000003e8-48b9-21ee-b200-325096b39f47"]', want: v2 },
    {
      note: 'urn prefix is case-insensitive',
      fn: 'uuid.parse',
      args: '["URN:UUID:000003e8-48b9-21ee-b200-325096b39f47"]',
      want: v2,
    },
    {
      note: 'braces',
      fn: 'uuid.parse',
      args: '["{00000000-0000-4000-8000-000000000000}"]',
      want: '{"variant": "RFC4122", "version": 4}',
    },
    {
      note: '38 bytes, any wrapper',
      fn: 'uuid.parse',
      args: '["(00000000-0000-4000-8000-000000000000)"]',
      want: '{"variant": "RFC4122", "version": 4}',
    },
    {
      note: 'no dashes',
      fn: 'uuid.parse',
      args: '["6bea8ef2d3d33cd184e09bab06a52ece"]',
      want: '{"variant": "RFC4122", "version": 3}',
    },
    {
      note: 'v1 fields',
      fn: 'uuid.parse',
      args: '["c232ab00-9414-11ec-b3c8-9f6bdeced846"]',
      want: '{"clocksequence": 13256, "macvariables": "local:multicast", "nodeid": "9f-6b-de-ce-d8-46", "time": 1645557742000000000, "variant": "RFC4122", "version": 1}',
    },
    {
      note: 'Microsoft variant',
      fn: 'uuid.parse',
      args: '["00000000-0000-4000-c000-000000000000"]',
      want: '{"variant": "Microsoft", "version": 4}',
    },
    { note: 'bad length is undefined', fn: 'uuid.parse', args: '["1234"]' },
    { note: 'bad hex is undefined', fn: 'uuid.parse', args: '["0000000g-0000-4000-8000-000000000000"]' },
    { note: 'misplaced dash is undefined', fn: 'uuid.parse', args: '["000000000-000-4000-8000-000000000000"]' },
    {
      note: 'type error',
      fn: 'uuid.parse',
      args: '[123]',
      error: typeErr('uuid.parse: operand 1 must be string but got number'),
    },
  ])
})

describe('uuid.rfc4122', () => {
  it('is a v4 UUID, the same for the same key within one evaluation', () => {
    const ctx = newBuiltinContext()
    const gen = hostBuiltinImpls.get('uuid.rfc4122')!
    const a = gen(['key'], ctx) as string
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    for (let i = 0; i < 10; i++) expect(gen(['key'], ctx)).toBe(a)
    expect(gen(['other'], ctx)).not.toBe(a)
    expect(gen(['key'], newBuiltinContext())).not.toBe(a)
  })
})
