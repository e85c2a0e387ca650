/** uuid.parse (google/uuid's accepted forms and fields) and uuid.rfc4122 (random v4, one per key per evaluation). */
import { RegoObject, type Value } from '../value/index.js'
import { fromBig, str } from './core-util.js'
import type { BuiltinImpl } from './types.js'

/** The 16 bytes of a UUID in any of google/uuid's forms, or undefined. */
function uuidBytes(s: string): Uint8Array | undefined {
  let hex: string
  if (s.length === 32) hex = s
  else {
    let mid: string
    if (s.length === 36) mid = s
    else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') mid = s.slice(9)
    else if (s.length === 38) mid = s.slice(1, 37)
    else return undefined
    if (mid[8] !== '-' || mid[13] !== '-' || mid[18] !== '-' || mid[23] !== '-') return undefined
    hex = mid.slice(0, 8) + mid.slice(9, 13) + mid.slice(14, 18) + mid.slice(19, 23) + mid.slice(24)
  }
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122'
  if ((b & 0xe0) === 0xc0) return 'Microsoft'
  if ((b & 0xe0) === 0xe0) return 'Future'
  return 'Reserved'
}

const GREGORIAN_TO_UNIX_100NS = 122192928000000000n

function parse([a]: Value[]): Value | undefined {
  const b = uuidBytes(str('uuid.parse', a!, 1))
  if (!b) return undefined
  const version = b[6]! >> 4
  const out = new RegoObject([
    ['version', version],
    ['variant', variant(b[8]!)],
  ])
  if (version === 1 || version === 2) {
    const u32 = (i: number) => (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!
    const timeLow = BigInt(u32(0) >>> 0)
    const timeMid = BigInt((b[4]! << 8) | b[5]!)
    const timeHi = BigInt(((b[6]! << 8) | b[7]!) & 0x0fff)
    const t = (timeHi << 48n) | (timeMid << 32n) | timeLow
    out.set('time', fromBig((t - GREGORIAN_TO_UNIX_100NS) * 100n))
    out.set('clocksequence', ((b[8]! << 8) | b[9]!) & 0x3fff)
    const node = Array.from(b.slice(10), (x) => x.toString(16).padStart(2, '0'))
    out.set('nodeid', node.join('-'))
    out.set('macvariables', `${b[10]! & 0x02 ? 'local' : 'global'}:${b[10]! & 0x01 ? 'multicast' : 'unicast'}`)
    if (version === 2) {
      out.set('id', u32(0) >>> 0)
      const d = b[9]!
      out.set('domain', d === 0 ? 'Person' : d === 1 ? 'Group' : d === 2 ? 'Org' : `Domain${d}`)
    }
  }
  return out
}

function randomV4(): string {
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const uuidImpls: Record<string, BuiltinImpl> = {
  'uuid.parse': parse,
  'uuid.rfc4122': ([a], ctx) => {
    const key = `uuid.rfc4122:${str('uuid.rfc4122', a!, 1)}`
    const hit = ctx.cache.get(key)
    if (hit !== undefined) return hit
    const v = randomV4()
    ctx.cache.set(key, v)
    return v
  },
}
