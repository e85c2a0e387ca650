/**
 * Evaluations with a deadline (`cordon test --timeout`). A Wasm evaluation
 * cannot be interrupted on the thread that runs it, so the evaluations run on
 * a worker thread (eval-worker.ts) and the runner waits for each answer with
 * `Atomics.wait` up to the timeout. When the deadline passes the worker is
 * terminated, which stops the evaluation wherever it is; the test is an
 * `eval_cancel_error` naming the timeout, and a fresh worker serves the
 * next test. The runner stays synchronous: answers are read with
 * `receiveMessageOnPort`. The workers are started before the policy is
 * compiled (`startWorker`), so loading their code overlaps the compile.
 * With `--parallel N`, N workers share the tests: all answer into one
 * shared signal, so the runner waits for whichever answers first.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { oneByOne, type EvalRequest, type EvalResponse, type Evaluator } from './evaluate.js'
import type { WorkerInit } from './eval-worker.js'

/** How long a worker may take to load its code. */
const LOAD_MS = 60_000

/** Beside the bundled command (dist/main.js); absent when running from source. */
const workerFile = fileURLToPath(new URL('./eval-worker.js', import.meta.url))

/** A worker thread that has not been given its modules yet. */
export interface StartedWorker {
  worker: Worker
  port: MessagePort
  /** Counts the worker's answers; shared by the workers of one run, so the runner can wait for any of them. */
  signal: Int32Array
}

export const newSignal = (): Int32Array => new Int32Array(new SharedArrayBuffer(4))

/** Starts a worker (it loads its code meanwhile); `workerEvaluator` gives it the modules. */
export function startWorker(signal: Int32Array = newSignal()): StartedWorker {
  if (!existsSync(workerFile)) throw new Error(`--timeout needs the built worker ${workerFile} (run pnpm build)`)
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(workerFile, { workerData: { port: port2, signal }, transferList: [port2] })
  worker.unref()
  return { worker, port: port1, signal }
}

export function stopWorker(w: StartedWorker): void {
  void w.worker.terminate()
  w.port.close()
}

/**
 * The worker's next answer, waiting up to `ms`; undefined when the time is
 * up. The worker posts, then counts the answer in `signal`: a count read
 * before a wait is current or the message is already there.
 */
function answer(w: StartedWorker, ms: number): unknown {
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

const cancelled = (message: string, duration: number): EvalResponse => ({
  error: { code: 'eval_cancel_error', message },
  output: [],
  notes: [],
  duration,
})

/**
 * Evaluations on the `started` workers (fresh ones replace a worker stopped
 * at a deadline), each with the deadline. `evaluate` uses one worker;
 * `evaluateAll` spreads the requests over all of them (`--parallel`), each
 * worker taking the next request when it answers, and returns the answers
 * in the requests' order.
 */
export function workerEvaluator(
  started: readonly StartedWorker[],
  init: WorkerInit,
  timeoutMs: number,
  timeoutText: string,
): Evaluator {
  const signal = started[0]!.signal
  /** Started, not yet given the modules. */
  const spare = [...started]
  /** Ready to evaluate, by lane; undefined: to be started. */
  const lanes: (StartedWorker | undefined)[] = started.map(() => undefined)

  /** Set when the modules cannot be loaded within the deadline: every evaluation's answer. */
  let unloadable: EvalResponse | undefined

  /** Gives `ws` the modules, all at once, and waits until each is ready; undefined for a worker stopped at the deadline. */
  const ready = (ws: StartedWorker[]): (StartedWorker | undefined)[] => {
    for (const w of ws) {
      const loaded = answer(w, LOAD_MS) as { loaded?: true } | undefined
      if (!loaded?.loaded) {
        ws.forEach(stopWorker)
        throw new Error(`the test worker did not load its code within ${LOAD_MS / 1000}s`)
      }
      w.port.postMessage(init)
    }
    // Loading the data computes the module's rules of data alone (its data cache): a slow one is stopped here.
    return ws.map((w) => {
      const t0 = performance.now()
      const hello = answer(w, timeoutMs) as { ready?: true; initError?: string } | undefined
      if (!hello) {
        stopWorker(w)
        const message = `loading the policy and its data took longer than ${timeoutText} (--timeout); rules that depend on data alone are computed then`
        unloadable = cancelled(message, performance.now() - t0)
        return undefined
      }
      if (!hello.ready) {
        ws.forEach(stopWorker)
        throw new Error(`the test worker did not start: ${hello.initError ?? 'no answer'}`)
      }
      return w
    })
  }

  /** Lane `i`, started when it is not; undefined when the modules cannot be loaded. */
  const lane = (i: number): StartedWorker | undefined => {
    if (!unloadable) lanes[i] ??= ready([spare.shift() ?? startWorker(signal)])[0]
    return unloadable ? undefined : lanes[i]
  }

  const timedOut = (req: EvalRequest, t0: number) =>
    cancelled(
      `${req.bench ? 'benchmark' : 'evaluation'} timed out after ${timeoutText} (--timeout)`,
      performance.now() - t0,
    )

  const stopLane = (i: number) => {
    stopWorker(lanes[i]!)
    lanes[i] = undefined
  }

  const evaluate = (req: EvalRequest): EvalResponse => {
    const w = lane(0)
    if (!w) return unloadable!
    const t0 = performance.now()
    w.port.postMessage(req)
    const res = answer(w, timeoutMs) as EvalResponse | undefined
    if (res) return res
    stopLane(0)
    return timedOut(req, t0)
  }

  const evaluateAll = (reqs: readonly EvalRequest[], each?: () => void): EvalResponse[] => {
    const width = Math.min(lanes.length, reqs.length)
    if (width <= 1) return oneByOne(evaluate)(reqs, each)
    // All lanes load the modules at once.
    const idle = [...lanes.keys()].slice(0, width).filter((i) => !lanes[i])
    ready(idle.map(() => spare.shift() ?? startWorker(signal))).forEach((w, k) => (lanes[idle[k]!] = w))
    const out: EvalResponse[] = new Array<EvalResponse>(reqs.length)
    const busy: ({ index: number; t0: number } | undefined)[] = []
    let next = 0
    let answered = 0
    const settle = (index: number, res: EvalResponse) => {
      out[index] = res
      answered++
      each?.()
    }
    /** Lane `i` takes the next request (a lane that cannot load answers it at once). */
    const dispatch = (i: number) => {
      busy[i] = undefined
      while (next < reqs.length) {
        const index = next++
        const w = lane(i)
        if (!w) {
          settle(index, unloadable!)
          continue
        }
        w.port.postMessage(reqs[index])
        busy[i] = { index, t0: performance.now() }
        return
      }
    }
    for (let i = 0; i < width; i++) dispatch(i)
    while (answered < reqs.length) {
      const seen = Atomics.load(signal, 0)
      let moved = false
      let wait = Infinity
      for (let i = 0; i < width; i++) {
        const b = busy[i]
        if (!b) continue
        const arrived = receiveMessageOnPort(lanes[i]!.port)
        const left = b.t0 + timeoutMs - performance.now()
        if (arrived || left <= 0) {
          if (!arrived) stopLane(i)
          settle(b.index, arrived ? (arrived.message as EvalResponse) : timedOut(reqs[b.index]!, b.t0))
          dispatch(i)
          moved = true
        } else wait = Math.min(wait, left)
      }
      if (!moved && wait !== Infinity) Atomics.wait(signal, 0, seen, wait)
    }
    return out
  }

  return {
    evaluate,
    evaluateAll,
    loadStopped: () => unloadable !== undefined,
    close: () => {
      for (const w of [...lanes, ...spare]) if (w) stopWorker(w)
      lanes.fill(undefined)
      spare.length = 0
    },
  }
}
