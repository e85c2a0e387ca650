/**
 * A bundle being inspected is not trusted yet (its signature may be the very
 * question), but reading its builtins table means instantiating its module,
 * and a module's start function or exports can run forever. So the module is
 * loaded in a worker thread that is stopped after a time limit.
 */
import { Worker } from 'node:worker_threads'
import type { ModuleRequirements } from './module-requirements.js'

export async function isolatedModuleRequirements(
  wasm: Uint8Array,
  timeoutSeconds: number,
): Promise<ModuleRequirements> {
  // Next to the built command (dist/), as tsup writes it.
  const worker = new Worker(new URL('./module-requirements-worker.js', import.meta.url), {
    workerData: wasm,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  })
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<ModuleRequirements>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the Wasm module did not load within ${timeoutSeconds} s (stopped)`)),
        timeoutSeconds * 1000,
      )
      worker.once('message', (m: { needs?: ModuleRequirements; error?: string }) =>
        m.needs ? resolve(m.needs) : reject(new Error(`the Wasm module cannot be loaded: ${m.error}`)),
      )
      worker.once('error', (err) => reject(new Error(`the Wasm module cannot be loaded: ${err.message}`)))
      worker.once('exit', (code) =>
        reject(new Error(`the Wasm module cannot be loaded (its worker exited with ${code})`)),
      )
    })
  } finally {
    clearTimeout(timer)
    await worker.terminate()
  }
}
