import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { BundleLoadError, createEngine, readBundleFiles, type SigningAlgorithm } from '@cordon/engine'
import { packBundle } from '@cordon/wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cordon, workspace } from '../testing/run-cli.js'

const files = {
  'policy/app.rego': `package app

# METADATA
# entrypoint: true
allow if input.user in data.app.admins
`,
  'policy/app/data.json': JSON.stringify({ admins: ['alice'] }),
}

const pem = (k: { export(o: object): string | Buffer }, type: 'spki' | 'pkcs8') =>
  String(k.export({ type, format: 'pem' }))

function keyPair(alg: SigningAlgorithm): { priv: string; pub: string } {
  if (alg.startsWith('HS')) return { priv: 'a shared secret of enough length', pub: 'a shared secret of enough length' }
  const { privateKey, publicKey } = alg.startsWith('ES')
    ? generateKeyPairSync('ec', { namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'] })
    : generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { priv: pem(privateKey, 'pkcs8'), pub: pem(publicKey, 'spki') }
}

let built: Buffer
beforeAll(() => {
  const dir = workspace(files)
  const r = cordon(['build', 'policy', '-o', 'bundle.tar.gz'], dir)
  expect(r.stderr).toBe('')
  built = readFileSync(path.join(dir, 'bundle.tar.gz'))
})

/** A fresh folder holding the policy and a copy of its unsigned bundle, built once. */
function builtBundle(): string {
  const dir = workspace(files)
  writeFileSync(path.join(dir, 'bundle.tar.gz'), built)
  return dir
}

const verifying = (alg: SigningAlgorithm, key: string, scope?: string) => ({
  verification: { keys: { signer: { algorithm: alg, key } }, scope },
})

async function decide(bundle: Uint8Array, options: object) {
  const engine = await createEngine({ bundle, ...options })
  return (await engine.decide({ user: 'alice' }, { entrypoint: 'app/allow' })).allow
}

describe('cordon sign', () => {
  const algorithms: SigningAlgorithm[] = [
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'HS256',
    'HS384',
    'HS512',
  ]
  it.each(algorithms)('signs a built bundle with %s that the engine loads with verification on', async (alg) => {
    const dir = builtBundle()
    const { priv, pub } = keyPair(alg)
    writeFileSync(path.join(dir, 'key.pem'), priv)
    const signed = cordon(['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'key.pem', '--signing-alg', alg], dir)
    expect(signed.stderr).toBe('')
    expect(signed.status).toBe(0)
    const bundle = new Uint8Array(readFileSync(path.join(dir, 'bundle.tar.gz')))
    expect(await decide(bundle, verifying(alg, pub))).toBe(true)
    // Another key of the same kind is refused.
    const other = keyPair(alg).pub.replace('enough', 'other')
    await expect(createEngine({ bundle, ...verifying(alg, other) })).rejects.toThrow(/does not verify/)
  })

  it('a signed bundle whose data was changed afterwards is refused by the engine', async () => {
    const dir = builtBundle()
    const { priv, pub } = keyPair('RS256')
    writeFileSync(path.join(dir, 'key.pem'), priv)
    expect(cordon(['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'key.pem'], dir).status).toBe(0)
    const bundle = new Uint8Array(readFileSync(path.join(dir, 'bundle.tar.gz')))
    const contents = await readBundleFiles(bundle)
    contents.set('data.json', new TextEncoder().encode(JSON.stringify({ app: { admins: ['alice', 'mallory'] } })))
    const tampered = await packBundle([...contents].map(([name, data]) => ({ name: `/${name}`, data })))
    const err = await createEngine({ bundle: tampered, ...verifying('RS256', pub) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BundleLoadError)
    expect(String((err as Error).message)).toMatch(/digest mismatch for data\.json/)
    // The untampered one still loads.
    expect(await decide(bundle, verifying('RS256', pub))).toBe(true)
  })

  it('takes the key from $CORDON_SIGN_SIGNING_KEY (a PEM text) when --signing-key is not given', async () => {
    const dir = builtBundle()
    const { priv, pub } = keyPair('ES256')
    const signed = cordon(['sign', '--bundle', 'bundle.tar.gz', '--signing-alg', 'ES256'], dir, undefined, {
      CORDON_SIGN_SIGNING_KEY: priv,
    })
    expect(signed.stderr).toBe('')
    expect(await decide(new Uint8Array(readFileSync(path.join(dir, 'bundle.tar.gz'))), verifying('ES256', pub))).toBe(
      true,
    )
  })

  it("puts --claims-file's claims in the payload: a scope the engine checks", async () => {
    const dir = builtBundle()
    writeFileSync(path.join(dir, 'claims.json'), JSON.stringify({ scope: 'write' }))
    const secret = 'hmac secret for the scope test'
    const signed = cordon(
      ['sign', '--bundle', 'bundle.tar.gz', '--signing-alg', 'HS256', '--claims-file', 'claims.json'],
      dir,
      undefined,
      { OPA_SIGN_SIGNING_KEY: secret },
    )
    expect(signed.stderr).toBe('')
    const bundle = new Uint8Array(readFileSync(path.join(dir, 'bundle.tar.gz')))
    expect(await decide(bundle, verifying('HS256', secret, 'write'))).toBe(true)
    await expect(createEngine({ bundle, ...verifying('HS256', secret, 'read') })).rejects.toThrow(
      /scope 'write' does not match 'read'/,
    )
  })

  it('signs a bundle directory as opa sign does: files named by the directory given, .signatures.json where -o says', () => {
    const dir = workspace({ ...files, 'policy/.manifest': JSON.stringify({ revision: 'r1', roots: ['app'] }) })
    const { priv, pub } = keyPair('RS256')
    writeFileSync(path.join(dir, 'key.pem'), priv)
    writeFileSync(path.join(dir, 'pub.pem'), pub)
    const signed = cordon(['sign', '--bundle', 'policy', '--signing-key', 'key.pem', '-o', 'policy'], dir)
    expect(signed.stderr).toBe('')
    expect(signed.stdout).toMatch(/wrote policy\/.signatures.json \(3 files signed with RS256\)/)
    const token = (
      JSON.parse(readFileSync(path.join(dir, 'policy/.signatures.json'), 'utf8')) as { signatures: string[] }
    ).signatures[0]!
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      files: { name: string; algorithm: string }[]
    }
    expect(payload.files.map((f) => f.name)).toEqual(['policy/.manifest', 'policy/app.rego', 'policy/app/data.json'])
    expect(payload.files.every((f) => f.algorithm === 'SHA-256')).toBe(true)
    // Signing again skips the existing .signatures.json, and inspect verifies the directory.
    expect(cordon(['sign', '--bundle', 'policy', '--signing-key', 'key.pem', '-o', 'policy'], dir).status).toBe(0)
    const inspected = cordon(['inspect', 'policy', '--verification-key', 'pub.pem'], dir)
    expect(inspected.stderr).toBe('')
    expect(inspected.stdout).toMatch(/\| Status +\| verified/)
    writeFileSync(path.join(dir, 'policy/app.rego'), files['policy/app.rego'] + '\nextra := 1\n')
    const changed = cordon(['inspect', 'policy', '--verification-key', 'pub.pem'], dir)
    expect(changed.status).toBe(1)
    expect(changed.stderr).toMatch(/does not verify: digest mismatch for policy\/app.rego/)
  })

  it('refuses bad usage with exit 2 and says why', () => {
    const dir = builtBundle()
    const { priv } = keyPair('ES256')
    writeFileSync(path.join(dir, 'ec.pem'), priv)
    const cases: [string[], RegExp][] = [
      [['sign', 'bundle.tar.gz', '--signing-key', 'ec.pem'], /enable bundle mode \(--bundle\)/],
      [['sign', '--bundle', 'bundle.tar.gz'], /specify the secret \(HMAC\) or the PEM private key/],
      [
        ['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'ec.pem'],
        /RS256 needs an RSA private key, not ec \(prime256v1\)/,
      ],
      [
        ['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'ec.pem', '--signing-alg', 'ES384'],
        /ES384 needs an EC private key on secp384r1/,
      ],
      [
        ['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'ec.pem', '--signing-alg', 'none'],
        /--signing-alg must be one of RS256/,
      ],
      [['sign', '--bundle', 'bundle.tar.gz', '--signing-key', 'no-such-key.pem'], /RS256 needs a PEM private key/],
      [
        ['sign', '--bundle', 'missing.tar.gz', '--signing-key', 'ec.pem', '--signing-alg', 'ES256'],
        /missing.tar.gz: no such file or directory/,
      ],
    ]
    for (const [args, message] of cases) {
      const r = cordon(args, dir)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.status, args.join(' ')).toBe(2)
    }
  })
})
