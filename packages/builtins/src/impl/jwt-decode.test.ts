import { describe, expect, it } from 'vitest'
import { fromJson, toJson, type Value } from '../value/index.js'
import { failure, run } from './security-test-util.js'

// Tokens of OPA's jwtbuiltins conformance cases.
const cases: { note: string; token: string; want?: string; error?: string }[] = [
  {
    note: 'simple',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    want: '[{"alg":"HS256","typ":"JWT"},{"iss":"opa","sub":"0"},"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]',
  },
  {
    note: 'simple-non-registered',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwiaXNzIjoib3BhIn0.6UmjsclVDGD9jcmX_F8RJzVgHtUZuLu2pxkF_UEQCrE',
    want: '[{"alg":"HS256","typ":"JWT"},{"iss":"opa","new":"I am a user created field"},"e949a3b1c9550c60fd8dc997fc5f112735601ed519b8bbb6a71905fd41100ab1"]',
  },
  {
    note: 'no-support-jwe',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImVuYyI6ImJsYWgifQ.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwiaXNzIjoib3BhIn0.McGUb1e-UviZKy6UyQErNNQzEUgeV25Buwk7OHOa8U8',
    error: 'io.jwt.decode: JWT is a JWE object, which is not supported',
  },
  {
    note: 'no-periods',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    error: 'io.jwt.decode: encoded JWT had no period separators',
  },
  {
    note: 'wrong-period-count',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXV.CJ9eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    error: 'io.jwt.decode: encoded JWT must have 3 sections, found 2',
  },
  {
    note: 'bad-header-encoding',
    token:
      'eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    error: 'io.jwt.decode: JWT header had invalid encoding: illegal base64 data at input byte 13',
  },
  {
    note: 'bad-payload-encoding',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwia/XNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    error: 'io.jwt.decode: JWT payload had invalid encoding: illegal base64 data at input byte 17',
  },
  {
    note: 'bad-signature-encoding',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO(_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    error: 'io.jwt.decode: JWT signature had invalid encoding: illegal base64 data at input byte 15',
  },
  {
    note: 'nested',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6IkpXVCJ9.ImV5SmhiR2NpT2lKSVV6STFOaUlzSW5SNWNDSTZJa3BYVkNKOS5leUp6ZFdJaU9pSXdJaXdpYVhOeklqb2liM0JoSW4wLlhtVm9Mb0hJM3B4TXRNT19XUk9OTVNKekdVRFA5cERqeThKcDBfdGRSWFki.8W0qx4mLxslmZl7wEMUWBxH7tST3XsEuWXxesXqFnRI',
    want: '[{"alg":"HS256","typ":"JWT"},{"iss":"opa","sub":"0"},"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]',
  },
  {
    note: 'double-nested',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6IkpXVCJ9.ImV5SmhiR2NpT2lKSVV6STFOaUlzSW5SNWNDSTZJa3BYVkNJc0ltTjBlU0k2SWtwWFZDSjkuSW1WNVNtaGlSMk5wVDJsS1NWVjZTVEZPYVVselNXNVNOV05EU1RaSmEzQllWa05LT1M1bGVVcDZaRmRKYVU5cFNYZEphWGRwWVZoT2VrbHFiMmxpTTBKb1NXNHdMbGh0Vm05TWIwaEpNM0I0VFhSTlQxOVhVazlPVFZOS2VrZFZSRkE1Y0VScWVUaEtjREJmZEdSU1dGa2kuOFcwcXg0bUx4c2xtWmw3d0VNVVdCeEg3dFNUM1hzRXVXWHhlc1hxRm5SSSI.U8rwnGAJ-bJoGrAYKEzNtbJQWd3x1eW0Y25nLKHDCgo',
    want: '[{"alg":"HS256","typ":"JWT"},{"iss":"opa","sub":"0"},"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]',
  },
  {
    note: 'complex-values',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIiwiZXh0Ijp7ImFiYyI6IjEyMyIsImNiYSI6WzEwLCIxMCJdfX0.IIxF-uJ6i4K5Dj71xNLnUeqB9jmujl6ujTInhii1PxE',
    want: '[{"alg":"HS256","typ":"JWT"},{"ext":{"abc":"123","cba":[10,"10"]},"iss":"opa","sub":"0"},"208c45fae27a8b82b90e3ef5c4d2e751ea81f639ae8e5eae8d32278628b53f11"]',
  },
  {
    note: 'duplicate-keys',
    token:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiMCIsImlzcyI6ICJub3Qgb3BhIiwgImlzcyI6ICJhbHNvIG5vdCBvcGEiLCAiaXNzIjogIm9wYSJ9.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY',
    want: '[{"alg":"HS256","typ":"JWT"},{"iss":"opa","sub":"0"},"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]',
  },
]

describe('io.jwt.decode', () => {
  it.each(cases.filter((c) => c.want))('$note', ({ token, want }) => {
    expect(toJson(run('io.jwt.decode', [token])!)).toEqual(JSON.parse(want!))
  })

  it.each(cases.filter((c) => c.error))('$note', ({ token, error }) => {
    expect(failure('io.jwt.decode', [token])).toEqual({ code: 'eval_builtin_error', message: error })
  })

  it.each([
    {
      note: 'not a string',
      arg: 1 as Value,
      code: 'eval_type_error',
      message: 'io.jwt.decode: operand 1 must be string but got number',
    },
    {
      note: 'header is not an object',
      arg: 'WzFd.e30.',
      code: 'eval_builtin_error',
      message: 'io.jwt.decode: bad JWT header: decoded JSON type was not an Object',
    },
    {
      note: 'payload is not JSON',
      arg: 'e30.bm9wZQ.',
      code: 'eval_builtin_error',
      message: 'io.jwt.decode: invalid JSON',
    },
    {
      note: 'a base64url string of impossible length',
      arg: 'e30.e30.a',
      code: 'eval_builtin_error',
      message: 'io.jwt.decode: JWT signature had invalid encoding: illegal base64url string: a',
    },
  ])('$note', ({ arg, code, message }) => {
    const f = failure('io.jwt.decode', [arg])
    expect(f.code).toBe(code)
    expect(f.message.startsWith(message)).toBe(true)
  })

  it('keeps large integers exact and decodes an empty signature', () => {
    const payload = Buffer.from('{"n":123456789012345678901234567890}').toString('base64url')
    const got = run('io.jwt.decode', [`e30.${payload}.`]) as Value[]
    expect(got[1]).toEqual(fromJson({ n: 123456789012345678901234567890n }))
    expect(got[2]).toBe('')
  })
})
