/**
 * `net.*` builtins: CIDR arithmetic for IPv4 and IPv6 by hand, modelled on
 * Go's `net.IP` / `net.IPNet` (4- or 16-byte addresses, IPv4-mapped IPv6
 * addresses treated as IPv4, the same parse rules and text forms), and
 * `net.lookup_ip_addr`, which resolves only literals and `localhost`.
 */
import { RegoObject, RegoSet, type Value } from '../value/index.js'
import { builtinError, typeError, type BuiltinContext, type BuiltinImpl } from './types.js'
import { strArg } from './text-util.js'

type IP = Uint8Array

interface IPNet {
  ip: IP
  mask: Uint8Array
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

// --- parsing (netip.ParseAddr) --------------------------------------------------

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  const out: number[] = []
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined
    const n = Number(p)
    if (n > 255) return undefined
    out.push(n)
  }
  return out
}

function parseV6(s: string): number[] | undefined {
  const out: number[] = []
  let ellipsis = -1
  let rest = s
  if (rest.startsWith('::')) {
    ellipsis = 0
    rest = rest.slice(2)
    if (rest === '') return new Array<number>(16).fill(0)
  }
  while (rest !== '') {
    const m = /^[0-9a-fA-F]*/.exec(rest)![0]
    if (m.length > 4) return undefined
    if (rest[m.length] === '.') {
      // An embedded IPv4 address ends the text.
      if (ellipsis < 0 && out.length !== 12) return undefined
      if (out.length + 4 > 16) return undefined
      const v4 = parseV4(rest)
      if (!v4) return undefined
      out.push(...v4)
      break
    }
    if (m.length === 0) return undefined
    const n = parseInt(m, 16)
    out.push(n >> 8, n & 0xff)
    rest = rest.slice(m.length)
    if (rest === '') break
    if (rest[0] !== ':' || rest.length === 1) return undefined
    rest = rest.slice(1)
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined
      ellipsis = out.length
      rest = rest.slice(1)
      if (rest === '') break
    }
    if (out.length === 16) return undefined
  }
  if (out.length < 16) {
    if (ellipsis < 0) return undefined
    const fill = new Array<number>(16 - out.length).fill(0)
    out.splice(ellipsis, 0, ...fill)
  } else if (ellipsis >= 0) return undefined
  return out.length === 16 ? out : undefined
}

interface Addr {
  /** The 16-byte form. */
  bytes: IP
  /** An IPv4 address (bit length 32), not an IPv4-mapped IPv6 one. */
  is4: boolean
  zone: string
}

/** Go's `netip.ParseAddr`. */
function parseAddr(s: string): Addr | undefined {
  for (const c of s) {
    if (c === '.') {
      const v4 = parseV4(s)
      return v4 ? { bytes: Uint8Array.from([...V4_PREFIX, ...v4]), is4: true, zone: '' } : undefined
    }
    if (c === ':') {
      const pct = s.indexOf('%')
      let zone = ''
      let text = s
      if (pct >= 0) {
        zone = s.slice(pct + 1)
        text = s.slice(0, pct)
        if (zone === '') return undefined
      }
      const v6 = parseV6(text)
      return v6 ? { bytes: Uint8Array.from(v6), is4: false, zone } : undefined
    }
    if (c === '%') return undefined
  }
  return undefined
}

/** Go's `net.ParseIP` (16-byte form; zones rejected). */
function parseIP(s: string): IP | undefined {
  const a = parseAddr(s)
  return a && a.zone === '' ? a.bytes : undefined
}

/** Go's `net.CIDRMask(ones, bits)`. */
function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8)
  for (let i = 0; i < m.length; i++) {
    const n = Math.max(0, Math.min(8, ones - i * 8))
    m[i] = (0xff << (8 - n)) & 0xff
  }
  return m
}

/** Go's `net.ParseCIDR`: the address and the (masked) network; throws its error. */
function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const slash = s.indexOf('/')
  const err = () => new Error(`invalid CIDR address: ${s}`)
  if (slash < 0) throw err()
  const a = parseAddr(s.slice(0, slash))
  if (!a || a.zone !== '') throw err()
  const len = s.slice(slash + 1)
  if (!/^[0-9]+$/.test(len) || len.length > 8) throw err()
  const n = Number(len)
  const bits = a.is4 ? 32 : 128
  if (n > bits) throw err()
  const mask = cidrMask(n, bits)
  return { ip: a.bytes, net: { ip: maskIP(a.bytes, mask)!, mask } }
}

// --- net.IP / net.IPNet ---------------------------------------------------------

const isMapped = (ip: IP) => ip.length === 16 && V4_PREFIX.every((b, i) => ip[i] === b)

/** Go's `IP.To4`. */
function to4(ip: IP): IP | undefined {
  if (ip.length === 4) return ip
  if (isMapped(ip)) return ip.slice(12)
  return undefined
}

/** Go's `IP.Mask`. */
function maskIP(ip: IP, mask: Uint8Array): IP | undefined {
  let m = mask
  let a = ip
  if (m.length === 16 && a.length === 4 && m.slice(0, 12).every((b) => b === 0xff)) m = m.slice(12)
  if (m.length === 4 && a.length === 16 && isMapped(a)) a = a.slice(12)
  if (a.length !== m.length) return undefined
  return a.map((b, i) => b & m[i]!)
}

function networkNumberAndMask(n: IPNet): { ip: IP; mask: Uint8Array } | undefined {
  let ip = to4(n.ip)
  if (!ip) {
    if (n.ip.length !== 16) return undefined
    ip = n.ip
  }
  let m = n.mask
  if (m.length === 4) {
    if (ip.length !== 4) return undefined
  } else if (m.length === 16) {
    if (ip.length === 4) m = m.slice(12)
  } else return undefined
  return { ip, mask: m }
}

/** Go's `IPNet.Contains`. */
function contains(n: IPNet, ip: IP): boolean {
  const nm = networkNumberAndMask(n)
  if (!nm) return false
  const x = to4(ip) ?? ip
  if (x.length !== nm.ip.length) return false
  for (let i = 0; i < x.length; i++) if ((nm.ip[i]! & nm.mask[i]!) !== (x[i]! & nm.mask[i]!)) return false
  return true
}

/** Go's `IPMask.Size`: the leading ones, or [0, 0] for a non-canonical mask. */
function maskSize(m: Uint8Array): [number, number] {
  let ones = 0
  let i = 0
  for (; i < m.length && m[i] === 0xff; i++) ones += 8
  if (i < m.length) {
    let b = m[i]!
    while (b & 0x80) {
      ones++
      b = (b << 1) & 0xff
    }
    if (b !== 0) return [0, 0]
    for (i++; i < m.length; i++) if (m[i] !== 0) return [0, 0]
  }
  return [ones, m.length * 8]
}

function v6String(b: IP): string {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!)
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  let out = ''
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::'
      i += bestLen - 1
      continue
    }
    if (out !== '' && !out.endsWith(':')) out += ':'
    out += groups[i]!.toString(16)
  }
  return out
}

/** Go's `IP.String`. */
export function ipString(ip: IP): string {
  if (ip.length === 0) return '<nil>'
  const v4 = to4(ip)
  if (v4) return Array.from(v4).join('.')
  if (ip.length === 16) return v6String(ip)
  return '?' + Array.from(ip, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Go's `IPNet.String`. */
function ipNetString(n: IPNet): string {
  const nm = networkNumberAndMask(n)
  if (!nm) return '<nil>'
  const [ones, bits] = maskSize(nm.mask)
  if (ones === 0 && bits === 0 && nm.mask.some((b) => b !== 0)) {
    return `${ipString(nm.ip)}/${Array.from(nm.mask, (b) => b.toString(16).padStart(2, '0')).join('')}`
  }
  return `${ipString(nm.ip)}/${ones}`
}

const toBig = (b: Uint8Array): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n)
const fromBig = (n: bigint, len: number): Uint8Array => {
  const out = new Uint8Array(len)
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

function lastIP(n: IPNet): IP {
  const [ones, bits] = maskSize(n.mask)
  if (ones === 0 && bits === 0) throw new Error('CIDR mask is in non-standard format')
  if (ones === bits) return n.ip
  const last = toBig(n.ip) | ((1n << BigInt(bits - ones)) - 1n)
  return fromBig(last, bits / 8)
}

// --- builtins -------------------------------------------------------------------

function netOperand(name: string, v: Value): IPNet {
  if (typeof v !== 'string') throw typeError(name, 1, 'string', v)
  try {
    return parseCIDR(v).net
  } catch (e) {
    throw builtinError(name, (e as Error).message)
  }
}

function cidrContains(name: string, a: Value, b: Value): boolean {
  const netA = netOperand(name, a)
  if (typeof b !== 'string') throw typeError(name, 1, 'string', b)
  const ip = parseIP(b)
  if (ip) return contains(netA, ip)
  let netB: IPNet
  try {
    netB = parseCIDR(b).net
  } catch {
    throw builtinError(name, `not a valid textual representation of an IP address or CIDR: ${b}`)
  }
  if (!contains(netA, netB.ip)) return false
  try {
    return contains(netA, lastIP(netB))
  } catch (e) {
    throw builtinError(name, (e as Error).message)
  }
}

const MATCHES = 'net.cidr_contains_matches'

function matchTerms(operand: number, v: Value): [Value, Value][] {
  const pick = (x: Value): Value => {
    if (typeof x === 'string') return x
    if (Array.isArray(x) && x.length > 0) return x[0]!
    throw builtinError(MATCHES, `operand ${operand}: element must be string or non-empty array`)
  }
  if (typeof v === 'string') return [[v, v]]
  if (Array.isArray(v)) return v.map((x, i) => [pick(x), i])
  if (v instanceof RegoSet) return v.values().map((x) => [pick(x), x])
  if (v instanceof RegoObject) return v.entries().map(([k, x]) => [pick(x), k])
  return []
}

const EXPAND_LIMIT = 1 << 20

function defaultMask(ip4: IP): Uint8Array {
  if (ip4[0]! < 0x80) return cidrMask(8, 32)
  if (ip4[0]! < 0xc0) return cidrMask(16, 32)
  return cidrMask(24, 32)
}

const V4_BASE = 0xffffn << 32n

interface Range {
  first: bigint
  last: bigint
  /** The original network while the range is not merged with another. */
  net?: IPNet
}

// First and last address of a network in one 128-bit space (IPv4 as ::ffff:a.b.c.d).
function addressRange(n: IPNet): Range {
  const nm = networkNumberAndMask(n)!
  const ipv4 = nm.ip.length === 4
  const first = toBig(maskIP(nm.ip, nm.mask)!) | (ipv4 ? V4_BASE : 0n)
  const hostBits = BigInt(nm.mask.length * 8 - maskSize(nm.mask)[0])
  return { first, last: first | ((1n << hostBits) - 1n), net: n }
}

// The fewest aligned blocks that cover [first, last].
function rangeToCIDRs(first: bigint, last: bigint): string[] {
  const v4 = first >> 32n === 0xffffn && last >> 32n === 0xffffn
  const bits = v4 ? 32 : 128
  const base = v4 ? V4_BASE : 0n
  let lo = first - base
  const hi = last - base
  const out: string[] = []
  while (lo <= hi) {
    let size = 0
    while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi)
      size++
    out.push(ipNetString({ ip: fromBig(lo, bits / 8), mask: cidrMask(bits - size, bits) }))
    lo += 1n << BigInt(size)
  }
  return out
}

function mergeNetworks(nets: IPNet[]): string[] {
  if (nets.length === 0) return []
  let ranges = nets.map(addressRange)
  ranges.sort((a, b) =>
    a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  )
  for (let i = ranges.length - 1; i > 0; i--) {
    const f = ranges[i]!.first
    const prev = f === 0n || f === V4_BASE ? f : f - 1n
    if (prev <= ranges[i - 1]!.last) {
      const first = ranges[i - 1]!.first < f ? ranges[i - 1]!.first : f
      ranges[i - 1] = { first, last: ranges[i]!.last }
      ranges = [...ranges.slice(0, i), ...ranges.slice(i + 1)]
    }
  }
  return ranges.flatMap((r) => (r.net ? [ipNetString(r.net)] : rangeToCIDRs(r.first, r.last)))
}

function mergeElement(v: Value): IPNet {
  const name = 'net.cidr_merge'
  if (typeof v !== 'string') throw builtinError(name, 'element must be string')
  const ip = parseIP(v)
  if (!ip) {
    try {
      return parseCIDR(v).net
    } catch (e) {
      throw builtinError(name, (e as Error).message)
    }
  }
  const ip4 = to4(ip)
  if (ip4) return { ip, mask: defaultMask(ip4) }
  throw builtinError(name, 'IPv6 invalid: needs prefix length')
}

export const netImpls: Record<string, BuiltinImpl> = {
  'net.cidr_contains': (args) => cidrContains('net.cidr_contains', args[0] ?? null, args[1] ?? null),
  'net.cidr_overlap': (args) => cidrContains('net.cidr_overlap', args[0] ?? null, args[1] ?? null),
  'net.cidr_intersects': (args) => {
    const name = 'net.cidr_intersects'
    const a = netOperand(name, args[0] ?? null)
    const b = netOperand(name, args[1] ?? null)
    return contains(a, b.ip) || contains(b, a.ip)
  },
  [MATCHES]: (args) => {
    const out = new RegoSet()
    for (const [cidr1, index1] of matchTerms(1, args[0] ?? null)) {
      for (const [cidr2, index2] of matchTerms(2, args[1] ?? null)) {
        if (cidrContains(MATCHES, cidr1, cidr2)) out.add([index1, index2])
      }
    }
    return out
  },
  'net.cidr_expand': (args) => {
    const name = 'net.cidr_expand'
    const s = strArg(name, args, 0)
    let parsed: { ip: IP; net: IPNet }
    try {
      parsed = parseCIDR(s)
    } catch (e) {
      throw builtinError(name, (e as Error).message)
    }
    const ip = maskIP(parsed.ip, parsed.net.mask)!
    const out = new RegoSet()
    for (let n = 0; contains(parsed.net, ip); n++) {
      if (n >= EXPAND_LIMIT) throw builtinError(name, `CIDR ${s} has more than ${EXPAND_LIMIT} addresses`)
      out.add(ipString(ip))
      let j = ip.length - 1
      for (; j >= 0; j--) {
        ip[j] = (ip[j]! + 1) & 0xff
        if (ip[j]! > 0) break
      }
      if (j < 0) break
    }
    return out
  },
  'net.cidr_is_valid': (args) => {
    const s = args[0]
    if (typeof s !== 'string') return false
    try {
      parseCIDR(s)
      return true
    } catch {
      return false
    }
  },
  'net.cidr_merge': (args) => {
    const v = args[0] ?? null
    let items: Value[]
    if (Array.isArray(v)) items = v
    else if (v instanceof RegoSet) items = v.values()
    else throw builtinError('net.cidr_merge', 'operand must be an array')
    return new RegoSet(mergeNetworks(items.map(mergeElement)))
  },
  'net.lookup_ip_addr': (args, ctx: BuiltinContext) => {
    const name = 'net.lookup_ip_addr'
    const host = strArg(name, args, 0)
    if (!ctx.allowNetwork) throw builtinError(name, 'network builtins are disabled')
    const key = `${name}\u0000${host}`
    const cached = ctx.cache.get(key)
    if (cached !== undefined) return cached
    let result: RegoSet
    const a = parseAddr(host)
    if (a) result = new RegoSet([ipString(a.bytes) + (a.zone ? `%${a.zone}` : '')])
    else if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost'))
      result = new RegoSet(['127.0.0.1'])
    else throw builtinError(name, `lookup ${host}: no host resolver available in this runtime`)
    ctx.cache.set(key, result)
    return result
  },
}
