/**
 * The same engine cases, run in every runtime: Node (in vitest), Deno, Bun,
 * Vercel's edge-runtime and workerd. The policy module arrives compiled (as
 * an edge runtime's imported `.wasm`); the validator is precompiled by
 * `cordon schema compile`; a signed bundle is read and verified with
 * WebCrypto, and bundles are gunzipped with DecompressionStream or, where the
 * runtime has none (edge-runtime), with fflate.
 */
import { createEngine, readBundle, verifyBundleSignature, type ValidateFunction } from '@cordon/engine'

export interface RuntimeEnv {
  wasm: WebAssembly.Module
  data: Record<string, unknown>
  validate: ValidateFunction
  signedBundle: Uint8Array
  tamperedBundle: Uint8Array
  /** A bundle.tar.gz whose data comes from data.yaml and data.yml files. */
  yamlBundle: Uint8Array
  jwk: JsonWebKey
}

export const runtimePolicy = `package app
import rego.v1

default allow := false
allow if input.user in data.admins
decision := {"allow": allow, "code": "c", "admins": count(data.admins)}
big := count([x | some x in numbers.range(1, input.n)])
`

export async function runCases(env: RuntimeEnv): Promise<[string, unknown][]> {
  const out: [string, unknown][] = []
  const pick = (d: { allow: boolean; code?: string; reasons: unknown[]; result: unknown; revision?: string }) => ({
    allow: d.allow,
    code: d.code,
    reasons: d.reasons,
    result: d.result,
    revision: d.revision,
  })
  const engine = await createEngine({
    wasm: env.wasm,
    data: env.data,
    revision: 'rt',
    validate: env.validate,
    limits: { maxMemoryPages: 48 },
  })
  out.push(['allow', pick(await engine.decide({ user: 'alice' }, { entrypoint: 'app/decision' }))])
  out.push(['deny', pick(await engine.decide({ user: 'eve' }, { entrypoint: 'app/decision' }))])
  out.push(['invalid', pick(await engine.decide({ user: 7 }, { entrypoint: 'app/decision' }))])
  out.push(['missing', (await engine.decide({ user: 'a' }, { entrypoint: 'app/nope' })).code])
  engine.patchData('admins', ['eve'])
  out.push(['patched', pick(await engine.decide({ user: 'eve' }, { entrypoint: 'app/decision' }))])
  out.push(['capped', (await engine.decide({ user: 'x', n: 50_000_000 }, { entrypoint: 'app/big' })).code])
  out.push(['after cap', pick(await engine.decide({ user: 'eve', n: 3 }, { entrypoint: 'app/big' }))])
  const keys = { keys: { k: { algorithm: 'ES256' as const, key: env.jwk } } }
  const signed = await readBundle(env.signedBundle)
  out.push([
    'signed',
    await verifyBundleSignature(signed.files, keys).then(
      (r) => r.keyId,
      (e: Error) => e.message,
    ),
  ])
  const tampered = await readBundle(env.tamperedBundle)
  out.push([
    'tampered',
    await verifyBundleSignature(tampered.files, keys).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  ])
  out.push(['signed data', signed.data])
  // The reason's detail is the decompressor's own wording, which differs between runtimes.
  const truncated = env.signedBundle.subarray(0, env.signedBundle.length >> 1)
  const refused = await engine.load(truncated).then(
    () => 'loaded',
    (e: Error) => ({ name: e.name, gzip: e.message.startsWith('bundle: not a valid gzip stream: ') }),
  )
  out.push([
    'truncated gzip',
    { refused, after: pick(await engine.decide({ user: 'eve' }, { entrypoint: 'app/decision' })) },
  ])
  const yaml = await readBundle(env.yamlBundle)
  out.push(['yaml data', yaml.data])
  const fromYaml = await createEngine({ wasm: env.wasm, data: yaml.data, revision: yaml.manifest.revision })
  out.push(['yaml decision', pick(await fromYaml.decide({ user: 'yuki' }, { entrypoint: 'app/decision' }))])
  return out
}
