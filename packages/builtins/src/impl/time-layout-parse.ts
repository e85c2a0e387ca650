/**
 * Go's `time.Parse(layout, value)` for `time.parse_ns` and friends, with its
 * error messages: the layout is read element by element (`nextStdChunk`),
 * each element reads its part of the value into a `ParseState`, and the
 * date and zone are resolved at the end.
 */
import {
  daysBefore,
  daysFromCivil,
  daysIn,
  isDigitAt,
  isLeap,
  longDays,
  longMonths,
  nextStdChunk,
  shortDays,
  shortMonths,
  type Chunk,
  type Std,
} from './time-layout.js'

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
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase())
      return [i, val.slice(v.length)]
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

/** What a value says, element by element, as Go's `Parse` collects it; `value` is the text not read yet. */
interface ParseState {
  value: string
  /** Set when an element is out of range (Go reports it after the element). */
  rangeErr: string
  amSet: boolean
  pmSet: boolean
  year: number
  /** -1: not given. */
  month: number
  day: number
  yday: number
  hour: number
  min: number
  sec: number
  nsec: number
  utc: boolean
  /** Seconds east of UTC; -1: not given. */
  zoneOffset: number
  zoneName: string
}

/**
 * Go's `time.Parse(layout, value)` on a host whose local zone is UTC (how OPA
 * runs in practice): returns nanoseconds since the epoch, or throws Go's error.
 */
export function parseLayout(layout: string, value: string): bigint {
  const s: ParseState = {
    value,
    rangeErr: '',
    amSet: false,
    pmSet: false,
    year: 0,
    month: -1,
    day: -1,
    yday: -1,
    hour: 0,
    min: 0,
    sec: 0,
    nsec: 0,
    utc: false,
    zoneOffset: -1,
    zoneName: '',
  }
  const fail = (layoutElem: string, valueElem: string, message: string) =>
    new ParseError(layout, value, layoutElem, valueElem, message)
  let rest = layout
  for (;;) {
    const chunk = nextStdChunk(rest)
    const stdstr = rest.slice(chunk.prefix.length, rest.length - chunk.suffix.length)
    try {
      s.value = skip(s.value, chunk.prefix)
    } catch {
      throw fail(chunk.prefix, s.value, '')
    }
    if (!chunk.std) {
      if (s.value.length !== 0) throw fail('', s.value, `: extra text: ${timeQuote(s.value)}`)
      break
    }
    rest = chunk.suffix
    const hold = s.value
    try {
      parseElement(chunk as Chunk & { std: Std }, s, rest)
    } catch (e) {
      if (!(e instanceof Bad)) throw e
      throw s.rangeErr !== '' ? fail(stdstr, s.value, `: ${s.rangeErr} out of range`) : fail(stdstr, hold, '')
    }
    if (s.rangeErr !== '') throw fail(stdstr, s.value, `: ${s.rangeErr} out of range`)
  }
  if (s.pmSet && s.hour < 12) s.hour += 12
  else if (s.amSet && s.hour === 12) s.hour = 0
  const { month, day } = resolveDate(s, fail)
  return epochNanos(s, month, day)
}

/** Reads one layout element of `s.value` into `s` (throws Bad when the text does not match). `rest`: the layout after it. */
function parseElement(chunk: Chunk & { std: Std }, s: ParseState, rest: string): void {
  const std = chunk.std
  switch (std) {
    case 'year':
      return parseTwoDigitYear(s)
    case 'longYear':
      if (s.value.length < 4 || !isDigitAt(s.value, 0)) throw new Bad()
      s.year = atoi(s.value.slice(0, 4))
      s.value = s.value.slice(4)
      return
    case 'month':
    case 'longMonth':
      ;[s.month, s.value] = lookup(std === 'month' ? shortMonths : longMonths, s.value)
      s.month++
      return
    case 'numMonth':
    case 'zeroMonth':
      ;[s.month, s.value] = getnum(s.value, std === 'zeroMonth')
      if (s.month <= 0 || s.month > 12) s.rangeErr = 'month'
      return
    case 'weekDay':
    case 'longWeekDay':
      s.value = lookup(std === 'weekDay' ? shortDays : longDays, s.value)[1]
      return
    case 'day':
    case 'underDay':
    case 'zeroDay':
      if (std === 'underDay' && s.value[0] === ' ') s.value = s.value.slice(1)
      ;[s.day, s.value] = getnum(s.value, std === 'zeroDay')
      return
    case 'underYearDay':
    case 'zeroYearDay':
      for (let i = 0; i < 2; i++) if (std === 'underYearDay' && s.value[0] === ' ') s.value = s.value.slice(1)
      ;[s.yday, s.value] = getnum3(s.value, std === 'zeroYearDay')
      return
    case 'hour':
      ;[s.hour, s.value] = getnum(s.value, false)
      if (s.hour < 0 || s.hour >= 24) s.rangeErr = 'hour'
      return
    case 'hour12':
    case 'zeroHour12':
      ;[s.hour, s.value] = getnum(s.value, std === 'zeroHour12')
      if (s.hour < 0 || s.hour > 12) s.rangeErr = 'hour'
      return
    case 'minute':
    case 'zeroMinute':
      ;[s.min, s.value] = getnum(s.value, std === 'zeroMinute')
      if (s.min < 0 || s.min >= 60) s.rangeErr = 'minute'
      return
    case 'second':
    case 'zeroSecond':
      return parseSecond(s, std === 'zeroSecond', rest)
    case 'PM':
    case 'pm':
      return parseAmPm(s, std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'])
    case 'TZ':
      return parseZoneName(s)
    case 'fracSecond0':
      return parseFixedFraction(s, chunk.digits!)
    case 'fracSecond9':
      return parseOptionalFraction(s)
    default:
      return parseNumericZone(s, std)
  }
}

function parseTwoDigitYear(s: ParseState): void {
  if (s.value.length < 2) throw new Bad()
  s.year = atoi(s.value.slice(0, 2))
  s.value = s.value.slice(2)
  s.year += s.year >= 69 ? 1900 : 2000
}

function parseSecond(s: ParseState, fixed: boolean, rest: string): void {
  ;[s.sec, s.value] = getnum(s.value, fixed)
  if (s.sec < 0 || s.sec >= 60) {
    s.rangeErr = 'second'
    return
  }
  // A fractional second in the value but not in the layout is accepted.
  if (s.value.length >= 2 && commaOrPeriod(s.value[0]) && isDigitAt(s.value, 1)) {
    const next = nextStdChunk(rest).std
    if (next === 'fracSecond0' || next === 'fracSecond9') return
    let n = 2
    while (n < s.value.length && isDigitAt(s.value, n)) n++
    ;[s.nsec, s.rangeErr] = parseNanoseconds(s.value, n)
    s.value = s.value.slice(n)
  }
}

function parseAmPm(s: ParseState, [pm, am]: [string, string]): void {
  if (s.value.length < 2) throw new Bad()
  const p = s.value.slice(0, 2)
  s.value = s.value.slice(2)
  if (p === pm) s.pmSet = true
  else if (p === am) s.amSet = true
  else throw new Bad()
}

function parseZoneName(s: ParseState): void {
  if (s.value.startsWith('UTC')) {
    s.utc = true
    s.value = s.value.slice(3)
    return
  }
  const n = parseTimeZone(s.value)
  if (n === 0) throw new Bad()
  s.zoneName = s.value.slice(0, n)
  s.value = s.value.slice(n)
}

function parseFixedFraction(s: ParseState, digits: number): void {
  const ndigit = 1 + digits
  if (s.value.length < ndigit) throw new Bad()
  ;[s.nsec, s.rangeErr] = parseNanoseconds(s.value, ndigit)
  s.value = s.value.slice(ndigit)
}

function parseOptionalFraction(s: ParseState): void {
  if (s.value.length < 2 || !commaOrPeriod(s.value[0]) || !isDigitAt(s.value, 1)) return
  let i = 0
  while (i + 1 < s.value.length && isDigitAt(s.value, i + 1)) i++
  ;[s.nsec, s.rangeErr] = parseNanoseconds(s.value, 1 + i)
  s.value = s.value.slice(1 + i)
}

/** The sign, hours, minutes and seconds texts of a numeric zone element, and the text after it. */
function splitNumericZone(std: Std, value: string): [sign: string, hh: string, mm: string, ss: string, rest: string] {
  if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ') {
    if (value.length < 6 || value[3] !== ':') throw new Bad()
    return [value[0]!, value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)]
  }
  if (std === 'NumShortTZ' || std === 'ISO8601ShortTZ') {
    if (value.length < 3) throw new Bad()
    return [value[0]!, value.slice(1, 3), '00', '00', value.slice(3)]
  }
  if (std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') {
    if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad()
    return [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)]
  }
  if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTz') {
    if (value.length < 7) throw new Bad()
    return [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)]
  }
  if (value.length < 5) throw new Bad()
  return [value[0]!, value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)]
}

/** `-07:00`, `Z0700` and the other numeric zones; the ISO 8601 forms also take `Z` for UTC. */
function parseNumericZone(s: ParseState, std: Std): void {
  if (std.startsWith('ISO8601') && s.value[0] === 'Z') {
    s.value = s.value.slice(1)
    s.utc = true
    return
  }
  const [sign, hh, mm, ss, rest] = splitNumericZone(std, s.value)
  s.value = rest
  const hr = getnum(hh, true)[0]
  const mi = getnum(mm, true)[0]
  const se = getnum(ss, true)[0]
  if (hr > 24) s.rangeErr = 'time zone offset hour'
  if (mi > 60) s.rangeErr = 'time zone offset minute'
  if (se > 60) s.rangeErr = 'time zone offset second'
  s.zoneOffset = (hr * 60 + mi) * 60 + se
  if (sign === '-') s.zoneOffset = -s.zoneOffset
  else if (sign !== '+') throw new Bad()
}

type Fail = (layoutElem: string, valueElem: string, message: string) => ParseError

/** The month and day: from the day of the year when one was given (checked against month and day), else as given (default 1). */
function resolveDate(s: ParseState, fail: Fail): { month: number; day: number } {
  let { month, day, yday } = s
  if (yday >= 0) {
    let d = 0
    let m = 0
    if (isLeap(s.year)) {
      if (yday === 31 + 29) {
        m = 2
        d = 29
      } else if (yday > 31 + 29) yday--
    }
    if (yday < 1 || yday > 365) throw fail('', s.value, ': day-of-year out of range')
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1
      if (daysBefore[m]! < yday) m++
      d = yday - daysBefore[m - 1]!
    }
    if (month >= 0 && month !== m) throw fail('', s.value, ': day-of-year does not match month')
    month = m
    if (day >= 0 && day !== d) throw fail('', s.value, ': day-of-year does not match day')
    day = d
  } else {
    if (month < 0) month = 1
    if (day < 0) day = 1
  }
  if (day < 1 || day > daysIn(month, s.year)) throw fail('', s.value, ': day out of range')
  return { month, day }
}

/** Nanoseconds since the epoch: UTC, or the zone's offset (a numeric one, or `GMT+h` by name). */
function epochNanos(s: ParseState, month: number, day: number): bigint {
  let offset = 0
  if (!s.utc) {
    if (s.zoneOffset !== -1) offset = s.zoneOffset
    else if (s.zoneName.length > 3 && s.zoneName.startsWith('GMT')) offset = atoi(s.zoneName.slice(3)) * 3600
  }
  const seconds = daysFromCivil(s.year, month, day) * 86400 + s.hour * 3600 + s.min * 60 + s.sec - offset
  return BigInt(seconds) * 1_000_000_000n + BigInt(s.nsec)
}
