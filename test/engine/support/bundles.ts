/**
 * Test helpers: Cordon-built modules and bundles, and a signer that writes
 * `.signatures.json` the way `opa sign` does (one JWS over the file digests).
 */
import { readBundle, readBundleFiles, fileDigest } from '@cordon/engine'
import { buildWasm, readModule, writeBundle, writeModule, writeTar } from '@cordon/wasm'

export function compile(text: string, entrypoints: string[], fuel?: number): Uint8Array {
  const built = buildWasm([{ file: 'policy.rego', text }], { entrypoints, fuel })
  if (!built.wasm) throw new Error(built.diagnostics.map((d) => d.message).join('; '))
  return built.wasm
}

/**
 * The module without the exports whose names start with `cordon_`: what the
 * engine meets in a module built by `opa build -t wasm` (JSON text in and
 * out, no data cache, in-place data patches through ABI 1.3).
 */
export function abiOnly(wasm: Uint8Array): Uint8Array<ArrayBuffer> {
  const m = readModule(wasm)
  m.exports = m.exports.filter((e) => !e.name.startsWith('cordon_'))
  return writeModule(m)
}

export async function makeBundle(
  text: string,
  entrypoints: string[],
  data: unknown = {},
  revision?: string,
): Promise<Uint8Array> {
  return writeBundle({ wasm: compile(text, entrypoints), data, entrypoints, revision })
}

/** A bundle.tar.gz of a compiled module and text files by path (e.g. `team/data.yaml`). */
export async function bundleOfFiles(wasm: Uint8Array, files: Record<string, string>): Promise<Uint8Array> {
  const text = Object.entries(files).map(([name, content]) => ({
    name: `/${name}`,
    data: new TextEncoder().encode(content),
  }))
  return gzip(writeTar([{ name: '/policy.wasm', data: wasm }, ...text]))
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

const b64url = (bytes: Uint8Array | string): string => {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export type Alg = 'RS256' | 'PS256' | 'ES256' | 'HS256'

const signParams: Record<Alg, AlgorithmIdentifier | RsaPssParams | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  HS256: { name: 'HMAC' },
}

/** A WebCrypto key pair (or HMAC secret as both halves) for `alg`. */
export async function makeKey(alg: Alg): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; jwk: JsonWebKey }> {
  if (alg === 'HS256') {
    const k = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify'])
    return { privateKey: k, publicKey: k, jwk: await crypto.subtle.exportKey('jwk', k) }
  }
  const params =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: alg === 'RS256' ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        }
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair
  return {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    jwk: await crypto.subtle.exportKey('jwk', pair.publicKey),
  }
}

/**
 * Signs a bundle like `opa sign --bundle`: digests of every file (structured
 * files over their canonical JSON), a JWS `{ files, keyid?, scope? }` with
 * header `{ alg, kid? }`, written as `/.signatures.json` into a new bundle.
 */
export async function signBundle(
  bundle: Uint8Array,
  alg: Alg,
  key: CryptoKey,
  opts: { kid?: string; scope?: string } = {},
): Promise<Uint8Array> {
  const files = await readBundleFiles(bundle)
  const entries = [...files].filter(([name]) => name !== '.signatures.json')
  const listed = await Promise.all(
    entries.map(async ([name, data]) => ({ name, hash: await fileDigest(name, data), algorithm: 'SHA-256' })),
  )
  const header = b64url(JSON.stringify({ alg, ...(opts.kid ? { kid: opts.kid } : {}) }))
  const payload = b64url(
    JSON.stringify({
      files: listed,
      ...(opts.kid ? { keyid: opts.kid } : {}),
      ...(opts.scope ? { scope: opts.scope } : {}),
    }),
  )
  const sig = new Uint8Array(
    await crypto.subtle.sign(signParams[alg], key, new TextEncoder().encode(`${header}.${payload}`)),
  )
  const jws = `${header}.${payload}.${b64url(sig)}`
  const signatures = new TextEncoder().encode(JSON.stringify({ signatures: [jws] }))
  return gzip(
    writeTar([
      ...entries.map(([name, data]) => ({ name: `/${name}`, data })),
      { name: '/.signatures.json', data: signatures },
    ]),
  )
}

/** A copy of `bundle` with one file replaced (to tamper with a signed bundle). */
export async function replaceFile(bundle: Uint8Array, name: string, data: Uint8Array): Promise<Uint8Array> {
  const { files } = await readBundle(bundle)
  return gzip(writeTar([...files].map(([n, d]) => ({ name: `/${n}`, data: n === name ? data : d }))))
}

/** An OPA delta bundle: `patch.json` holding `operations`, a `.manifest` when given, and any `extra` files (to be refused). */
export function deltaBundle(
  manifest: object | undefined,
  operations: unknown[],
  extra: Record<string, string> = {},
): Promise<Uint8Array> {
  const text = (name: string, value: unknown) => ({
    name,
    data: new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
  })
  const entries = [
    ...(manifest ? [text('/.manifest', manifest)] : []),
    text('/patch.json', { data: operations }),
    ...Object.entries(extra).map(([n, v]) => text(`/${n}`, v)),
  ]
  return gzip(writeTar(entries))
}
