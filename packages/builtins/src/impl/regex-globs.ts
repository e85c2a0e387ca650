/**
 * `regex.globs_match`: whether two "globs" (regexes restricted to literal
 * characters, `.`, `[...]` sets and the `*` / `+` repetitions, as in OPA's
 * glob-intersection library) match a common non-empty string. Decided exactly,
 * on the product of the two patterns' automata.
 */

type Cls = { kind: 'char'; ch: number } | { kind: 'dot' } | { kind: 'set'; runes: Set<number> }
interface Tok {
  cls: Cls
  flag: 'none' | 'plus' | 'star'
}

class GlobSyntaxError extends Error {}

function invalid(input: number[], pos: number, msg: string): never {
  throw new GlobSyntaxError(
    `input:${String.fromCodePoint(...input)}, pos:${pos}, ${msg}: the input provided is invalid`,
  )
}

const END = Symbol('end')

// One rune with its escape: returns [newIndex, rune, escaped] or END.
function nextRune(input: number[], index: number): [number, number, boolean] | typeof END {
  if (index >= input.length) return END
  if (input[index] === 0x5c) {
    if (index < input.length - 1) return [index + 2, input[index + 1]!, true]
    invalid(input, index, 'input ends with a \\ (escape) character')
  }
  return [index + 1, input[index]!, false]
}

function tokenize(pattern: string): Tok[] {
  const input = Array.from(pattern, (c) => c.codePointAt(0)!)
  const toks: Tok[] = []
  let i = 0
  for (;;) {
    const r = nextRune(input, i)
    if (r === END) break
    let ni = r[0]
    const ch = r[1]
    const escaped = r[2]
    let cls: Cls
    if (!escaped && ch === 0x2e) cls = { kind: 'dot' }
    else if (!escaped && ch === 0x5d) invalid(input, ni, "set-close ']' with no preceding '['")
    else if (!escaped && ch === 0x5b) [ni, cls] = readSet(input, ni)
    else if (!escaped && (ch === 0x2b || ch === 0x2a))
      invalid(input, ni, `flag '${String.fromCodePoint(ch)}' must be preceded by a non-flag`)
    else cls = { kind: 'char', ch }
    let flag: Tok['flag'] = 'none'
    const f = nextRune(input, ni)
    if (f !== END && !f[2] && (f[1] === 0x2b || f[1] === 0x2a)) {
      flag = f[1] === 0x2b ? 'plus' : 'star'
      ni = f[0]
    }
    toks.push({ cls: cls!, flag })
    i = ni
  }
  return toks
}

function readSet(input: number[], index: number): [number, Cls] {
  const runes = new Set<number>()
  let prev = 0
  let prevExists = false
  let i = index
  for (;;) {
    const r = nextRune(input, i)
    if (r === END) invalid(input, i, 'found [ without matching ]')
    let [ni, ch, escaped] = r
    if (!escaped && ch === 0x2d) {
      if (!prevExists) invalid(input, ni, "range character '-' must be preceded by a Unicode character")
      if (ni >= input.length - 1) invalid(input, ni, "range character '-' must be followed by a Unicode character")
      const hi = nextRune(input, ni)
      if (hi === END) invalid(input, ni, "range character '-' must be followed by a Unicode character")
      ;[ni, ch, escaped] = hi
      if (!escaped && (ch === 0x5d || ch === 0x2d))
        invalid(input, ni, "range character '-' cannot be followed by a special symbol")
      if (ch < prev) {
        invalid(
          input,
          ni,
          `range is out of order: '${String.fromCodePoint(ch)}' comes before '${String.fromCodePoint(prev)}' in Unicode`,
        )
      }
      for (let x = prev; x <= ch; x++) runes.add(x)
      prevExists = false
    } else if (!escaped && ch === 0x5d) {
      return [ni, { kind: 'set', runes }]
    } else {
      runes.add(ch)
      prev = ch
      prevExists = true
    }
    i = ni
  }
}

function overlap(a: Cls, b: Cls): boolean {
  const nonEmpty = (c: Cls) => c.kind !== 'set' || c.runes.size > 0
  if (a.kind === 'dot') return nonEmpty(b)
  if (b.kind === 'dot') return nonEmpty(a)
  if (a.kind === 'char' && b.kind === 'char') return a.ch === b.ch
  if (a.kind === 'char') return b.kind === 'set' && b.runes.has(a.ch)
  if (b.kind === 'char') return a.kind === 'set' && a.runes.has(b.ch)
  if (a.kind === 'set' && b.kind === 'set') for (const r of a.runes) if (b.runes.has(r)) return true
  return false
}

// `t+` is `t t*`; then position k of the list is an automaton state.
function expandPlus(toks: Tok[]): Tok[] {
  return toks.flatMap((t) =>
    t.flag === 'plus'
      ? [
          { cls: t.cls, flag: 'none' as const },
          { cls: t.cls, flag: 'star' as const },
        ]
      : [t],
  )
}

/** Whether the two globs match a common non-empty string (or are both empty). Throws on a malformed glob. */
export function globsIntersect(lhs: string, rhs: string): boolean {
  const g1 = expandPlus(tokenize(lhs))
  const g2 = expandPlus(tokenize(rhs))
  if (g1.length === 0 && g2.length === 0) return true
  const n1 = g1.length
  const n2 = g2.length
  // States: (i, j, consumed) packed as a number.
  const key = (i: number, j: number, c: number) => (i * (n2 + 1) + j) * 2 + c
  const seen = new Set<number>()
  const stack: [number, number, number][] = [[0, 0, 0]]
  while (stack.length > 0) {
    const [i, j, c] = stack.pop()!
    const k = key(i, j, c)
    if (seen.has(k)) continue
    seen.add(k)
    if (i === n1 && j === n2 && c === 1) return true
    // Epsilon moves: skip a starred token.
    if (i < n1 && g1[i]!.flag === 'star') stack.push([i + 1, j, c])
    if (j < n2 && g2[j]!.flag === 'star') stack.push([i, j + 1, c])
    // Consume one character both tokens accept.
    if (i < n1 && j < n2 && overlap(g1[i]!.cls, g2[j]!.cls)) {
      const ni = g1[i]!.flag === 'star' ? i : i + 1
      const nj = g2[j]!.flag === 'star' ? j : j + 1
      stack.push([ni, nj, 1])
    }
  }
  return false
}
