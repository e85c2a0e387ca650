/** rand.intn: a random integer in [0, |n|), the same for the same arguments within one evaluation. */
import type { Value } from '../value/index.js'
import { intOperand, str } from './core-util.js'
import type { BuiltinImpl } from './types.js'

/** A uniform random integer in [0, n) for 0 < n <= 2^53. */
function randomBelow(n: number): number {
  const buf = new Uint32Array(2)
  for (;;) {
    crypto.getRandomValues(buf)
    // 53 random bits, rejection-sampled to avoid modulo bias.
    const x = (buf[0]! >>> 5) * 2 ** 26 + (buf[1]! >>> 6)
    const limit = 2 ** 53 - (2 ** 53 % n)
    if (x < limit) return x % n
  }
}

function intn([a, b]: Value[], ctx: Parameters<BuiltinImpl>[1]): Value {
  const s = str('rand.intn', a!, 1)
  let n = intOperand('rand.intn', b!, 2)
  if (n === 0) return 0
  if (n < 0) n = -n
  const key = `rand.intn:${s}-${n}`
  const hit = ctx.cache.get(key)
  if (hit !== undefined) return hit
  const v = randomBelow(Math.min(n, 2 ** 53))
  ctx.cache.set(key, v)
  return v
}

export const randImpls: Record<string, BuiltinImpl> = { 'rand.intn': intn }
