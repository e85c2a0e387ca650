/**
 * The engine's cases in real runtimes from npm — Deno, Bun, Vercel's
 * edge-runtime and workerd (miniflare, the `.wasm` imported as a module) —
 * give the same answers as in Node.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInContext } from 'node:vm'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { EdgeRuntime } from 'edge-runtime'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileValidator } from '../../packages/cli/src/schema/compile-validator.js'
import { runCases, runtimePolicy, type RuntimeEnv } from './runtime-app/cases.js'
import { bundleOfFiles, compile, makeBundle, makeKey, replaceFile, signBundle } from './support/bundles.js'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const root = here('../../')
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as {
  build(o: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}
const schema = { type: 'object', properties: { user: { type: 'string' }, n: { type: 'integer' } }, required: ['user'] }
const data = { admins: ['alice'] }

let dir: string
let wasm: Uint8Array
let expected: [string, unknown][]
let files: { data: string; signed: Uint8Array; tampered: Uint8Array; yaml: Uint8Array; jwk: string }

// Data as YAML (1.1, as OPA reads it: `on` is true) in two folders, with an integer past 2^53.
const yamlFiles = {
  'data.yaml': 'admins:\n  - yuki\n  - zoe\nlimits: {daily: 10, lifetime: 12345678901234567890}\n',
  'team/data.yml': 'enabled: on\nregion: eu\n',
  '.manifest': '{"revision":"yaml-1"}',
}

async function bundle(entry: string, format: 'esm' | 'iife'): Promise<string> {
  const r = await esbuild.build({
    stdin: { contents: entry, resolveDir: here('./runtime-app/'), loader: 'ts' },
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: 'es2022',
    alias: {
      'cordon-test-validator': join(dir, 'validator.mjs'),
      '@cordon/engine': `${root}packages/engine/src/index.ts`,
      '@cordon/builtins': `${root}packages/builtins/src/index.ts`,
      '@cordon/builtins/core': `${root}packages/builtins/src/core.ts`,
      '@cordon/builtins/impls': `${root}packages/builtins/src/impl/index.ts`,
      '@cordon/builtins/lazy': `${root}packages/builtins/src/impl/families.ts`,
    },
    external: ['*.wasm'],
    logLevel: 'silent',
  })
  return r.outputFiles[0]!.text
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cordon-engine-rt-'))
  writeFileSync(join(dir, 'validator.mjs'), compileValidator(schema))
  wasm = compile(runtimePolicy, ['app/decision', 'app/big'])
  const { privateKey, jwk } = await makeKey('ES256')
  const signed = await signBundle(
    await makeBundle(runtimePolicy, ['app/decision'], { admins: ['s'] }, 'sig'),
    'ES256',
    privateKey,
  )
  const tampered = await replaceFile(signed, 'data.json', new TextEncoder().encode('{"admins":["mallory"]}'))
  const yaml = await bundleOfFiles(wasm, yamlFiles)
  files = { data: JSON.stringify(data), signed, tampered, yaml, jwk: JSON.stringify(jwk) }
  const validate = (await import(pathToFileURL(join(dir, 'validator.mjs')).href)).default
  const env: RuntimeEnv = {
    wasm: new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>),
    data,
    validate,
    signedBundle: signed,
    tamperedBundle: tampered,
    yamlBundle: yaml,
    jwk,
  }
  expected = JSON.parse(JSON.stringify(await runCases(env)))
}, 60_000)

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('engine cases in real runtimes', () => {
  it('gives the expected answers in Node', () => {
    const get = (k: string) => expected.find(([n]) => n === k)?.[1]
    expect(get('allow')).toMatchObject({ allow: true, code: 'c', result: { admins: 1 }, revision: 'rt' })
    expect(get('invalid')).toMatchObject({
      allow: false,
      code: 'invalid_input',
      reasons: [{ instancePath: '/user', message: 'must be string' }],
    })
    expect(get('capped')).toBe('resource_exhausted')
    expect(get('after cap')).toMatchObject({ result: {}, code: 'undefined_decision' })
    expect(get('signed')).toBe('k')
    expect(get('tampered')).toMatch(/digest mismatch for data.json/)
    expect(get('truncated gzip')).toEqual({
      refused: { name: 'BundleLoadError', gzip: true },
      after: expect.objectContaining({ allow: true, revision: 'rt' }),
    })
    expect(get('yaml data')).toEqual({
      admins: ['yuki', 'zoe'],
      limits: { daily: 10, lifetime: 12345678901234567890 },
      team: { enabled: true, region: 'eu' },
    })
    expect(get('yaml decision')).toMatchObject({ allow: true, result: { admins: 2 }, revision: 'yaml-1' })
  })

  for (const runtime of ['deno', 'bun'] as const) {
    it(`gives the same answers in ${runtime}`, async () => {
      const script = join(dir, `${runtime}.mjs`)
      writeFileSync(
        script,
        (await bundle(`export * from './hosts.ts'`, 'esm')) +
          `
await (async () => {
const dir = ${JSON.stringify(dir)}
const read = async (n) => new Uint8Array(await (await import('node:fs/promises')).readFile(dir + '/' + n))
const text = async (n) => new TextDecoder().decode(await read(n))
const env = envFrom(new WebAssembly.Module(await read('policy.wasm')), { data: await text('data.json'), signed: await read('signed.tar.gz'), tampered: await read('tampered.tar.gz'), yaml: await read('yaml.tar.gz'), jwk: await text('jwk.json') })
console.log(JSON.stringify(await runCases(env)))
})()
`,
      )
      writeFileSync(join(dir, 'policy.wasm'), wasm)
      writeFileSync(join(dir, 'data.json'), files.data)
      writeFileSync(join(dir, 'signed.tar.gz'), files.signed)
      writeFileSync(join(dir, 'tampered.tar.gz'), files.tampered)
      writeFileSync(join(dir, 'yaml.tar.gz'), files.yaml)
      writeFileSync(join(dir, 'jwk.json'), files.jwk)
      const bin = `${root}node_modules/.bin/${runtime}`
      const args =
        runtime === 'deno' ? ['run', '--quiet', '--no-prompt', `--allow-read=${dir}`, script] : ['run', script]
      const r = spawnSync(bin, args, {
        encoding: 'utf8',
        timeout: 40_000,
        env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
      })
      expect(r.stderr).toBe('')
      expect(JSON.parse(r.stdout)).toEqual(expected)
    })
  }

  it("gives the same answers in Vercel's edge-runtime (no new Function, module bound by the host)", async () => {
    const code = await bundle(
      `import { runCases, envFrom } from './hosts.ts'; globalThis.__run = (m, f) => runCases(envFrom(m, f)).then((r) => JSON.stringify(r))`,
      'iife',
    )
    const runtime = new EdgeRuntime({ initialCode: code })
    const SandboxWasm = runInContext('WebAssembly', runtime.context) as typeof WebAssembly
    const Uint8 = runInContext('Uint8Array', runtime.context) as typeof Uint8Array
    const module = new SandboxWasm.Module(wasm as Uint8Array<ArrayBuffer>)
    // edge-runtime's sandbox has no DecompressionStream, so these .tar.gz bundles take the fflate path.
    expect(runInContext('typeof DecompressionStream', runtime.context)).toBe('undefined')
    // Bytes made in the sandbox's realm, where the engine's `instanceof Uint8Array` looks.
    const result = await (runtime.context as unknown as { __run(m: unknown, f: unknown): Promise<string> }).__run(
      module,
      {
        ...files,
        signed: Uint8.from(files.signed),
        tampered: Uint8.from(files.tampered),
        yaml: Uint8.from(files.yaml),
      },
    )
    expect(JSON.parse(result)).toEqual(expected)
  })

  it('gives the same answers in workerd (miniflare), the .wasm imported as a module', async () => {
    const worker =
      (await bundle(`export { runCases, envFrom } from './hosts.ts'`, 'esm')).replace(/export\s*\{[^}]*\};?\s*$/, '') +
      `
import wasm from './policy.wasm'
export default {
  async fetch(request, env) {
    const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
    const f = { data: env.DATA, jwk: env.JWK, signed: b64(env.SIGNED), tampered: b64(env.TAMPERED), yaml: b64(env.YAML) }
    return new Response(JSON.stringify(await runCases(envFrom(wasm, f))))
  },
}
`
    const mf = new Miniflare({
      modules: [
        { type: 'ESModule', path: 'worker.mjs', contents: worker },
        { type: 'CompiledWasm', path: 'policy.wasm', contents: wasm },
      ],
      compatibilityDate: '2025-01-01',
      bindings: {
        DATA: files.data,
        JWK: files.jwk,
        SIGNED: Buffer.from(files.signed).toString('base64'),
        TAMPERED: Buffer.from(files.tampered).toString('base64'),
        YAML: Buffer.from(files.yaml).toString('base64'),
      },
    })
    try {
      const res = await mf.dispatchFetch('http://localhost/')
      const text = await res.text()
      expect(JSON.parse(text)).toEqual(expected)
    } finally {
      await mf.dispose()
    }
  }, 60_000)
})
