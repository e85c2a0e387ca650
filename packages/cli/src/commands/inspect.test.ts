import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { packBundle } from '@cordon/wasm'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const policy = `# METADATA
# title: The app
# description: Who may use the app
package app

# METADATA
# title: Admins only
# entrypoint: true
# custom:
#   owner: security
allow if {
  input.user in data.app.admins
  regex.match("^[a-z]+$", input.user)
}

doubled := acme.double(count(data.app.admins))
`
const builtinsModule = `export const double = { name: 'acme.double', args: [{ type: 'number' }], result: { type: 'number' }, impl: (x) => x * 2 }\n`
const sources = {
  'policy/app.rego': policy,
  'policy/app/data.json': JSON.stringify({ admins: ['alice'] }),
  'builtins.mjs': builtinsModule,
}

function built(extra: string[] = []): string {
  const dir = workspace(sources)
  const r = cordon(
    [
      'build',
      'policy',
      '-e',
      'app/doubled',
      '--revision',
      'rev-7',
      '--builtins',
      'builtins.mjs',
      '-o',
      'bundle.tar.gz',
      ...extra,
    ],
    dir,
  )
  expect(r.stderr).toBe('')
  return dir
}

function json(out: string): Record<string, any> {
  return JSON.parse(out) as Record<string, any>
}

describe('cordon inspect', () => {
  it("reports a built bundle in opa inspect's JSON shape, with entrypoints, host builtins and Wasm imports", () => {
    const dir = built()
    const r = cordon(['inspect', 'bundle.tar.gz', '--format', 'json'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const info = json(r.stdout)
    expect(info.manifest).toMatchObject({ revision: 'rev-7', roots: [''], rego_version: 1 })
    expect(info.manifest.wasm.map((w: { entrypoint: string }) => w.entrypoint)).toEqual(['app/doubled', 'app/allow'])
    expect(info.signatures_config).toEqual({})
    expect(info.wasm_modules).toEqual([
      { url: '/policy.wasm', path: '/policy.wasm', entrypoints: ['data.app.doubled', 'data.app.allow'] },
    ])
    expect(info.namespaces).toEqual({
      data: ['/data.json'],
      'data.app.allow': ['/policy.wasm'],
      'data.app.doubled': ['/policy.wasm'],
    })
    expect(info.entrypoints).toEqual(['app/allow', 'app/doubled'])
    // The entrypoint's METADATA, kept in the manifest, as OPA's AnnotationsRef.
    expect(info.annotations).toEqual([
      {
        path: [
          { type: 'var', value: 'data' },
          { type: 'string', value: 'app' },
          { type: 'string', value: 'allow' },
        ],
        annotations: { scope: 'rule', title: 'Admins only', entrypoint: true, custom: { owner: 'security' } },
        location: { file: '/policy.wasm', row: 0, col: 0 },
      },
    ])
    expect(info.signature).toEqual({ status: 'absent' })
    // Host builtins from the module's builtins() table: Cordon's, and a custom one the host must bring.
    expect(info.capabilities.builtins.map((b: { name: string }) => b.name)).toEqual(['acme.double', 'regex.match'])
    expect(info.capabilities.builtins[1]).toMatchObject({ name: 'regex.match', decl: { type: 'function' } })
    expect(info.capabilities.wasm_abi_versions).toEqual([{ version: 1, minor_version: expect.any(Number) }])
    expect(info.unprovided_builtins).toEqual(['acme.double'])
    expect(info.capabilities_from).toBe('/policy.wasm')
    expect(info.wasm_imports).toEqual(
      expect.arrayContaining([
        'env.memory (memory)',
        'env.opa_abort (func)',
        'env.opa_builtin1 (func)',
        'env.opa_builtin2 (func)',
      ]),
    )
  })

  it('prints tables by default', () => {
    const r = cordon(['inspect', 'bundle.tar.gz'], built())
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('MANIFEST:\n+--')
    expect(r.stdout).toMatch(/\| Revision +\| rev-7 +\|/)
    expect(r.stdout).toMatch(/\| Status +\| absent \(no .signatures.json\) +\|/)
    expect(r.stdout).toMatch(/\| data\.app\.allow +\| rule +\| Admins only +\| \/policy\.wasm:0 +\|/)
    expect(r.stdout).toMatch(/\| acme\.double +\| not in Cordon: the host must provide it +\|/)
    expect(r.stdout).toContain('REQUIRED BUILTINS (of /policy.wasm, Wasm ABI 1.')
    expect(r.stdout).toMatch(/\| regex\.match +\| provided by Cordon +\|/)
  })

  it('reports a bundle directory of Rego sources: namespaces, METADATA with locations, rego_version, builtins of the module it builds to', () => {
    const dir = workspace({
      ...sources,
      'policy/.manifest': JSON.stringify({
        revision: 'src-1',
        roots: ['app'],
        rego_version: 1,
        metadata: { team: 'sec' },
      }),
    })
    // Without --builtins, acme.double is no builtin: the sources do not compile.
    const undeclared = cordon(['inspect', 'policy'], dir)
    expect(undeclared.status).toBe(1)
    expect(undeclared.stderr).toMatch(/^\/app\.rego:16:\d+: rego_type_error: undefined function acme\.double/)
    const r = cordon(['inspect', 'policy', '--format', 'json', '--builtins', 'builtins.mjs'], dir)
    expect(r.stderr).toBe('')
    const info = json(r.stdout)
    expect(info.manifest).toEqual({ revision: 'src-1', roots: ['app'], rego_version: 1, metadata: { team: 'sec' } })
    expect(info.namespaces).toEqual({ 'data.app': ['/app.rego', '/app/data.json'] })
    expect(info.entrypoints).toEqual(['app/allow'])
    expect(
      info.annotations.map(
        (a: {
          path: { value: string }[]
          annotations: { scope: string; title?: string }
          location: { row: number }
        }) => [a.path.map((t) => t.value).join('.'), a.annotations.scope, a.annotations.title, a.location.row],
      ),
    ).toEqual([
      ['data.app', 'package', 'The app', 1],
      ['data.app.allow', 'rule', 'Admins only', 6],
    ])
    // The module cordon build would make of it (entrypoint app/allow) calls regex.match on its host.
    expect(info.capabilities_from).toBe('rego')
    expect(info.capabilities.builtins.map((b: { name: string }) => b.name)).toEqual(['regex.match'])
    expect(info.unprovided_builtins).toEqual([])
    const pretty = cordon(['inspect', 'policy', '--builtins', 'builtins.mjs'], dir).stdout
    expect(pretty).toContain('REQUIRED BUILTINS (of the module built from the Rego, Wasm ABI 1.')
    expect(pretty).toMatch(/\| Roots +\| app +\|/)
    expect(pretty).toMatch(/\| Metadata +\| \{"team":"sec"\} +\|/)
  })

  it('signature status: present until verified; a wrong key, or a key for an unsigned bundle, exits 1', () => {
    const dir = built()
    const key = (k: { export(o: object): string | Buffer }, type: string) => String(k.export({ type, format: 'pem' }))
    const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    writeFileSync(path.join(dir, 'priv.pem'), key(signer.privateKey, 'pkcs8'))
    writeFileSync(path.join(dir, 'pub.pem'), key(signer.publicKey, 'spki'))
    writeFileSync(path.join(dir, 'stranger.pem'), key(stranger.publicKey, 'spki'))

    const unsigned = cordon(
      ['inspect', 'bundle.tar.gz', '--verification-key', 'pub.pem', '--signing-alg', 'ES256'],
      dir,
    )
    expect(unsigned.status).toBe(1)
    expect(unsigned.stderr).toMatch(/the signature is absent/)

    expect(
      cordon(['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'priv.pem', '--signing-alg', 'ES256'], dir).status,
    ).toBe(0)
    const present = cordon(['inspect', 'bundle.tar.gz', '--format', 'json'], dir)
    expect(present.status).toBe(0)
    expect(json(present.stdout).signature).toEqual({ status: 'present', algorithm: 'ES256', files: 3 })
    expect(json(present.stdout).signatures_config.signatures).toHaveLength(1)

    const verified = cordon(
      [
        'inspect',
        'bundle.tar.gz',
        '--format',
        'json',
        '--verification-key',
        'pub.pem',
        '--signing-alg',
        'ES256',
        '--verification-key-id',
        'ci',
      ],
      dir,
    )
    expect(verified.stderr).toBe('')
    expect(json(verified.stdout).signature).toEqual({ status: 'verified', algorithm: 'ES256', key_id: 'ci', files: 3 })

    const wrong = cordon(
      ['inspect', 'bundle.tar.gz', '--verification-key', 'stranger.pem', '--signing-alg', 'ES256'],
      dir,
    )
    expect(wrong.status).toBe(1)
    expect(wrong.stdout).toMatch(/\| Status +\| INVALID +\|/)
    expect(wrong.stderr).toMatch(/does not verify: the signature does not verify with key 'default'/)
    // The key from the environment, as for sign.
    expect(
      cordon(['inspect', 'bundle.tar.gz', '--signing-alg', 'ES256'], dir, undefined, {
        CORDON_INSPECT_VERIFICATION_KEY: path.join(dir, 'pub.pem'),
      }).status,
    ).toBe(0)
  })

  it('a module that never finishes loading is stopped after --module-timeout; one that is not Wasm is an error; both exit 1', async () => {
    // (module (func (loop (br 0))) (start 0)): instantiating it never returns.
    const looping = Uint8Array.of(
      0,
      0x61,
      0x73,
      0x6d,
      1,
      0,
      0,
      0,
      1,
      4,
      1,
      0x60,
      0,
      0,
      3,
      2,
      1,
      0,
      8,
      1,
      0,
      10,
      9,
      1,
      7,
      0,
      3,
      0x40,
      0x0c,
      0,
      0x0b,
      0x0b,
    )
    const dir = workspace({})
    writeFileSync(path.join(dir, 'loop.tar.gz'), await packBundle([{ name: '/policy.wasm', data: looping }]))
    writeFileSync(
      path.join(dir, 'junk.tar.gz'),
      await packBundle([{ name: '/policy.wasm', data: new TextEncoder().encode('not wasm') }]),
    )
    const started = Date.now()
    const loop = cordon(['inspect', 'loop.tar.gz', '--module-timeout', '1'], dir)
    expect(loop.status).toBe(1)
    expect(loop.stderr).toMatch(/the Wasm module did not load within 1 s \(stopped\)/)
    expect(Date.now() - started).toBeLessThan(15_000)
    const junk = cordon(['inspect', 'junk.tar.gz'], dir)
    expect(junk.status).toBe(1)
    expect(junk.stderr).toMatch(/cordon inspect: .*not Wasm|cordon inspect: the Wasm module cannot be loaded/)
    expect(cordon(['inspect', 'junk.tar.gz', '--module-timeout', '0'], dir).status).toBe(2)
  })

  it('a .rego file that does not parse is an error at file:row:col (exit 1); usage mistakes exit 2', () => {
    const dir = workspace({ 'bad/p.rego': 'package p\n\nallow if {\n' })
    const bad = cordon(['inspect', 'bad'], dir)
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/^\/p\.rego:\d+:\d+: rego_parse_error/)
    for (const args of [
      ['inspect', 'bad', '--format', 'xml'],
      ['inspect', 'bad', 'bad'],
      ['inspect', 'nowhere'],
      ['inspect', 'bad', '--verification-key', 'k', '--signing-alg', 'none'],
    ]) {
      expect(cordon(args, dir).status, args.join(' ')).toBe(2)
    }
  })

  it("reads each .rego file in the Rego version the bundle's .manifest gives it", () => {
    const dir = workspace({
      'legacy/.manifest': JSON.stringify({ rego_version: 0, file_rego_versions: { '/new.rego': 1 } }),
      'legacy/old.rego': 'package old\n\n# METADATA\n# entrypoint: true\ndeny[msg] { msg := "no" }\n',
      'legacy/new.rego': 'package new\n\nallow if true\n',
    })
    const r = cordon(['inspect', 'legacy', '--format', 'json'], dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const info = json(r.stdout)
    expect(info.entrypoints).toEqual(['old/deny'])
    expect(info.capabilities_from).toBe('rego')
    expect(info.namespaces).toMatchObject({ 'data.new': ['/new.rego'], 'data.old': ['/old.rego'] })
  })
})
