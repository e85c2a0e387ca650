/**
 * Where compile time goes, stage by stage (issue 18): the parser, each checker
 * stage, the planner and each codegen stage add their time here when a
 * recorder is on. Off (the default) it costs one branch per stage, so the
 * stage tables can always call it. `cordon build` turns it on with
 * `CORDON_STAGE_TIMES=1` and prints the table on stderr.
 */
export interface StageTime {
  name: string
  /** Wall-clock time. */
  ms: number
  /** CPU time, when the recorder was given a CPU clock (wall time misleads on a loaded machine). */
  cpuMs?: number
  /** How many times the stage ran (the parser once per file, a checker stage once per compile). */
  runs: number
}

let recording: { rows: Map<string, StageTime>; cpu?: () => number } | undefined

/** Starts recording stage times, dropping any recorded before. `cpu` reads the process's CPU time in ms. */
export function recordStageTimes(cpu?: () => number): void {
  recording = { rows: new Map(), ...(cpu && { cpu }) }
}

/** The times recorded since {@link recordStageTimes}, in the order stages first ran; stops recording. */
export function takeStageTimes(): StageTime[] {
  const out = [...(recording?.rows.values() ?? [])]
  recording = undefined
  return out
}

/** Runs `fn` as stage `name`, adding its time to the table when recording. */
export function timeStage<T>(name: string, fn: () => T): T {
  const rec = recording
  if (!rec) return fn()
  const t0 = performance.now()
  const c0 = rec.cpu?.()
  try {
    return fn()
  } finally {
    const ms = performance.now() - t0
    const cpuMs = c0 === undefined ? undefined : rec.cpu!() - c0
    const row = rec.rows.get(name)
    if (!row) rec.rows.set(name, { name, ms, ...(cpuMs !== undefined && { cpuMs }), runs: 1 })
    else {
      row.ms += ms
      if (cpuMs !== undefined) row.cpuMs = (row.cpuMs ?? 0) + cpuMs
      row.runs++
    }
  }
}
