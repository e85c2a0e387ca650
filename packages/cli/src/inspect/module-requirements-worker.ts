/**
 * Worker entry of {@link import('./isolated-requirements.js').isolatedModuleRequirements}:
 * reads one module's requirements and posts them back (or the error's message).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { moduleRequirements } from './module-requirements.js'

moduleRequirements(workerData as Uint8Array).then(
  (needs) => parentPort!.postMessage({ needs }),
  (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
)
