/**
 * Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`): formatting and
 * parsing with the semantics and error messages of Go's `time.Format` and
 * `time.Parse`, plus the calendar arithmetic they need (proleptic Gregorian).
 */

/** The layout constants OPA accepts by name in `time.parse_ns` and `time.format`. */
export const namedLayouts: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
}

export const RFC3339 = namedLayouts.RFC3339!
export const RFC3339Nano = namedLayouts.RFC3339Nano!

const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const shortDays = longDays.map((d) => d.slice(0, 3))
const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const shortMonths = longMonths.map((m) => m.slice(0, 3))

export const weekdayName = (w: number): string => longDays[w]!

// --- calendar -----------------------------------------------------------------

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)

const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

export const daysIn = (month: number, year: number): number =>
  month === 2 && isLeap(year) ? 29 : daysBefore[month]! - daysBefore[month - 1]!

/** Days since 1970-01-01 of a (normalised) civil date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = (m + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The civil date of a day count since 1970-01-01. */
function civilFromDays(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468
  const era = Math.floor(zz / 146097)
  const doe = zz - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day }
}

/** A broken-down time in some zone, as Go's `Time` methods report it. */
export interface Civil {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  nanosecond: number
  /** Zone offset east of UTC, seconds. */
  offset: number
  /** Zone abbreviation ("" when none is known). */
  zone: string
  /** 0 = Sunday. */
  weekday: number
  /** 1-based day of the year. */
  yday: number
}

/** The civil fields of "local seconds" (unix seconds + offset). */
export function civilOf(localSeconds: number, nanosecond: number, offset: number, zone: string): Civil {
  const days = Math.floor(localSeconds / 86400)
  const rem = localSeconds - days * 86400
  const { year, month, day } = civilFromDays(days)
  return {
    year,
    month,
    day,
    hour: Math.floor(rem / 3600),
    minute: Math.floor((rem % 3600) / 60),
    second: rem % 60,
    nanosecond,
    offset,
    zone,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
  }
}

// --- layout chunks ------------------------------------------------------------

type Std =
  | 'longMonth'
  | 'month'
  | 'numMonth'
  | 'zeroMonth'
  | 'longWeekDay'
  | 'weekDay'
  | 'day'
  | 'underDay'
  | 'zeroDay'
  | 'underYearDay'
  | 'zeroYearDay'
  | 'hour'
  | 'hour12'
  | 'zeroHour12'
  | 'minute'
  | 'zeroMinute'
  | 'second'
  | 'zeroSecond'
  | 'longYear'
  | 'year'
  | 'PM'
  | 'pm'
  | 'TZ'
  | 'ISO8601TZ'
  | 'ISO8601SecondsTZ'
  | 'ISO8601ShortTZ'
  | 'ISO8601ColonTZ'
  | 'ISO8601ColonSecondsTZ'
  | 'NumTZ'
  | 'NumSecondsTz'
  | 'NumShortTZ'
  | 'NumColonTZ'
  | 'NumColonSecondsTZ'
  | 'fracSecond0'
  | 'fracSecond9'

interface Chunk {
  prefix: string
  std?: Std
  suffix: string
  /** Digits of a fractional-second chunk, and its separator. */
  digits?: number
  sep?: string
}

const std0x: Std[] = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year']
const isDigitAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39
const lowerAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x61 && s.charCodeAt(i) <= 0x7a

/** Go's `nextStdChunk`: the text before the first layout element, the element, and the rest. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({ prefix: layout.slice(0, prefixEnd), std, suffix: layout.slice(i + len) })
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!
    const has = (s: string) => layout.startsWith(s, i)
    switch (c) {
      case 'J':
        if (has('Jan')) {
          if (has('January')) return at(i, 'longMonth', 7)
          if (!lowerAt(layout, i + 3)) return at(i, 'month', 3)
        }
        break
      case 'M':
        if (has('Mon')) {
          if (has('Monday')) return at(i, 'longWeekDay', 6)
          if (!lowerAt(layout, i + 3)) return at(i, 'weekDay', 3)
        }
        if (has('MST')) return at(i, 'TZ', 3)
        break
      case '0': {
        const n = layout.charCodeAt(i + 1)
        if (n >= 0x31 && n <= 0x36) return at(i, std0x[n - 0x31]!, 2)
        if (has('002')) return at(i, 'zeroYearDay', 3)
        break
      }
      case '1':
        if (has('15')) return at(i, 'hour', 2)
        return at(i, 'numMonth', 1)
      case '2':
        if (has('2006')) return at(i, 'longYear', 4)
        return at(i, 'day', 1)
      case '_':
        if (layout[i + 1] === '2') {
          if (layout.startsWith('2006', i + 1)) return { prefix: layout.slice(0, i + 1), std: 'longYear', suffix: layout.slice(i + 5) }
          return at(i, 'underDay', 2)
        }
        if (has('__2')) return at(i, 'underYearDay', 3)
        break
      case '3':
        return at(i, 'hour12', 1)
      case '4':
        return at(i, 'minute', 1)
      case '5':
        return at(i, 'second', 1)
      case 'P':
        if (has('PM')) return at(i, 'PM', 2)
        break
      case 'p':
        if (has('pm')) return at(i, 'pm', 2)
        break
      case '-':
        if (has('-070000')) return at(i, 'NumSecondsTz', 7)
        if (has('-07:00:00')) return at(i, 'NumColonSecondsTZ', 9)
        if (has('-0700')) return at(i, 'NumTZ', 5)
        if (has('-07:00')) return at(i, 'NumColonTZ', 6)
        if (has('-07')) return at(i, 'NumShortTZ', 3)
        break
      case 'Z':
        if (has('Z070000')) return at(i, 'ISO8601SecondsTZ', 7)
        if (has('Z07:00:00')) return at(i, 'ISO8601ColonSecondsTZ', 9)
        if (has('Z0700')) return at(i, 'ISO8601TZ', 5)
        if (has('Z07:00')) return at(i, 'ISO8601ColonTZ', 6)
        if (has('Z07')) return at(i, 'ISO8601ShortTZ', 3)
        break
      case '.':
      case ',':
        if (layout[i + 1] === '0' || layout[i + 1] === '9') {
          const ch = layout[i + 1]!
          let j = i + 1
          while (j < layout.length && layout[j] === ch) j++
          if (!isDigitAt(layout, j)) {
            return {
              prefix: layout.slice(0, i),
              std: ch === '0' ? 'fracSecond0' : 'fracSecond9',
              suffix: layout.slice(j),
              digits: j - (i + 1),
              sep: c,
            }
          }
        }
        break
    }
  }
  return { prefix: layout, suffix: '' }
}

// --- formatting ---------------------------------------------------------------

function pad(x: number, width: number): string {
  const neg = x < 0
  const s = Math.abs(x).toString().padStart(width, '0')
  return neg ? '-' + s : s
}

function nano(ns: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || ns === 0)) return ''
  let s = sep + ns.toString().padStart(9, '0')
  if (digits < 9) s = s.slice(0, 1 + digits)
  if (trim) s = s.replace(/0+$/, '').replace(new RegExp(`\\${sep}$`), '')
  return s
}

/** Go's `Time.Format(layout)`. */
export function formatLayout(layout: string, t: Civil): string {
  let out = ''
  let rest = layout
  for (;;) {
    const ch = nextStdChunk(rest)
    out += ch.prefix
    if (!ch.std) break
    rest = ch.suffix
    switch (ch.std) {
      case 'year':
        out += pad(Math.abs(t.year) % 100, 2)
        break
      case 'longYear':
        out += pad(t.year, 4)
        break
      case 'month':
        out += shortMonths[t.month - 1]
        break
      case 'longMonth':
        out += longMonths[t.month - 1]
        break
      case 'numMonth':
        out += String(t.month)
        break
      case 'zeroMonth':
        out += pad(t.month, 2)
        break
      case 'weekDay':
        out += shortDays[t.weekday]
        break
      case 'longWeekDay':
        out += longDays[t.weekday]
        break
      case 'day':
        out += String(t.day)
        break
      case 'underDay':
        out += (t.day < 10 ? ' ' : '') + String(t.day)
        break
      case 'zeroDay':
        out += pad(t.day, 2)
        break
      case 'underYearDay':
        out += String(t.yday).padStart(3, ' ')
        break
      case 'zeroYearDay':
        out += pad(t.yday, 3)
        break
      case 'hour':
        out += pad(t.hour, 2)
        break
      case 'hour12':
        out += String(t.hour % 12 === 0 ? 12 : t.hour % 12)
        break
      case 'zeroHour12':
        out += pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2)
        break
      case 'minute':
        out += String(t.minute)
        break
      case 'zeroMinute':
        out += pad(t.minute, 2)
        break
      case 'second':
        out += String(t.second)
        break
      case 'zeroSecond':
        out += pad(t.second, 2)
        break
      case 'PM':
        out += t.hour >= 12 ? 'PM' : 'AM'
        break
      case 'pm':
        out += t.hour >= 12 ? 'pm' : 'am'
        break
      case 'TZ':
        if (t.zone !== '') out += t.zone
        else {
          const zone = Math.trunc(t.offset / 60)
          out += (zone < 0 ? '-' : '+') + pad(Math.floor(Math.abs(zone) / 60), 2) + pad(Math.abs(zone) % 60, 2)
        }
        break
      case 'fracSecond0':
      case 'fracSecond9':
        out += nano(t.nanosecond, ch.digits!, ch.sep!, ch.std === 'fracSecond9')
        break
      default: {
        // Numeric zones; the ISO 8601 forms write Z for UTC.
        const std = ch.std
        if (t.offset === 0 && std.startsWith('ISO8601')) {
          out += 'Z'
          break
        }
        const zone = Math.abs(Math.trunc(t.offset / 60))
        const abs = Math.abs(t.offset)
        out += (t.offset < 0 ? '-' : '+') + pad(Math.floor(zone / 60), 2)
        if (std.includes('Colon')) out += ':'
        if (std !== 'NumShortTZ' && std !== 'ISO8601ShortTZ') out += pad(zone % 60, 2)
        if (std.includes('Seconds')) {
          if (std.includes('Colon')) out += ':'
          out += pad(abs % 60, 2)
        }
      }
    }
  }
  return out
}

// --- parsing ------------------------------------------------------------------

/** Go's `time.quote` (non-ASCII and control bytes as `\x..`). */
function timeQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0')
    } else {
      if (ch === '"' || ch === '\\') out += '\\'
      out += ch
    }
  }
  return out + '"'
}

class ParseError extends Error {
  constructor(layout: string, value: string, layoutElem: string, valueElem: string, message: string) {
    super(
      message === ''
        ? `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`
        : `parsing time ${timeQuote(value)}${message}`,
    )
  }
}

class Bad extends Error {}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad()
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad()
    return [s.charCodeAt(0) - 0x30, s.slice(1)]
  }
  return [(s.charCodeAt(0) - 0x30) * 10 + s.charCodeAt(1) - 0x30, s.slice(2)]
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0
  let i = 0
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 0x30
  if (i === 0 || (fixed && i !== 3)) throw new Bad()
  return [n, s.slice(i)]
}

/** Go's `atoi` (optional sign, digits only). */
function atoi(s: string): number {
  let neg = false
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  if (!/^[0-9]+$/.test(s)) throw new Bad()
  const x = Number(s)
  return neg ? -x : x
}

function lookup(tab: string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, val.slice(v.length)]
  }
  throw new Bad()
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad()
      prefix = prefix.replace(/^ +/, '')
      value = value.replace(/^ +/, '')
      continue
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad()
    prefix = prefix.slice(1)
    value = value.slice(1)
  }
  return value
}

const commaOrPeriod = (c: string | undefined) => c === '.' || c === ','

function parseNanoseconds(value: string, nbytes: number): [number, string] {
  if (!commaOrPeriod(value[0])) throw new Bad()
  if (nbytes > 10) nbytes = 10
  const ns = atoi(value.slice(1, nbytes))
  if (ns < 0) return [0, 'fractional second']
  return [ns * 10 ** (10 - nbytes), '']
}

function parseSignedOffset(value: string): number {
  if (value[0] !== '-' && value[0] !== '+') return 0
  const m = /^[0-9]+/.exec(value.slice(1))
  if (!m) return 0
  if (Number(m[0]) > 12) return 0
  return 1 + m[0].length
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3))
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value)
  let nUpper = 0
  for (; nUpper < 6 && nUpper < value.length; nUpper++) {
    const c = value.charCodeAt(nUpper)
    if (c < 0x41 || c > 0x5a) break
  }
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : 0
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0
    case 3:
      return 3
  }
  return 0
}

/**
 * Go's `time.Parse(layout, value)` on a host whose local zone is UTC (how OPA
 * runs in practice): returns nanoseconds since the epoch, or throws Go's error.
 */
export function parseLayout(layout: string, value: string): bigint {
  const alayout = layout
  const avalue = value
  let rangeErr = ''
  let amSet = false
  let pmSet = false
  let year = 0
  let month = -1
  let day = -1
  let yday = -1
  let hour = 0
  let min = 0
  let sec = 0
  let nsec = 0
  let utc = false
  let zoneOffset = -1
  let zoneName = ''
  for (;;) {
    const chunk = nextStdChunk(layout)
    const stdstr = layout.slice(chunk.prefix.length, layout.length - chunk.suffix.length)
    try {
      value = skip(value, chunk.prefix)
    } catch {
      throw new ParseError(alayout, avalue, chunk.prefix, value, '')
    }
    if (!chunk.std) {
      if (value.length !== 0) throw new ParseError(alayout, avalue, '', value, `: extra text: ${timeQuote(value)}`)
      break
    }
    layout = chunk.suffix
    const hold = value
    try {
      switch (chunk.std) {
        case 'year': {
          if (value.length < 2) throw new Bad()
          const p = value.slice(0, 2)
          value = value.slice(2)
          year = atoi(p)
          year += year >= 69 ? 1900 : 2000
          break
        }
        case 'longYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad()
          year = atoi(value.slice(0, 4))
          value = value.slice(4)
          break
        case 'month':
          ;[month, value] = lookup(shortMonths, value)
          month++
          break
        case 'longMonth':
          ;[month, value] = lookup(longMonths, value)
          month++
          break
        case 'numMonth':
        case 'zeroMonth':
          ;[month, value] = getnum(value, chunk.std === 'zeroMonth')
          if (month <= 0 || month > 12) rangeErr = 'month'
          break
        case 'weekDay':
          value = lookup(shortDays, value)[1]
          break
        case 'longWeekDay':
          value = lookup(longDays, value)[1]
          break
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (chunk.std === 'underDay' && value[0] === ' ') value = value.slice(1)
          ;[day, value] = getnum(value, chunk.std === 'zeroDay')
          break
        case 'underYearDay':
        case 'zeroYearDay':
          for (let i = 0; i < 2; i++) if (chunk.std === 'underYearDay' && value[0] === ' ') value = value.slice(1)
          ;[yday, value] = getnum3(value, chunk.std === 'zeroYearDay')
          break
        case 'hour':
          ;[hour, value] = getnum(value, false)
          if (hour < 0 || hour >= 24) rangeErr = 'hour'
          break
        case 'hour12':
        case 'zeroHour12':
          ;[hour, value] = getnum(value, chunk.std === 'zeroHour12')
          if (hour < 0 || hour > 12) rangeErr = 'hour'
          break
        case 'minute':
        case 'zeroMinute':
          ;[min, value] = getnum(value, chunk.std === 'zeroMinute')
          if (min < 0 || min >= 60) rangeErr = 'minute'
          break
        case 'second':
        case 'zeroSecond': {
          ;[sec, value] = getnum(value, chunk.std === 'zeroSecond')
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second'
            break
          }
          // A fractional second in the value but not in the layout is accepted.
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std
            if (next === 'fracSecond0' || next === 'fracSecond9') break
            let n = 2
            while (n < value.length && isDigitAt(value, n)) n++
            ;[nsec, rangeErr] = parseNanoseconds(value, n)
            value = value.slice(n)
          }
          break
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new Bad()
          const p = value.slice(0, 2)
          value = value.slice(2)
          const [pm, am] = chunk.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am']
          if (p === pm) pmSet = true
          else if (p === am) amSet = true
          else throw new Bad()
          break
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            utc = true
            value = value.slice(3)
            break
          }
          const n = parseTimeZone(value)
          if (n === 0) throw new Bad()
          zoneName = value.slice(0, n)
          value = value.slice(n)
          break
        }
        case 'fracSecond0': {
          const ndigit = 1 + chunk.digits!
          if (value.length < ndigit) throw new Bad()
          ;[nsec, rangeErr] = parseNanoseconds(value, ndigit)
          value = value.slice(ndigit)
          break
        }
        case 'fracSecond9': {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break
          let i = 0
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++
          ;[nsec, rangeErr] = parseNanoseconds(value, 1 + i)
          value = value.slice(1 + i)
          break
        }
        default: {
          const std = chunk.std
          if (std.startsWith('ISO8601') && value[0] === 'Z') {
            value = value.slice(1)
            utc = true
            break
          }
          let sign: string
          let hh: string
          let mm = '00'
          let ss = '00'
          if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ') {
            if (value.length < 6 || value[3] !== ':') throw new Bad()
            ;[sign, hh, mm, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(6)]
          } else if (std === 'NumShortTZ' || std === 'ISO8601ShortTZ') {
            if (value.length < 3) throw new Bad()
            ;[sign, hh, value] = [value[0]!, value.slice(1, 3), value.slice(3)]
          } else if (std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad()
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)]
          } else if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz') {
            if (value.length < 7) throw new Bad()
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)]
          } else {
            if (value.length < 5) throw new Bad()
            ;[sign, hh, mm, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5)]
          }
          const hr = getnum(hh, true)[0]
          const mi = getnum(mm, true)[0]
          const se = getnum(ss, true)[0]
          if (hr > 24) rangeErr = 'time zone offset hour'
          if (mi > 60) rangeErr = 'time zone offset minute'
          if (se > 60) rangeErr = 'time zone offset second'
          zoneOffset = (hr * 60 + mi) * 60 + se
          if (sign === '-') zoneOffset = -zoneOffset
          else if (sign !== '+') throw new Bad()
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e
      if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`)
      throw new ParseError(alayout, avalue, stdstr, hold, '')
    }
    if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`)
  }
  if (pmSet && hour < 12) hour += 12
  else if (amSet && hour === 12) hour = 0

  if (yday >= 0) {
    let d = 0
    let m = 0
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2
        d = 29
      } else if (yday > 31 + 29) yday--
    }
    if (yday < 1 || yday > 365) throw new ParseError(alayout, avalue, '', value, ': day-of-year out of range')
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1
      if (daysBefore[m]! < yday) m++
      d = yday - daysBefore[m - 1]!
    }
    if (month >= 0 && month !== m) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match month')
    month = m
    if (day >= 0 && day !== d) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match day')
    day = d
  } else {
    if (month < 0) month = 1
    if (day < 0) day = 1
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseError(alayout, avalue, '', value, ': day out of range')

  let offset = 0
  if (!utc) {
    if (zoneOffset !== -1) offset = zoneOffset
    else if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = atoi(zoneName.slice(3)) * 3600
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec - offset
  return BigInt(seconds) * 1_000_000_000n + BigInt(nsec)
}
