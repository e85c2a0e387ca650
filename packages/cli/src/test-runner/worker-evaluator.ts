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

/** How long a worker may take to load its code. */
const LOAD_MS = 60_000

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
export function workerEvaluator(
  first: StartedWorker,
  init: WorkerInit,
  timeoutMs: number,
  timeoutText: string,
): Evaluator {
  let current: StartedWorker | undefined
  let next: StartedWorker | undefined = first

  /** Set when the modules cannot be loaded within the deadline: every evaluation's answer. */
  let unloadable: EvalResponse | undefined

  /**
   * The worker's next answer, waiting up to `ms`; undefined when the time is
   * up. The worker posts, then counts the answer in `signal`: a count read
   * before a wait is current or the message is already there.
   */
  const answer = (w: StartedWorker, ms: number): unknown => {
    const deadline = performance.now() + ms
    for (;;) {
      const seen = Atomics.load(w.signal, 0)
      const arrived = receiveMessageOnPort(w.port)
      if (arrived) return arrived.message
      const left = deadline - performance.now()
      if (left <= 0) return undefined
      Atomics.wait(w.signal, 0, seen, left)
    }
  }

  const start = (): StartedWorker | undefined => {
    const w = next ?? startWorker()
    next = undefined
    const loaded = answer(w, LOAD_MS) as { loaded?: true } | undefined
    if (!loaded?.loaded) {
      stopWorker(w)
      throw new Error(`the test worker did not load its code within ${LOAD_MS / 1000}s`)
    }
    w.port.postMessage(init)
    // Loading the data computes the module's rules of data alone (its data cache): a slow one is stopped here.
    const t0 = performance.now()
    const hello = answer(w, timeoutMs) as { ready?: true; initError?: string } | undefined
    if (!hello) {
      stopWorker(w)
      const message = `loading the policy and its data took longer than ${timeoutText} (--timeout); rules that depend on data alone are computed then`
      unloadable = {
        error: { code: 'eval_cancel_error', message },
        output: [],
        notes: [],
        duration: performance.now() - t0,
      }
      return undefined
    }
    if (!hello.ready) {
      stopWorker(w)
      throw new Error(`the test worker did not start: ${hello.initError ?? 'no answer'}`)
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
      if (!unloadable) current ??= start()
      if (!current) return unloadable!
      const t0 = performance.now()
      current.port.postMessage(req)
      const res = answer(current, timeoutMs) as EvalResponse | undefined
      if (res) return res
      stopWorker(current)
      current = undefined
      const what = req.bench ? 'benchmark' : 'evaluation'
      return {
        error: { code: 'eval_cancel_error', message: `${what} timed out after ${timeoutText} (--timeout)` },
        output: [],
        notes: [],
        duration: performance.now() - t0,
      }
    },
    loadStopped: () => unloadable !== undefined,
    close: stop,
  }
}
