/**
 * Evaluations with a deadline (`cordon test --timeout`). A Wasm evaluation
 * cannot be interrupted on the thread that runs it, so the evaluations run on
 * a worker thread (eval-worker.ts) and the runner waits for each answer with
 * `Atomics.wait` up to the timeout. When the deadline passes the worker is
 * terminated, which stops the evaluation wherever it is; the test is an
 * `eval_cancel_error` naming the timeout, and a fresh worker serves the
 * next test. The runner stays synchronous: answers are read with
 * `receiveMessageOnPort`. The first worker is started before the policy is
 * compiled (`startWorker`), so loading its modules overlaps the compile.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { EvalResponse, Evaluator } from './evaluate.js'
import type { WorkerInit } from './eval-worker.js'

/** How long a worker may take to load the builtins and instantiate the modules. */
const STARTUP_MS = 60_000

/** Beside the bundled command (dist/main.js); absent when running from source. */
const workerFile = fileURLToPath(new URL('./eval-worker.js', import.meta.url))

/** A worker thread that has not been given its modules yet. */
export interface StartedWorker {
  worker: Worker
  port: MessagePort
  signal: Int32Array
}

/** Starts a worker (it loads its code meanwhile); `workerEvaluator` gives it the modules. */
export function startWorker(): StartedWorker {
  if (!existsSync(workerFile)) throw new Error(`--timeout needs the built worker ${workerFile} (run pnpm build)`)
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(workerFile, { workerData: { port: port2, signal }, transferList: [port2] })
  worker.unref()
  return { worker, port: port1, signal }
}

export function stopWorker(w: StartedWorker): void {
  void w.worker.terminate()
  w.port.close()
}

/** Evaluations on `first` (then on fresh workers after a timeout), each with the deadline. */
export function workerEvaluator(first: StartedWorker, init: WorkerInit, timeoutMs: number, timeoutText: string): Evaluator {
  let current: StartedWorker | undefined
  let next: StartedWorker | undefined = first

  const start = (): StartedWorker => {
    const w = next ?? startWorker()
    next = undefined
    Atomics.store(w.signal, 0, 0)
    w.port.postMessage(init)
    // Loading the data computes the rules of data alone (the module's data cache): a slow one shows here.
    if (Atomics.wait(w.signal, 0, 0, STARTUP_MS) === 'timed-out') {
      stopWorker(w)
      throw new Error(`the test worker did not load the policy and its data within ${STARTUP_MS / 1000}s`)
    }
    const hello = receiveMessageOnPort(w.port)?.message as { ready?: true; initError?: string } | undefined
    if (!hello?.ready) {
      stopWorker(w)
      throw new Error(`the test worker did not start: ${hello?.initError ?? 'no answer'}`)
    }
    return w
  }

  const stop = () => {
    if (current) stopWorker(current)
    if (next) stopWorker(next)
    current = next = undefined
  }

  return {
    evaluate(req) {
      current ??= start()
      const { port, signal } = current
      Atomics.store(signal, 0, 0)
      const t0 = performance.now()
      port.postMessage(req)
      if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
        stopWorker(current)
        current = undefined
        const what = req.bench ? 'benchmark' : 'evaluation'
        return { error: { code: 'eval_cancel_error', message: `${what} timed out after ${timeoutText} (--timeout)` }, output: [], notes: [], duration: performance.now() - t0 }
      }
      const answer = receiveMessageOnPort(port)
      if (!answer) throw new Error('the test worker signalled without an answer')
      return answer.message as EvalResponse
    },
    close: stop,
  }
}
