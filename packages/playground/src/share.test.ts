/** The share link: the state round-trips through the fragment; a link that is damaged, not a state, or a deflate bomb is refused. */
import { describe, expect, it } from 'vitest'
import { decodeState, encodeState } from './share.js'
import { starterState } from './state.js'

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

describe('share link', () => {
  it('round-trips the whole state, unicode included', async () => {
    const state = { ...starterState, input: '{"name": "Zoë ✓"}', entrypoint: 'play/decision' }
    const hash = await encodeState(state)
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/)
    expect(await decodeState(hash)).toEqual(state)
  })

  it('is not a shared state without its prefix', async () => {
    expect(await decodeState('')).toBeUndefined()
    expect(await decodeState('#other')).toBeUndefined()
  })

  it('refuses damaged data and values of the wrong shape', async () => {
    await expect(decodeState('#s=AAAA')).rejects.toThrow()
    await expect(decodeState('#s=' + b64url(await deflate('{"modules": []}')))).rejects.toThrow(/no modules/)
    await expect(
      decodeState(
        '#s=' +
          b64url(await deflate('{"modules": [{"name": "p.rego", "text": 1}], "input": "", "data": "", "table": ""}')),
      ),
    ).rejects.toThrow(/module 1 is not text/)
  })

  it('stops inflating a bomb at the bound', async () => {
    const bomb = await deflate(JSON.stringify({ modules: [{ name: 'p.rego', text: 'x'.repeat(5 * 1024 * 1024) }] }))
    expect(bomb.length).toBeLessThan(20_000)
    await expect(decodeState('#s=' + b64url(bomb))).rejects.toThrow(/more than 4194304 bytes/)
  })
})
