/**
 * "Did you mean …?": the known name closest to a misspelled one, by edit
 * distance with transpositions (`contians` → `contains` is one edit). Only
 * close matches count, so a hint is rare and right rather than a guess.
 */

/** The candidate closest to `word` within a few edits (fewer for short words), or undefined. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3
  let best: string | undefined
  let bestDistance = limit + 1
  for (const c of candidates) {
    if (c === word || Math.abs(c.length - word.length) > limit) continue
    const d = editDistance(word, c)
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = d
    }
  }
  return rows[a.length]![b.length]!
}
