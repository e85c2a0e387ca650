// Cordon: the reference policy compiled by Cordon (buildWasm + writeBundle
// from the built packages), decided through the engine's own host path,
// `createEngine(...).decideSync(input, { entrypoint })`.
import { readFileSync } from 'node:fs'
import { ENTRYPOINT } from './world.mjs'

const dist = (pkg) => new URL(`../../packages/${pkg}/dist/index.js`, import.meta.url).href

/** Compiles Rego sources to a module; throws with the diagnostics when it cannot. */
export async function compile(files, entrypoints = [ENTRYPOINT], options = {}) {
  const { buildWasm } = await import(dist('wasm'))
  const built = buildWasm(files, { entrypoints, ...options })
  if (!built.wasm)
    throw new Error(
      `compile: ${built.diagnostics.map((d) => `${d.location?.file}:${d.location?.row}: ${d.message}`).join('; ')}`,
    )
  return built
}

/** An OPA-format bundle (policy.wasm, data.json, .manifest) of a module. */
export async function bundle(wasm, data, entrypoints = [ENTRYPOINT]) {
  const { writeBundle } = await import(dist('wasm'))
  return writeBundle({ wasm, data, entrypoints, revision: 'bench' })
}

export async function create({ artifacts }) {
  const { createEngine } = await import(dist('engine'))
  const engine = await createEngine({ bundle: readFileSync(artifacts.bundle) })
  const opts = { entrypoint: ENTRYPOINT }
  return {
    name: 'cordon',
    full: true,
    via: 'createEngine().decideSync (engine host path)',
    decide: (input) => engine.decideSync(input, opts),
    check: (input) => {
      const d = engine.decideSync(input, opts)
      if (d.code === 'engine_error' || d.code === 'undefined_decision')
        throw new Error(`cordon: ${d.code}: ${JSON.stringify(d.reasons)}`)
      return { allow: d.allow, code: d.code, reasons: d.reasons, ...d.result }
    },
    wasmBytes: () => engine.memoryBytes,
  }
}
