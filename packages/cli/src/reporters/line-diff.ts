/**
 * A line diff of two texts in unified form (`---`/`+++` headers, `@@` hunks
 * with 3 lines of context), for `cordon fmt --diff`. Lines are matched by a
 * longest common subsequence; inputs are policy files, so the quadratic table
 * is bounded by refusing texts above {@link MAX_LINES} lines per side.
 */
import { plain, type Colour } from './colour.js'

const CONTEXT = 3
const MAX_LINES = 20_000

type Op = { kind: ' ' | '-' | '+'; line: string }

/** `c` colours removed lines red, added green, hunk headers cyan (none by default). */
export function unifiedDiff(oldName: string, newName: string, a: string, b: string, c: Colour = plain): string {
  const x = splitLines(a)
  const y = splitLines(b)
  const head = `${c.bold(`--- ${oldName}`)}\n${c.bold(`+++ ${newName}`)}\n`
  if (x.length > MAX_LINES || y.length > MAX_LINES)
    return `${head}(file too long to diff: more than ${MAX_LINES} lines)\n`
  const ops = lineOps(x, y)
  let out = head
  for (const [start, end] of hunks(ops)) {
    let oldStart = 1
    let newStart = 1
    for (let i = 0; i < start; i++) {
      if (ops[i]!.kind !== '+') oldStart++
      if (ops[i]!.kind !== '-') newStart++
    }
    const slice = ops.slice(start, end)
    const oldLen = slice.filter((o) => o.kind !== '+').length
    const newLen = slice.filter((o) => o.kind !== '-').length
    out += `${c.cyan(`@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@`)}\n`
    for (const o of slice)
      out += `${o.kind === '-' ? c.red(`-${o.line}`) : o.kind === '+' ? c.green(`+${o.line}`) : ` ${o.line}`}\n`
  }
  return out
}

function splitLines(s: string): string[] {
  const lines = s.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

function lineOps(x: string[], y: string[]): Op[] {
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1))
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i]! })
      i++
      j++
    } else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ kind: '-', line: x[i++]! })
    else ops.push({ kind: '+', line: y[j++]! })
  }
  return ops
}

/** [start, end) ranges of ops around changes, merged when their context overlaps. */
function hunks(ops: Op[]): [number, number][] {
  const ranges: [number, number][] = []
  ops.forEach((o, k) => {
    if (o.kind === ' ') return
    const start = Math.max(0, k - CONTEXT)
    const end = Math.min(ops.length, k + CONTEXT + 1)
    const last = ranges[ranges.length - 1]
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else ranges.push([start, end])
  })
  return ranges
}
