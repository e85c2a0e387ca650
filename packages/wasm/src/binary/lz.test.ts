import { describe, expect, test } from 'vitest'
import { seededRandom } from '../../../../test/support/random.js'
import { packLz, unpackLz, unpackLzInPlace } from './lz.js'

/** Unpacks in one buffer as the start function does: packed bytes at `lead`, output from 0. */
function unpackInPlace(packed: Uint8Array, lead: number, size: number): Uint8Array {
  const mem = new Uint8Array(Math.max(size, lead + packed.length))
  mem.set(packed, lead)
  unpackLzInPlace(mem, lead, 0, size)
  return mem.subarray(0, size)
}

function samples(): Uint8Array[] {
  const r = seededRandom(18)
  const text = new TextEncoder().encode(
    Array.from(
      { length: 400 },
      (_, i) => `checks/cloud/aws/s3/rule_${i % 37}.rego: bucket ${Math.floor(r() * 1000)} `,
    ).join(''),
  )
  const noise = Uint8Array.from({ length: 5000 }, () => Math.floor(r() * 256))
  const zeros = new Uint8Array(70_000)
  const mixed = new Uint8Array(90_000)
  mixed.set(text, 100)
  mixed.set(noise, 40_000)
  mixed.set(text.subarray(0, 3000), 80_000)
  return [new Uint8Array(0), Uint8Array.of(7), Uint8Array.of(1, 2, 3, 4, 1, 2, 3, 4, 1, 2), text, noise, zeros, mixed]
}

describe('packLz / unpackLz', () => {
  test.each(samples().map((bytes) => ({ bytes, n: bytes.length })))(
    'round trip of $n bytes, also in place',
    ({ bytes }) => {
      const { bytes: packed, lead } = packLz(bytes)
      expect(unpackLz(packed, bytes.length)).toEqual(bytes)
      // In place, from `lead` on: a write over packed bytes not yet read would garble the output.
      expect(unpackInPlace(packed, lead, bytes.length)).toEqual(bytes)
      expect(lead).toBeGreaterThanOrEqual(bytes.length - packed.length)
      // `lead` is the least that is safe: one less and some copy would overwrite packed bytes not read yet.
      if (lead > bytes.length - packed.length)
        expect(() => unpackInPlace(packed, lead - 1, bytes.length)).toThrow(RangeError)
    },
  )

  test('text and zero runs pack small', () => {
    const [, , , text, , zeros] = samples()
    expect(packLz(text!).bytes.length).toBeLessThan(text!.length / 3)
    expect(packLz(zeros!).bytes.length).toBeLessThan(20)
  })
})
