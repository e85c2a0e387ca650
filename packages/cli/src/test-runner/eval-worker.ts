/**
 * The worker thread behind `cordon test --timeout` (worker-evaluator.ts). It
 * starts while the main thread compiles; its first message is the run's
 * modules (WorkerInit), which it instantiates; then it answers one evaluation
 * request at a time on its port, counting each answer in a shared signal, so the
 * main thread can wait for it with a deadline and terminate this thread
 * (which stops a running Wasm evaluation) when the deadline passes.
 */
import { workerData, type MessagePort } from 'node:worker_threads'
import { lightHostBuiltinImpls, type BuiltinImpl } from '@cordon/builtins/core'
import { withHostBuiltins } from '@cordon/builtins/lazy'
import { evaluateRequest, runnerHostBuiltins, type EvalRequest, type TestModules } from './evaluate.js'
import { instanceWith } from './instance.js'

export interface WorkerInit {
  wasm: Uint8Array
  parameterizedWasm?: Uint8Array
  data: unknown
  /** The host builtins the modules call (the build's list). */
  hostBuiltins: string[]
  /** `--builtins` modules, loaded again here (functions cannot cross threads). */
  builtinFiles: string[]
  separateNotes: boolean
}

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array }

/** Posts, then counts the answer in the shared signal and wakes the waiting runner. */
function answer(message: unknown): void {
  port.postMessage(message)
  Atomics.add(signal, 0, 1)
  Atomics.notify(signal, 0)
}

/**
 * The implementations the modules need, importing only those: the light
 * ones, the families of the builtins the build lists, the parser's
 * `rego.parse_module` and the custom builtins when used (as the CLI's hosts).
 */
async function hostImpls(init: WorkerInit): Promise<Map<string, BuiltinImpl>> {
  const impls = new Map(await withHostBuiltins(lightHostBuiltinImpls, init.hostBuiltins))
  if (init.hostBuiltins.some((n) => n.startsWith('rego.')))
    for (const [n, f] of (await import('@cordon/rego')).regoParserBuiltins) impls.set(n, f)
  if (init.builtinFiles.length > 0)
    for (const [n, f] of (await (await import('../fs/load-builtins.js')).loadBuiltins(init.builtinFiles)).impls)
      impls.set(n, f)
  return impls
}

async function start(init: WorkerInit): Promise<void> {
  const host = runnerHostBuiltins(init.separateNotes)
  const impls = new Map([...(await hostImpls(init)), ...host.impls])
  const modules: TestModules = {
    plain: instanceWith(init.wasm, init.data, impls),
    parameterized: init.parameterizedWasm ? instanceWith(init.parameterizedWasm, init.data, impls) : undefined,
    takeCases: host.takeCases,
    data: init.data,
    notes: host.notes,
  }
  port.on('message', (req: EvalRequest) => answer(evaluateRequest(modules, req)))
  answer({ ready: true })
}

port.once('message', (init: WorkerInit) => {
  start(init).catch((err: unknown) => answer({ initError: err instanceof Error ? err.message : String(err) }))
})
// The code is loaded: what follows (instantiating, loading the data) runs under the test deadline.
answer({ loaded: true })
