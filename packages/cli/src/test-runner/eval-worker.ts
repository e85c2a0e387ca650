/**
 * The worker thread behind `cordon test --timeout` (worker-evaluator.ts): it
 * instantiates the run's modules and answers one evaluation request at a
 * time on its port, raising a shared flag when the answer is posted, so the
 * main thread can wait for it with a deadline and terminate this thread
 * (which stops a running Wasm evaluation) when the deadline passes.
 */
import { workerData, type MessagePort } from 'node:worker_threads'
import { loadBuiltins } from '../fs/load-builtins.js'
import { instantiate } from './compile.js'
import { evaluateRequest, runnerHostBuiltins, type EvalRequest, type TestModules } from './evaluate.js'

export interface WorkerInit {
  wasm: Uint8Array
  parameterizedWasm?: Uint8Array
  data: unknown
  /** `--builtins` modules, loaded again here (functions cannot cross threads). */
  builtinFiles: string[]
  separateNotes: boolean
}

const { init, port, signal } = workerData as { init: WorkerInit; port: MessagePort; signal: Int32Array }

function answer(message: unknown): void {
  port.postMessage(message)
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
}

try {
  const custom = await loadBuiltins(init.builtinFiles)
  const host = runnerHostBuiltins(init.separateNotes)
  const modules: TestModules = {
    plain: instantiate(init.wasm, init.data, host.impls, custom),
    parameterized: init.parameterizedWasm ? instantiate(init.parameterizedWasm, init.data, host.impls, custom) : undefined,
    takeCases: host.takeCases,
    data: init.data,
    notes: host.notes,
  }
  port.on('message', (req: EvalRequest) => answer(evaluateRequest(modules, req)))
  answer({ ready: true })
} catch (err) {
  answer({ initError: err instanceof Error ? err.message : String(err) })
}
