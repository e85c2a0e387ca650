/**
 * IP addresses and CIDR ranges, for the trust boundary: is the peer of this
 * connection one of the CDN's edge addresses? IPv4, IPv6 and IPv4-mapped
 * IPv6 (`::ffff:203.0.113.7`, as Node reports IPv4 peers on a dual-stack
 * socket) are compared as the same IPv4 address.
 */

interface Address {
  v6: boolean
  value: bigint
}

/** Parses an address; undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  const s = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return v4(s)
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(s)
  if (mapped) return v4(mapped[1]!)
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const groups = (h: string) => (h === '' ? [] : h.split(':'))
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  let value = 0n
  for (const g of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    value = (value << 16n) | BigInt(parseInt(g, 16))
  }
  return { v6: true, value }
}

function v4(s: string): Address | undefined {
  const parts = s.split('.').map(Number)
  if (parts.some((p) => p > 255)) return undefined
  return { v6: false, value: parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n) }
}

/** A CIDR range (`173.245.48.0/20`, `2400:cb00::/32`) or one address; throws TypeError when malformed. */
export function parseCidr(text: string): (address: string) => boolean {
  const [ip, bits, extra] = text.split('/')
  const base = parseAddress(ip ?? '')
  const width = base?.v6 ? 128 : 32
  const prefix = bits === undefined ? width : Number(bits)
  if (
    !base ||
    extra !== undefined ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > width ||
    (bits !== undefined && !/^\d+$/.test(bits))
  ) {
    throw new TypeError(`'${text}' is not an IP address or CIDR range`)
  }
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix)
  return (address) => {
    const a = parseAddress(address)
    return a !== undefined && a.v6 === base.v6 && (a.value & mask) === (base.value & mask)
  }
}
