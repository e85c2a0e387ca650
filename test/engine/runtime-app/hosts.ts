/** Entry points that run `runCases` in each runtime (bundled by esbuild with the engine). */
import { runCases, type RuntimeEnv } from './cases.js'
// @ts-expect-error -- the validator compiled by the test (cordon schema compile), aliased when bundling
import validate from 'cordon-test-validator'

type Files = { data: string; signed: Uint8Array; tampered: Uint8Array; yaml: Uint8Array; jwk: string }

export function envFrom(wasm: WebAssembly.Module, f: Files): RuntimeEnv {
  return {
    wasm,
    data: JSON.parse(f.data),
    validate,
    signedBundle: f.signed,
    tamperedBundle: f.tampered,
    yamlBundle: f.yaml,
    jwk: JSON.parse(f.jwk),
  }
}

export { runCases }
