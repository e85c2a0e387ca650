/**
 * The process's CPU time in ms, for tests that compare the cost of two sizes
 * of work: CPU time, unlike wall time, does not grow when other processes
 * load the machine. Node only; nothing the package exports imports it.
 */
export function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
