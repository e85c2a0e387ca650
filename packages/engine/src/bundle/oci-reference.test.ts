import { describe, expect, it } from 'vitest'
import { isLoopbackRegistry, parseOciReference } from './oci-reference.js'
import { parseChallenge } from './oci-auth.js'
import { RegistrySession } from './oci-client.js'

const hex = 'a'.repeat(64)

describe('parseOciReference', () => {
  it('reads host, repository, tag and digest, with or without oci://', () => {
    expect(parseOciReference('oci://ghcr.io/acme/policies:prod')).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/policies',
      tag: 'prod',
      digest: undefined,
    })
    expect(parseOciReference('127.0.0.1:5000/a/b')).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'a/b',
      tag: 'latest',
      digest: undefined,
    })
    expect(parseOciReference(`localhost:5000/a@sha256:${hex}`)).toEqual({
      registry: 'localhost:5000',
      repository: 'a',
      tag: undefined,
      digest: `sha256:${hex}`,
    })
    expect(parseOciReference(`[::1]:5000/a:v1@sha256:${hex}`)).toMatchObject({
      registry: '[::1]:5000',
      tag: 'v1',
      digest: `sha256:${hex}`,
    })
  })

  it('refuses what a registry would refuse, or what could escape the URL path', () => {
    for (const bad of [
      'policies:prod',
      'ghcr.io/',
      'ghcr.io/Acme/p',
      'ghcr.io/a/../b',
      'ghcr.io/a?x=1',
      'ghcr.io/a#f',
      'ghcr.io/a:-bad',
      `ghcr.io/a@sha512:${hex}`,
      'ghcr.io/a@sha256:abc',
      'user@ghcr.io/a',
      'ghcr.io/a%2fb',
    ])
      expect(() => parseOciReference(bad), bad).toThrow(/is not a valid reference/)
  })
})

describe('plain HTTP', () => {
  it('is the default only for loopback registries; elsewhere HTTPS unless plainHttp', () => {
    expect(['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000'].every(isLoopbackRegistry)).toBe(true)
    expect(['ghcr.io', '127.0.0.1.nip.io', '10.0.0.1:5000', 'localhost.example.com'].some(isLoopbackRegistry)).toBe(
      false,
    )
    expect(new RegistrySession('ghcr.io/a/b').base).toBe('https://ghcr.io')
    expect(new RegistrySession('127.0.0.1:5000/a').base).toBe('http://127.0.0.1:5000')
    expect(new RegistrySession('registry.lan/a', { plainHttp: true }).base).toBe('http://registry.lan')
    expect(new RegistrySession('localhost:5443/a', { plainHttp: false }).base).toBe('https://localhost:5443')
  })

  it('a token realm over plain HTTP to another host is refused before any credential is sent', async () => {
    const sent: string[] = []
    const fakeRegistry: typeof fetch = async (input) => {
      sent.push(String(input))
      return new Response(null, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="http://tokens.example.com/token",service="r"' },
      })
    }
    const session = new RegistrySession('ghcr.io/a/b', {
      credentials: { username: 'u', password: 'p' },
      fetch: fakeRegistry,
    })
    await expect(session.getManifest()).rejects.toThrow(
      /refusing the token server http:\/\/tokens\.example\.com: plain HTTP/,
    )
    expect(sent).toEqual(['https://ghcr.io/v2/a/b/manifests/latest'])
  })
})

describe('parseChallenge', () => {
  it("reads distribution's Bearer and Basic challenges, quoted values with commas and escapes", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example.com/token',
        service: 'registry.example.com',
        scope: 'repository:a/b:pull,push',
      },
    })
    expect(parseChallenge('Basic realm="say \\"hi\\""')).toEqual({ scheme: 'basic', params: { realm: 'say "hi"' } })
    expect(parseChallenge('bearer realm=plain')).toEqual({ scheme: 'bearer', params: { realm: 'plain' } })
    expect(parseChallenge('Negotiate abc')).toBeUndefined()
    expect(parseChallenge(null)).toBeUndefined()
  })
})
