/**
 * A worker with a deadline: a policy can make evaluation run for hours (a
 * comprehension over two large ranges), and a worker cannot be interrupted,
 * so a job not answered within `limitMs` ends the worker; a fresh one takes
 * the next job. The page never waits on a runaway policy.
 */
import type { FromWorker, ToWorker } from './protocol.js'

export interface GuardedWorker {
  send(m: ToWorker): void
}

/**
 * `isFinal` says which answer ends a job; `onStopped` is told when the
 * deadline ended one. Answers go to `onAnswer`.
 */
export function guardedWorker(
  create: () => Worker,
  limitMs: number,
  isFinal: (m: FromWorker) => boolean,
  onAnswer: (m: FromWorker) => void,
  onStopped: (job: ToWorker) => void,
): GuardedWorker {
  let worker = start()
  let timer: ReturnType<typeof setTimeout> | undefined
  /** The job the deadline is for: the last one sent (older ones are dropped by the worker). */
  let guarded: ToWorker | undefined
  function start(): Worker {
    const w = create()
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (isFinal(e.data) && 'seq' in e.data && e.data.seq === guarded?.seq) clearTimeout(timer)
      onAnswer(e.data)
    }
    return w
  }
  return {
    send(m) {
      clearTimeout(timer)
      guarded = m
      timer = setTimeout(() => {
        worker.terminate()
        worker = start()
        onStopped(m)
      }, limitMs)
      worker.postMessage(m)
    },
  }
}
