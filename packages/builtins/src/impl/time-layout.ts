/**
 * Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`): their elements,
 * formatting with the semantics of Go's `time.Format`, and the calendar
 * arithmetic formatting and parsing need (proleptic Gregorian). Parsing, as
 * Go's `time.Parse`, is in time-layout-parse.ts.
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

export const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const shortDays = longDays.map((d) => d.slice(0, 3))
export const longMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
export const shortMonths = longMonths.map((m) => m.slice(0, 3))

export const weekdayName = (w: number): string => longDays[w]!

// --- calendar -----------------------------------------------------------------

export const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)

/** Days of a common year before each month (index 1 = January; 12 = the whole year). */
export const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

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

export type Std =
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

export interface Chunk {
  prefix: string
  std?: Std
  suffix: string
  /** Digits of a fractional-second chunk, and its separator. */
  digits?: number
  sep?: string
}

const std0x: Std[] = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year']
export const isDigitAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39
const lowerAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x61 && s.charCodeAt(i) <= 0x7a

/** Go's `nextStdChunk`: the text before the first layout element, the element, and the rest. */
export function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    suffix: layout.slice(i + len),
  })
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
          if (layout.startsWith('2006', i + 1))
            return { prefix: layout.slice(0, i + 1), std: 'longYear', suffix: layout.slice(i + 5) }
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
