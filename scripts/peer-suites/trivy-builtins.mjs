// Trivy's six custom Rego builtins, for running aquasecurity/trivy-checks'
// tests with `cordon test --builtins` (scripts/peer-suites.mjs). Written for
// Cordon from how the checks call them and from Trivy's documentation; the
// semantics are Trivy's, the code is ours:
//
// - result.new(msg, cause) and isManaged(x): Trivy's result object. The
//   metadata comes from `cause.__defsec_metadata`, else from `cause` itself;
//   missing fields take Trivy's defaults (`managed` true, lines 0, …).
// - cidr.count_addresses(s), cidr.is_public(s): addresses in a CIDR (1 for
//   a plain IP, 0 when unreadable, 2^64-1 for `*`/internet/any or /63 and
//   wider), and whether an IP, CIDR or range leaves the private blocks.
// - sh.parse_commands(s): the simple commands of a shell command line, each
//   as its words written as in the source (assignments before the command
//   name left out), separated by `;`, `&&`, `||`, `|`, `&` and new lines;
//   commands inside `$(…)` follow the command that holds them.
// - squealer.scan_string(s): whether the text holds a secret. Squealer's own
//   rule set is not reproduced; these are the common patterns (AWS keys,
//   private keys, tokens, password/secret assignments).
//
// Plain `{ name, args, result, impl }` objects: the module needs nothing
// from Cordon at run time. Objects arrive as Cordon's RegoObject (`.get`).

const field = (obj, key) => (obj && typeof obj.get === 'function' ? obj.get(key) : undefined)

const RESULT_DEFAULTS = {
  startline: 0,
  endline: 0,
  sourceprefix: '',
  filepath: '',
  explicit: false,
  managed: true,
  fskey: '',
  resource: '',
  parent: null,
}

function metadataOf(cause) {
  const meta = field(cause, '__defsec_metadata')
  return meta !== undefined ? meta : cause
}

function trivyResult(msg, cause) {
  const meta = metadataOf(cause)
  const out = { msg }
  for (const [k, dflt] of Object.entries(RESULT_DEFAULTS)) {
    const v = field(meta, k)
    out[k] = k === 'parent' ? (v === undefined || v === null ? null : trivyResult('', v)) : v === undefined ? dflt : v
  }
  return out
}

// ─── cidr ────────────────────────────────────────────────────────────────────

const MAX_U64 = (1n << 64n) - 1n

/** An IPv4 or IPv6 address as [bytes, bits], or undefined. */
function parseIp(text) {
  const s = text.trim()
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (v4) {
    const parts = v4.slice(1).map(Number)
    if (parts.some((p) => p > 255)) return undefined
    return { value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), bits: 32 }
  }
  if (!s.includes(':')) return undefined
  let head = s
  let tail4 = []
  const m = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(s)
  if (m) {
    const ip4 = parseIp(m[2])
    if (!ip4) return undefined
    head = m[1].endsWith('::') ? m[1] : m[1].slice(0, -1)
    tail4 = [Number((ip4.value >> 16n) & 0xffffn).toString(16), Number(ip4.value & 0xffffn).toString(16)]
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const left = halves[0] ? halves[0].split(':') : []
  const right = [...(halves.length === 2 && halves[1] ? halves[1].split(':') : []), ...tail4]
  const missing = 8 - left.length - right.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right]
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined
  return { value: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 }
}

function parseCidr(text) {
  const [ip, len, ...rest] = text.split('/')
  if (rest.length > 0 || !/^\d+$/.test(len ?? '')) return undefined
  const addr = parseIp(ip)
  if (!addr || Number(len) > addr.bits) return undefined
  const host = BigInt(addr.bits - Number(len))
  const network = (addr.value >> host) << host
  return {
    start: addr.value,
    first: network,
    last: network | ((1n << host) - 1n),
    bits: addr.bits,
    prefix: Number(len),
  }
}

const PRIVATE = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '::1/128',
  'fe80::/10',
  'fc00::/7',
  '100.64.0.0/10',
].map(parseCidr)

const isPrivate = (value, bits) => PRIVATE.some((b) => b.bits === bits && value >= b.first && value <= b.last)
const isAnywhere = (s) => s === '*' || /^(internet|any)$/i.test(s)

function countAddresses(s) {
  if (isAnywhere(s)) return MAX_U64
  if (!s.includes('/')) return parseIp(s) ? 1 : 0
  const c = parseCidr(s)
  if (!c) return 0
  const power = c.bits - c.prefix
  return power >= 63 ? MAX_U64 : 1n << BigInt(power)
}

function isPublic(s) {
  if (isAnywhere(s)) return true
  if (s.includes('-')) {
    // Trivy reads each end of a range as the raw bytes of its text, which are
    // never inside a private block (unless 4 or 16 bytes long).
    const parts = s.split('-')
    if (parts.length !== 2) return false
    return parts.some((p) => !rawBytesPrivate(p.trim()))
  }
  if (!s.includes('/')) {
    const ip = parseIp(s)
    return ip ? !isPrivate(ip.value, ip.bits) : false
  }
  const c = parseCidr(s)
  if (!c) return false
  return !isPrivate(c.start, c.bits) || !isPrivate(c.last, c.bits)
}

function rawBytesPrivate(text) {
  const bytes = [...new TextEncoder().encode(text)]
  if (bytes.length !== 4 && bytes.length !== 16) return false
  const value = bytes.reduce((a, b) => (a << 8n) | BigInt(b), 0n)
  return isPrivate(value, bytes.length * 8)
}

// ─── sh.parse_commands ───────────────────────────────────────────────────────

const SEPARATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')', '{', '}']

/** Simple commands of a shell line; throws on an unterminated quote. */
function parseCommands(src) {
  const commands = []
  let words = []
  // Commands inside `$(…)` of this command's words come right after it (a depth-first walk).
  let nested = []
  const end = () => {
    // Leading NAME=value words are assignments, not part of the command.
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift()
    if (words.length > 0) commands.push(words)
    for (const inner of nested) commands.push(...parseCommands(inner))
    words = []
    nested = []
  }
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    const sep = SEPARATORS.find(
      (s) => src.startsWith(s, i) && (s !== '{' && s !== '}' ? true : words.length === 0 || s === '}'),
    )
    if (sep) {
      end()
      i += sep.length
      continue
    }
    let word = ''
    while (i < src.length) {
      const d = src[i]
      if (
        d === ' ' ||
        d === '\t' ||
        d === '\r' ||
        d === '\n' ||
        d === ';' ||
        d === '&' ||
        d === '|' ||
        d === '(' ||
        d === ')'
      )
        break
      if (d === '\\') {
        if (src[i + 1] === '\n') {
          i += 2
          continue
        }
        word += src.slice(i, i + 2)
        i += 2
        continue
      }
      if (d === "'" || d === '"') {
        const close = d === "'" ? src.indexOf("'", i + 1) : closingDoubleQuote(src, i + 1)
        if (close < 0) throw new Error(`reached EOF without closing quote ${d}`)
        word += src.slice(i, close + 1)
        i = close + 1
        continue
      }
      if (d === '$' && src[i + 1] === '(') {
        const close = closingParen(src, i + 2)
        nested.push(src.slice(i + 2, close))
        word += src.slice(i, close + 1)
        i = close + 1
        continue
      }
      word += d
      i++
    }
    words.push(word)
  }
  end()
  return commands
}

function closingDoubleQuote(src, from) {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') i++
    else if (src[i] === '"') return i
  }
  return -1
}

function closingParen(src, from) {
  let depth = 1
  for (let i = from; i < src.length; i++) {
    if (src[i] === '(') depth++
    else if (src[i] === ')' && --depth === 0) return i
  }
  throw new Error('reached EOF without matching ( with )')
}

// ─── squealer.scan_string ────────────────────────────────────────────────────

const SECRET_RULES = [
  {
    description: 'Potential AWS Access Key ID',
    re: /\b(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/,
  },
  { description: 'Potential AWS Secret Access Key', re: /aws_?secret_?access_?key\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}/i },
  { description: 'Private Key', re: /-----BEGIN ((RSA|DSA|EC|OPENSSH|PGP) )?PRIVATE KEY( BLOCK)?-----/ },
  { description: 'GitHub Token', re: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/ },
  { description: 'Slack Token', re: /\bxox[baprs]-[0-9A-Za-z-]{10,}/ },
  {
    description: 'Password, secret or token assignment',
    re: /(password|passwd|pwd|secret|token|api_?key)[A-Za-z0-9_]*\s*[:=]\s*\\?["']?[^\s"'\\$]{4,}/i,
  },
]

function scanString(s) {
  const hit = SECRET_RULES.find((r) => r.re.test(s))
  return { transgressionFound: hit !== undefined, description: hit ? hit.description : '' }
}

// ─── the definitions ─────────────────────────────────────────────────────────

const any = { type: 'any' }
const string = { type: 'string' }

export default [
  { name: 'result.new', args: [string, any], result: any, impl: (msg, cause) => trivyResult(msg, cause) },
  { name: 'isManaged', args: [any], result: { type: 'boolean' }, impl: (x) => trivyResult('', x).managed === true },
  { name: 'cidr.count_addresses', args: [string], result: { type: 'number' }, impl: (s) => countAddresses(s) },
  { name: 'cidr.is_public', args: [string], result: { type: 'boolean' }, impl: (s) => isPublic(s) },
  {
    name: 'sh.parse_commands',
    args: [string],
    result: { type: 'array', dynamic: { type: 'array', dynamic: string } },
    impl: (s) => parseCommands(s),
  },
  {
    name: 'squealer.scan_string',
    args: [string],
    result: {
      type: 'object',
      static: [
        { key: 'transgressionFound', value: { type: 'boolean' } },
        { key: 'description', value: string },
      ],
    },
    impl: (s) => scanString(s),
  },
]
