/**
 * A worker with a deadline per job: a policy can make a compile or an
 * evaluation run for very long, and a worker cannot be interrupted, so a job
 * still running `limitMs` after the worker started it ends the worker; a
 * fresh one takes the newest job, if one is waiting. The deadline counts from
 * the worker's `started` message, so loading the worker is not counted.
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
  const sent = new Map<number, ToWorker>()
  let newest: ToWorker | undefined
  let running: number | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let worker = start()

  function start(): Worker {
    const w = create()
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data
      if (m.kind === 'started') {
        clearTimeout(timer)
        running = m.seq
        timer = setTimeout(stop, limitMs)
        return
      }
      if ('seq' in m && isFinal(m) && m.seq === running) {
        clearTimeout(timer)
        sent.delete(m.seq)
        running = undefined
      }
      onAnswer(m)
    }
    return w
  }

  function stop(): void {
    worker.terminate()
    worker = start()
    const job = running === undefined ? undefined : sent.get(running)
    running = undefined
    sent.clear()
    if (job) onStopped(job)
    // A newer job was waiting behind the stopped one: the new worker takes it.
    if (newest && newest.seq !== job?.seq) send(newest)
  }

  function send(m: ToWorker): void {
    newest = m
    sent.set(m.seq, m)
    worker.postMessage(m)
  }
  return { send }
}
