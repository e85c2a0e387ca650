/**
 * Time builtins with OPA's semantics: nanoseconds since the epoch (int64
 * range), Go layouts, Go durations, and IANA time zones through
 * `Intl.DateTimeFormat` (offsets computed per instant). "", "UTC" are UTC;
 * "Local" is the host's zone as Intl reports it.
 */
import type { Value } from '../value/index.js'
import { builtinError, typeError, type BuiltinContext, type BuiltinImpl } from './types.js'
import { intArg, intValue, strArg } from './text-util.js'
import {
  civilOf,
  daysFromCivil,
  daysIn,
  formatLayout,
  namedLayouts,
  RFC3339,
  RFC3339Nano,
  weekdayName,
  type Civil,
} from './time-layout.js'
import { parseLayout } from './time-layout-parse.js'

const NS = 1_000_000_000n
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

// --- zones --------------------------------------------------------------------

interface Zone {
  name: string
  /** Offset east of UTC in seconds at a unix second. */
  offsetAt(unixSeconds: number): number
  /** Abbreviation at a unix second ("" when unknown). */
  abbrevAt(unixSeconds: number): string
}

/**
 * tzdata's abbreviations of common zones outside the US (where Intl's en-US
 * names agree with tzdata): [standard offset, standard name, daylight name].
 */
const tzAbbrevs: Record<string, [number, string, string]> = {}
const addAbbrevs = (zones: string, std: number, a: string, b = a) => {
  for (const z of zones.split(' ')) tzAbbrevs[z] = [std * 3600, a, b]
}
addAbbrevs('Europe/London Europe/Belfast Europe/Guernsey Europe/Isle_of_Man Europe/Jersey GB', 0, 'GMT', 'BST')
addAbbrevs('Europe/Dublin Eire', 1, 'IST', 'GMT')
addAbbrevs('Europe/Lisbon Atlantic/Canary Atlantic/Madeira Atlantic/Faroe Portugal WET', 0, 'WET', 'WEST')
addAbbrevs(
  'Europe/Berlin Europe/Paris Europe/Madrid Europe/Rome Europe/Amsterdam Europe/Brussels Europe/Vienna Europe/Stockholm Europe/Oslo Europe/Copenhagen Europe/Warsaw Europe/Prague Europe/Budapest Europe/Zurich Europe/Luxembourg Europe/Monaco Europe/Malta Europe/Belgrade Europe/Zagreb Europe/Ljubljana Europe/Bratislava Europe/Sarajevo Europe/Skopje Europe/Podgorica Europe/Tirane Europe/Andorra Europe/Gibraltar Europe/Vaduz Europe/San_Marino Europe/Vatican Europe/Busingen Arctic/Longyearbyen Africa/Ceuta Poland CET',
  1,
  'CET',
  'CEST',
)
addAbbrevs(
  'Europe/Athens Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Bucharest Europe/Sofia Europe/Riga Europe/Tallinn Europe/Vilnius Europe/Chisinau Europe/Mariehamn Europe/Uzhgorod Europe/Zaporozhye Asia/Nicosia Europe/Nicosia Asia/Famagusta Asia/Beirut Africa/Cairo Africa/Tripoli Egypt Libya EET',
  2,
  'EET',
  'EEST',
)
addAbbrevs('Europe/Moscow Europe/Simferopol W-SU', 3, 'MSK')
addAbbrevs('Asia/Kolkata Asia/Calcutta', 5.5, 'IST')
addAbbrevs('Asia/Jerusalem Asia/Tel_Aviv Israel', 2, 'IST', 'IDT')
addAbbrevs('Asia/Tokyo Japan', 9, 'JST')
addAbbrevs('Asia/Seoul ROK', 9, 'KST')
addAbbrevs('Asia/Shanghai Asia/Chongqing Asia/Harbin Asia/Taipei Asia/Macau PRC ROC', 8, 'CST')
addAbbrevs('Asia/Hong_Kong Hongkong', 8, 'HKT')
addAbbrevs('Asia/Manila', 8, 'PST')
addAbbrevs('Asia/Karachi', 5, 'PKT')
addAbbrevs('Asia/Jakarta Asia/Pontianak', 7, 'WIB')
addAbbrevs(
  'Australia/Sydney Australia/Melbourne Australia/Hobart Australia/Canberra Australia/ACT Australia/NSW Australia/Victoria Australia/Tasmania',
  10,
  'AEST',
  'AEDT',
)
addAbbrevs('Australia/Brisbane Australia/Lindeman Australia/Queensland', 10, 'AEST')
addAbbrevs('Australia/Adelaide Australia/Broken_Hill Australia/South', 9.5, 'ACST', 'ACDT')
addAbbrevs('Australia/Darwin Australia/North', 9.5, 'ACST')
addAbbrevs('Australia/Perth Australia/West', 8, 'AWST')
addAbbrevs('Pacific/Auckland Antarctica/McMurdo NZ', 12, 'NZST', 'NZDT')
addAbbrevs('Africa/Johannesburg Africa/Maseru Africa/Mbabane', 2, 'SAST')
addAbbrevs(
  'Africa/Lagos Africa/Kinshasa Africa/Luanda Africa/Douala Africa/Libreville Africa/Malabo Africa/Niamey Africa/Porto-Novo Africa/Bangui Africa/Brazzaville Africa/Ndjamena',
  1,
  'WAT',
)
addAbbrevs(
  'Africa/Nairobi Africa/Addis_Ababa Africa/Dar_es_Salaam Africa/Kampala Africa/Mogadishu Africa/Djibouti Africa/Asmara Indian/Comoro Indian/Antananarivo Indian/Mayotte',
  3,
  'EAT',
)
addAbbrevs(
  'Africa/Maputo Africa/Harare Africa/Lusaka Africa/Lubumbashi Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Kigali Africa/Windhoek Africa/Khartoum Africa/Juba',
  2,
  'CAT',
)
addAbbrevs(
  'America/Toronto America/Montreal America/Nassau America/Detroit America/Indiana/Indianapolis America/Kentucky/Louisville',
  -5,
  'EST',
  'EDT',
)
addAbbrevs('America/Halifax America/Glace_Bay America/Moncton America/Goose_Bay Atlantic/Bermuda', -4, 'AST', 'ADT')
addAbbrevs('America/St_Johns', -3.5, 'NST', 'NDT')
addAbbrevs('America/Winnipeg America/Mexico_City America/Monterrey America/Merida', -6, 'CST', 'CDT')
addAbbrevs('America/Edmonton America/Boise', -7, 'MST', 'MDT')
addAbbrevs('America/Vancouver America/Tijuana', -8, 'PST', 'PDT')
addAbbrevs('America/Puerto_Rico America/Santo_Domingo', -4, 'AST')
addAbbrevs('America/Jamaica America/Panama America/Cancun', -5, 'EST')
addAbbrevs('UTC Etc/UTC Etc/UCT Etc/Universal Etc/Zulu UCT Universal Zulu', 0, 'UTC')
addAbbrevs('Etc/GMT GMT Etc/Greenwich Greenwich Etc/GMT0 Etc/GMT+0 Etc/GMT-0 GMT0 GMT+0 GMT-0', 0, 'GMT')

const UTC: Zone = { name: 'UTC', offsetAt: () => 0, abbrevAt: () => 'UTC' }
const zoneCache = new Map<string, Zone>()

function intlZone(name: string): Zone {
  const fields = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const abbrev = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' })
  const offsetAt = (unixSeconds: number): number => {
    if (!Number.isFinite(unixSeconds) || Math.abs(unixSeconds) > 8.6e12) return 0
    const parts: Record<string, string> = {}
    for (const p of fields.formatToParts(new Date(unixSeconds * 1000))) parts[p.type] = p.value
    let year = Number(parts.year)
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year
    const local =
      daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
      Number(parts.hour) * 3600 +
      Number(parts.minute) * 60 +
      Number(parts.second)
    return local - unixSeconds
  }
  return {
    name,
    offsetAt,
    abbrevAt: (unixSeconds) => {
      if (!Number.isFinite(unixSeconds) || Math.abs(unixSeconds) > 8.6e12) return ''
      const off = offsetAt(unixSeconds)
      const known = tzAbbrevs[name]
      if (known) return off === known[0] ? known[1] : known[2]
      const part =
        abbrev.formatToParts(new Date(unixSeconds * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? ''
      if (/^[A-Z]{2,5}$/.test(part)) return part
      // Without an abbreviation, tzdata names a zone by its offset: "+05", "+0530".
      const m = Math.abs(Math.trunc(off / 60))
      const text = (off < 0 ? '-' : '+') + String(Math.floor(m / 60)).padStart(2, '0')
      return m % 60 === 0 ? text : text + String(m % 60).padStart(2, '0')
    },
  }
}

/** `time.LoadLocation`-like lookup: IANA names as Intl knows them; throws Go's error otherwise. */
function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC
  if (name === 'Local') {
    const local = new Intl.DateTimeFormat().resolvedOptions().timeZone
    return local === undefined || local === 'UTC' || local === 'Etc/UTC'
      ? { ...UTC, name: 'Local' }
      : { ...loadZone(local), name: 'Local' }
  }
  const hit = zoneCache.get(name)
  if (hit) return hit
  let zone: Zone
  try {
    if (/^[+-]/.test(name) || name.includes('..')) throw new RangeError(name)
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
    // Go's zone names are case-sensitive; Intl's are not.
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) throw new RangeError(name)
    zone = intlZone(name)
  } catch {
    throw new Error(`unknown time zone ${name}`)
  }
  zoneCache.set(name, zone)
  return zone
}

// --- instants -----------------------------------------------------------------

interface ZonedTime {
  ns: bigint
  zone: Zone
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** The civil fields of an instant in a zone. */
function civil(t: ZonedTime): Civil {
  const secs = floorDiv(t.ns, NS)
  const nsec = Number(t.ns - secs * NS)
  const s = Number(secs)
  const offset = t.zone.offsetAt(s)
  return civilOf(s + offset, nsec, offset, t.zone.abbrevAt(s))
}

/** Go's `time.Date(...)` in a zone (fields may overflow; they are normalised). Returns unix nanoseconds. */
function fromCivil(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nsec: number,
  zone: Zone,
): bigint {
  // Normalise the month into the year, then count days.
  const m0 = month - 1
  const y = year + Math.floor(m0 / 12)
  const m = (((m0 % 12) + 12) % 12) + 1
  const local = (daysFromCivil(y, m, 1) + day - 1) * 86400 + hour * 3600 + minute * 60 + second
  const guess = zone.offsetAt(local)
  const offset = zone.offsetAt(local - guess)
  return BigInt(local - offset) * NS + BigInt(nsec)
}

function checkRange(name: string, ns: bigint): number | bigint {
  if (ns < INT64_MIN || ns > INT64_MAX) throw builtinError(name, 'time outside of valid range')
  return intValue(ns)
}

const TZ_EXPECTED = 'either number (ns) or [number (ns), string (tz)]'

/** OPA's `tzTime`: a number of ns, or `[ns, tz]` / `[ns, tz, layout]`. */
function tzTime(name: string, a: Value): { t: ZonedTime; layout: string } {
  let n: Value
  let zone = UTC
  let layout = ''
  if (Array.isArray(a)) {
    if (a.length === 0) throw typeError(name, 1, TZ_EXPECTED, a)
    n = a[0]!
    if (typeof n !== 'number' && typeof n !== 'bigint') throw typeError(name, 1, 'number', n)
    if (a.length > 1) {
      const tz = a[1]!
      if (typeof tz !== 'string') throw typeError(name, 1, 'string', tz)
      try {
        zone = loadZone(tz)
      } catch (e) {
        throw builtinError(name, (e as Error).message)
      }
    }
    if (a.length > 2) {
      const l = a[2]!
      if (typeof l !== 'string') throw typeError(name, 1, 'string', l)
      layout = l
    }
  } else if (typeof a === 'number' || typeof a === 'bigint') {
    n = a
  } else {
    throw typeError(name, 1, TZ_EXPECTED, a)
  }
  let ns: bigint
  if (typeof n === 'bigint') ns = n
  else if (Number.isInteger(n)) ns = BigInt(n)
  else throw builtinError(name, 'timestamp too big')
  if (ns < INT64_MIN || ns > INT64_MAX) throw builtinError(name, 'timestamp too big')
  return { t: { ns, zone }, layout }
}

// --- durations ----------------------------------------------------------------

const units: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
  // OPA's own additions to Go's units (its conformance cases: "365d", "1w", "1y", "1d2h").
  d: 86_400n * NS,
  w: 7n * 86_400n * NS,
  y: 365n * 86_400n * NS,
}

const goQuoteAscii = (s: string) => JSON.stringify(s)

/** Go's `time.ParseDuration`, in nanoseconds, with OPA's extra units d, w and y. */
export function parseDuration(s: string): bigint {
  const orig = s
  const invalid = () => new Error(`time: invalid duration ${goQuoteAscii(orig)}`)
  let d = 0n
  let neg = false
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') throw invalid()
  const LIMIT = 1n << 63n
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid()
    const intPart = /^[0-9]*/.exec(s)![0]
    let v = intPart === '' ? 0n : BigInt(intPart)
    if (v > LIMIT) throw invalid()
    s = s.slice(intPart.length)
    const pre = intPart !== ''
    let post = false
    let f = 0n
    let scale = 1
    if (s[0] === '.') {
      s = s.slice(1)
      const frac = /^[0-9]*/.exec(s)![0]
      s = s.slice(frac.length)
      post = frac !== ''
      let overflow = false
      for (const c of frac) {
        if (overflow) continue
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true
          continue
        }
        const y = f * 10n + BigInt(c.charCodeAt(0) - 0x30)
        if (y > LIMIT) {
          overflow = true
          continue
        }
        f = y
        scale *= 10
      }
    }
    if (!pre && !post) throw invalid()
    const u = /^[^.0-9]*/.exec(s)![0]
    if (u === '') throw new Error(`time: missing unit in duration ${goQuoteAscii(orig)}`)
    s = s.slice(u.length)
    const unit = units[u]
    if (unit === undefined) throw new Error(`time: unknown unit ${goQuoteAscii(u)} in duration ${goQuoteAscii(orig)}`)
    if (v > LIMIT / unit) throw invalid()
    v *= unit
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)))
      if (v > LIMIT) throw invalid()
    }
    d += v
    if (d > LIMIT) throw invalid()
  }
  if (neg) return -d
  if (d > LIMIT - 1n) throw invalid()
  return d
}

// --- builtins -----------------------------------------------------------------

function parseWith(name: string, layout: string, value: string): number | bigint {
  let ns: bigint
  try {
    ns = parseLayout(layout, value)
  } catch (e) {
    throw builtinError(name, (e as Error).message)
  }
  return checkRange(name, ns)
}

// Go's `Time.Date()` difference in the first time's zone (OPA's `time.diff`).
function diff(a: ZonedTime, b: ZonedTime): number[] {
  let t1 = a
  let t2: ZonedTime = { ns: b.ns, zone: a.zone }
  if (t1.ns > t2.ns) [t1, t2] = [t2, t1]
  const c1 = civil(t1)
  const c2 = civil(t2)
  let year = c2.year - c1.year
  let month = c2.month - c1.month
  let day = c2.day - c1.day
  let hour = c2.hour - c1.hour
  let min = c2.minute - c1.minute
  let sec = c2.second - c1.second
  if (sec < 0) {
    sec += 60
    min--
  }
  if (min < 0) {
    min += 60
    hour--
  }
  if (hour < 0) {
    hour += 24
    day--
  }
  if (day < 0) {
    day += daysIn(c1.month, c1.year)
    month--
  }
  if (month < 0) {
    month += 12
    year--
  }
  return [year, month, day, hour, min, sec]
}

export const timeImpls: Record<string, BuiltinImpl> = {
  'time.now_ns': (_args, ctx: BuiltinContext) => intValue(ctx.nowNs),
  'time.parse_ns': (args) => {
    const name = 'time.parse_ns'
    const layout = strArg(name, args, 0)
    const value = strArg(name, args, 1)
    return parseWith(name, namedLayouts[layout] ?? layout, value)
  },
  'time.parse_rfc3339_ns': (args) =>
    parseWith('time.parse_rfc3339_ns', RFC3339, strArg('time.parse_rfc3339_ns', args, 0)),
  'time.parse_duration_ns': (args) => {
    const name = 'time.parse_duration_ns'
    const s = strArg(name, args, 0)
    try {
      return intValue(parseDuration(s))
    } catch (e) {
      throw builtinError(name, (e as Error).message)
    }
  },
  'time.format': (args) => {
    const { t, layout } = tzTime('time.format', args[0] ?? null)
    const l = layout === '' ? RFC3339Nano : (namedLayouts[layout] ?? layout)
    return formatLayout(l, civil(t))
  },
  'time.date': (args) => {
    const c = civil(tzTime('time.date', args[0] ?? null).t)
    return [c.year, c.month, c.day]
  },
  'time.clock': (args) => {
    const c = civil(tzTime('time.clock', args[0] ?? null).t)
    return [c.hour, c.minute, c.second]
  },
  'time.weekday': (args) => weekdayName(civil(tzTime('time.weekday', args[0] ?? null).t).weekday),
  'time.add_date': (args) => {
    const name = 'time.add_date'
    const { t } = tzTime(name, args[0] ?? null)
    const years = intArg(name, args, 1)
    const months = intArg(name, args, 2)
    const days = intArg(name, args, 3)
    const c = civil(t)
    const ns = fromCivil(
      c.year + years,
      c.month + months,
      c.day + days,
      c.hour,
      c.minute,
      c.second,
      c.nanosecond,
      t.zone,
    )
    return checkRange(name, ns)
  },
  'time.diff': (args) => {
    const a = tzTime('time.diff', args[0] ?? null).t
    const b = tzTime('time.diff', args[1] ?? null).t
    return diff(a, b)
  },
}
