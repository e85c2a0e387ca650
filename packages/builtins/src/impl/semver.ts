/** semver.is_valid and semver.compare (SemVer 2.0 as OPA's parser reads it). */
import type { Value } from '../value/index.js'
import { goQuote } from './sprintf.js'
import { str } from './core-util.js'
import { builtinError, type BuiltinImpl } from './types.js'

interface Version {
  nums: [bigint, bigint, bigint]
  pre: string
}

const IDENT = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/
const INT64_MAX = (1n << 63n) - 1n

/** Parses "[v]1.2.3[-pre][+meta]" the way OPA's semver package does; undefined when invalid. */
function parseSemver(input: string): Version | undefined {
  let rest = input.startsWith('v') ? input.slice(1) : input
  const cut = (sep: string): string => {
    const i = rest.indexOf(sep)
    if (i < 0) return ''
    const after = rest.slice(i + 1)
    rest = rest.slice(0, i)
    return after
  }
  const meta = cut('+')
  if (meta !== '' && !IDENT.test(meta)) return undefined
  const pre = cut('-')
  if (pre !== '' && !IDENT.test(pre)) return undefined
  const parts = rest.split('.')
  if (parts.length !== 3) return undefined
  const nums: bigint[] = []
  for (const p of parts) {
    // strconv.ParseInt: optional sign (never left here), decimal digits, int64 range.
    if (!/^\d+$/.test(p)) return undefined
    const n = BigInt(p)
    if (n > INT64_MAX) return undefined
    nums.push(n)
  }
  return { nums: nums as [bigint, bigint, bigint], pre }
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0
  if (a === '') return 1
  if (b === '') return -1
  const x = a.split('.')
  const y = b.split('.')
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!
    const q = y[i]!
    const pn = /^\d+$/.test(p)
    const qn = /^\d+$/.test(q)
    let c: number
    if (pn && qn) c = BigInt(p) < BigInt(q) ? -1 : BigInt(p) > BigInt(q) ? 1 : 0
    else if (pn) c = -1
    else if (qn) c = 1
    else c = p < q ? -1 : p > q ? 1 : 0
    if (c !== 0) return c
  }
  return Math.sign(x.length - y.length)
}

function compareSemver(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! < b.nums[i]! ? -1 : 1
  return comparePre(a.pre, b.pre)
}

function compare([a, b]: Value[]): Value {
  const x = str('semver.compare', a!, 1)
  const y = str('semver.compare', b!, 2)
  const va = parseSemver(x)
  if (!va) throw builtinError('semver.compare', `operand 1: string ${goQuote(x)} is not a valid SemVer`)
  const vb = parseSemver(y)
  if (!vb) throw builtinError('semver.compare', `operand 2: string ${goQuote(y)} is not a valid SemVer`)
  return compareSemver(va, vb)
}

export const semverImpls: Record<string, BuiltinImpl> = {
  'semver.is_valid': ([a]) => typeof a === 'string' && parseSemver(a) !== undefined,
  'semver.compare': compare,
}
