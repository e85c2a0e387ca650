import { describe, expect, test } from 'vitest'
import { formatLayout, civilOf } from './time-layout.js'
import { parseLayout } from './time-layout-parse.js'
import { parseDuration } from './time.js'
import { builtinErr, callText, q, table, typeErr } from './text-test-util.js'

const T = '1670006453141828752' // 2022-12-02T18:40:53.141828752Z, a Friday

describe('time.now_ns', () => {
  table('time.now_ns', [
    {
      note: 'the evaluation time from the context',
      args: [],
      want: '1670006453141828752',
      ctx: { nowNs: 1670006453141828752n },
    },
    { note: 'small values are plain numbers', args: [], want: '5', ctx: { nowNs: 5n } },
  ])
  test('constant within one context', () => {
    expect(callText('time.now_ns', [], { nowNs: 7n })).toBe(7)
  })
})

describe('time.parse_ns', () => {
  table('time.parse_ns', [
    {
      note: 'RFC 3339 layout with offset',
      args: [q('2006-01-02T15:04:05Z07:00'), q('2017-06-02T19:00:00-07:00')],
      want: '1496455200000000000',
    },
    {
      note: 'smallest int64 instant',
      args: [q('2006-01-02T15:04:05Z07:00'), q('1677-09-21T00:12:43.145224192-00:00')],
      want: '-9223372036854775808',
    },
    {
      note: 'largest int64 instant',
      args: [q('2006-01-02T15:04:05Z07:00'), q('2262-04-11T23:47:16.854775807-00:00')],
      want: '9223372036854775807',
    },
    {
      note: '12-hour clock, 2-digit year',
      args: [q("01/02 03:04:05PM '06 -0700"), q("06/02 07:00:00PM '17 -0700")],
      want: '1496455200000000000',
    },
    {
      note: 'month names',
      args: [q('02 Jan 06 15:04 -0700'), q('02 Jun 17 19:00 -0700')],
      want: '1496455200000000000',
    },
    { note: 'named layout RFC822Z', args: [q('RFC822Z'), q('02 Jun 17 19:00 -0700')], want: '1496455200000000000' },
    {
      note: 'named layout RFC3339 with fraction',
      args: [q('RFC3339'), q('2022-12-02T18:40:53.5Z')],
      want: '1670006453500000000',
    },
    { note: 'date only', args: [q('2006-01-02'), q('2020-02-02')], want: '1580601600000000000' },
    {
      note: 'zone abbreviation other than UTC has offset 0',
      args: [q('UnixDate'), q('Fri Dec  2 18:40:53 PST 2022')],
      want: '1670006453000000000',
    },
    {
      note: 'GMT+N abbreviation',
      args: [q('2006-01-02 15:04 MST'), q('2022-12-02 20:40 GMT+2')],
      want: '1670006400000000000',
    },
    { note: 'case-insensitive month', args: [q('Jan 2 2006'), q('DEC 2 2022')], want: '1669939200000000000' },
    {
      note: 'too small',
      args: [q('2006-01-02T15:04:05Z07:00'), q('1677-09-21T00:12:43.145224191-00:00')],
      error: builtinErr('time.parse_ns: time outside of valid range'),
    },
    {
      note: 'too large',
      args: [q('2006-01-02T15:04:05Z07:00'), q('2262-04-11T23:47:16.854775808-00:00')],
      error: builtinErr('time.parse_ns: time outside of valid range'),
    },
    {
      note: 'month out of range',
      args: [q('2006-01-02'), q('2006-13-02')],
      error: builtinErr('time.parse_ns: parsing time "2006-13-02": month out of range'),
    },
    {
      note: 'day out of range',
      args: [q('2006-01-02'), q('2021-02-29')],
      error: builtinErr('time.parse_ns: parsing time "2021-02-29": day out of range'),
    },
    {
      note: 'cannot parse',
      args: [q('2006-01-02'), q('x2006-01-02')],
      error: builtinErr(
        'time.parse_ns: parsing time "x2006-01-02" as "2006-01-02": cannot parse "x2006-01-02" as "2006"',
      ),
    },
    {
      note: 'extra text',
      args: [q('2006-01-02'), q('2006-01-02xx')],
      error: builtinErr('time.parse_ns: parsing time "2006-01-02xx": extra text: "xx"'),
    },
    {
      note: 'layout not a string',
      args: ['1', q('x')],
      error: typeErr('time.parse_ns: operand 1 must be string but got number'),
    },
  ])
})

describe('time.parse_rfc3339_ns', () => {
  table('time.parse_rfc3339_ns', [
    { note: 'smallest', args: [q('1677-09-21T00:12:43.145224192-00:00')], want: '-9223372036854775808' },
    { note: 'epoch', args: [q('1970-01-01T00:00:00-00:00')], want: '0' },
    { note: 'offset', args: [q('2017-06-02T19:00:00-07:00')], want: '1496455200000000000' },
    { note: 'largest', args: [q('2262-04-11T23:47:16.854775807-00:00')], want: '9223372036854775807' },
    {
      note: 'too small',
      args: [q('1677-09-21T00:12:43.145224191-00:00')],
      error: builtinErr('time.parse_rfc3339_ns: time outside of valid range'),
    },
    {
      note: 'too large',
      args: [q('2262-04-11T23:47:16.854775808-00:00')],
      error: builtinErr('time.parse_rfc3339_ns: time outside of valid range'),
    },
    {
      note: 'not RFC 3339',
      args: [q('2017-06-02')],
      error: builtinErr(
        'time.parse_rfc3339_ns: parsing time "2017-06-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
      ),
    },
  ])
})

describe('time.parse_duration_ns', () => {
  table('time.parse_duration_ns', [
    { note: 'milliseconds', args: [q('100ms')], want: '100000000' },
    { note: 'compound', args: [q('1h30m')], want: '5400000000000' },
    { note: 'fraction and sign', args: [q('-1.5h')], want: '-5400000000000' },
    { note: 'micro sign', args: [q('3µs')], want: '3000' },
    { note: 'zero without unit', args: [q('0')], want: '0' },
    {
      note: 'days, weeks and years (365 days), as OPA',
      args: [q('1y1w1d2h')],
      want: String((365n + 7n + 1n) * 86_400_000_000_000n + 7_200_000_000_000n),
    },
    {
      note: 'missing unit',
      args: [q('1')],
      error: builtinErr('time.parse_duration_ns: time: missing unit in duration "1"'),
    },
    {
      note: 'unknown unit',
      args: [q('1x')],
      error: builtinErr('time.parse_duration_ns: time: unknown unit "x" in duration "1x"'),
    },
    { note: 'invalid', args: [q('abc')], error: builtinErr('time.parse_duration_ns: time: invalid duration "abc"') },
    {
      note: 'overflow',
      args: [q('9999999999h')],
      error: builtinErr('time.parse_duration_ns: time: invalid duration "9999999999h"'),
    },
  ])
})

describe('time.date / time.clock / time.weekday', () => {
  const ns = (s: number) => String(BigInt(s) * 1_000_000_000n)
  table('time.date', [
    { note: 'UTC', args: [ns(1517814000)], want: '[2018, 2, 5]' },
    { note: 'Los Angeles', args: [`[${ns(1517814000)}, "America/Los_Angeles"]`], want: '[2018, 2, 4]' },
    { note: 'empty zone is UTC', args: [`[${ns(1517832000)}, ""]`], want: '[2018, 2, 5]' },
    { note: 'leap day', args: [ns(1582977600)], want: '[2020, 2, 29]' },
    { note: 'before the epoch', args: ['-1'], want: '[1969, 12, 31]' },
    {
      note: 'too big',
      args: [String(1582977600n * 1_000_000_000_000n)],
      error: builtinErr('time.date: timestamp too big'),
    },
    { note: 'fractional ns is too big as in OPA', args: ['1.5'], error: builtinErr('time.date: timestamp too big') },
    {
      note: 'unknown zone',
      args: [`[0, "Nowhere/Zone"]`],
      error: builtinErr('time.date: unknown time zone Nowhere/Zone'),
    },
    {
      note: 'zone names are case-sensitive',
      args: [`[0, "america/new_york"]`],
      error: builtinErr('time.date: unknown time zone america/new_york'),
    },
    {
      note: 'wrong type',
      args: [q('x')],
      error: typeErr('time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string'),
    },
    {
      note: 'empty array',
      args: ['[]'],
      error: typeErr('time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got array'),
    },
    {
      note: 'zone not a string',
      args: ['[0, 1]'],
      error: typeErr('time.date: operand 1 must be string but got number'),
    },
  ])
  table('time.clock', [
    { note: 'UTC', args: [ns(1517832000)], want: '[12, 0, 0]' },
    { note: 'New York', args: [`[${ns(1517832000)}, "America/New_York"]`], want: '[7, 0, 0]' },
    { note: 'Kolkata half-hour offset', args: [`[${ns(1517832000)}, "Asia/Kolkata"]`], want: '[17, 30, 0]' },
    { note: 'leap day', args: [ns(1582977600)], want: '[12, 0, 0]' },
    {
      note: 'too big',
      args: [String(1582977600n * 1_000_000_000_000n)],
      error: builtinErr('time.clock: timestamp too big'),
    },
  ])
  table('time.weekday', [
    { note: 'Monday', args: ['1517832000000000000'], want: q('Monday') },
    { note: 'Tuesday', args: ['1517918400000000000'], want: q('Tuesday') },
    { note: 'Wednesday', args: ['1518004800000000000'], want: q('Wednesday') },
    { note: 'Thursday', args: ['1518091200000000000'], want: q('Thursday') },
    { note: 'Friday', args: ['1518177600000000000'], want: q('Friday') },
    { note: 'Saturday', args: ['1518264000000000000'], want: q('Saturday') },
    { note: 'Sunday', args: ['1518350400000000000'], want: q('Sunday') },
    { note: 'in a zone', args: [`[${T}, "Asia/Tokyo"]`], want: q('Saturday') },
    {
      note: 'too big',
      args: [String(1582977600n * 1_000_000_000_000n)],
      error: builtinErr('time.weekday: timestamp too big'),
    },
  ])
})

describe('time.add_date', () => {
  table('time.add_date', [
    { note: 'years, months, days', args: ['1585852421593912000', '3', '9', '12'], want: '1705257221593912000' },
    { note: 'negative values', args: ['1585852421593912000', '-1', '-1', '-1'], want: '1551465221593912000' },
    {
      note: 'month overflow normalises (Jan 31 + 1 month = Mar 3)',
      args: ['1612051200000000000', '0', '1', '0'],
      want: '1614729600000000000',
    },
    {
      note: 'in a zone across a DST change keeps the wall clock',
      args: ['[1678262400000000000, "America/New_York"]', '0', '0', '7'],
      want: '1678863600000000000',
    },
    {
      note: 'too large',
      args: ['0', '2262', '1', '1'],
      error: builtinErr('time.add_date: time outside of valid range'),
    },
    {
      note: 'too small',
      args: ['-9223372036854775808', '0', '0', '-1'],
      error: builtinErr('time.add_date: time outside of valid range'),
    },
    {
      note: 'fractional count',
      args: ['0', '0', '1.5', '0'],
      error: typeErr('time.add_date: operand 3 must be integer number but got floating-point number'),
    },
  ])
})

describe('time.diff', () => {
  const day = (s: string) => String(callText('time.parse_ns', [q('2006-01-02'), q(s)]))
  table('time.diff', [
    {
      note: 'minute and second',
      args: [String(1670006453141828752n + 61_000_000_000n), T],
      want: '[0, 0, 0, 0, 1, 1]',
    },
    {
      note: 'different zones compare in the first',
      args: [`[${1670006453141828752n + 60_000_000_000n}, "UTC"]`, `[${T}, "Asia/Shanghai"]`],
      want: '[0, 0, 0, 0, 1, 0]',
    },
    { note: 'leap year', args: [day('2020-02-02'), day('2020-03-01')], want: '[0, 0, 28, 0, 0, 0]' },
    { note: 'not a leap year', args: [day('2021-02-02'), day('2021-03-01')], want: '[0, 0, 27, 0, 0, 0]' },
    { note: 'leap day to next year', args: [day('2004-02-29'), day('2005-03-01')], want: '[1, 0, 1, 0, 0, 0]' },
    { note: 'order does not matter', args: [day('2005-03-01'), day('2004-02-29')], want: '[1, 0, 1, 0, 0, 0]' },
  ])
})

describe('time.format', () => {
  table('time.format', [
    { note: 'default RFC3339Nano in UTC', args: [T], want: q('2022-12-02T18:40:53.141828752Z') },
    { note: 'with a zone', args: [`[${T}, "Asia/Kolkata"]`], want: q('2022-12-03T00:10:53.141828752+05:30') },
    {
      note: 'with a layout',
      args: [`[${T}, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"]`],
      want: q('Sat Dec 03 00:10:53 +0530 2022'),
    },
    {
      note: 'with a named layout',
      args: [`[${T}, "Asia/Kolkata", "RFC1123Z"]`],
      want: q('Sat, 03 Dec 2022 00:10:53 +0530'),
    },
    {
      note: 'zone abbreviation (US)',
      args: [`[${T}, "America/New_York", "UnixDate"]`],
      want: q('Fri Dec  2 13:40:53 EST 2022'),
    },
    {
      note: 'zone abbreviation (tzdata name)',
      args: [`[${T}, "Europe/Berlin", "RFC1123"]`],
      want: q('Fri, 02 Dec 2022 19:40:53 CET'),
    },
    { note: 'zone without abbreviation', args: [`[${T}, "Asia/Dubai", "RFC822"]`], want: q('02 Dec 22 22:40 +04') },
    { note: 'UTC abbreviation', args: [`[${T}, "UTC", "Kitchen 3:04PM MST"]`], want: q('Kitchen 6:40PM UTC') },
    {
      note: 'fractions and 12-hour clock',
      args: [`[${T}, "Asia/Kolkata", "Monday, 02-Jan-06 3:04:05.000PM Z07:00:00"]`],
      want: q('Saturday, 03-Dec-22 12:10:53.141AM +05:30:00'),
    },
    { note: 'day of year', args: [`[${T}, "", "2006 002 __2"]`], want: q('2022 336 336') },
    { note: 'trimmed fraction of whole seconds', args: ['1000000000'], want: q('1970-01-01T00:00:01Z') },
    { note: 'too big', args: ['15829776000000000000000'], error: builtinErr('time.format: timestamp too big') },
  ])
})

test('format and parse round-trip through Go layouts', () => {
  const layout = '2006-01-02T15:04:05.000000000Z07:00 Mon Jan _2 PM'
  const c = civilOf(1670006453 + 3600, 141828752, 3600, '')
  const text = formatLayout(layout, c)
  expect(text).toBe('2022-12-02T19:40:53.141828752+01:00 Fri Dec  2 PM')
  expect(parseLayout(layout, text)).toBe(1670006453141828752n)
})

test('parseDuration covers all units', () => {
  expect(['1ns', '1us', '1μs', '1ms', '1s', '1m', '1h', '.5s', '1.s'].map((s) => parseDuration(s))).toEqual([
    1n,
    1000n,
    1000n,
    1000000n,
    1000000000n,
    60000000000n,
    3600000000000n,
    500000000n,
    1000000000n,
  ])
})
