import { describe } from 'vitest'
import { builtinErr, table, typeErr } from './core-test-table.js'

describe('semver', () => {
  table([
    { note: 'valid', fn: 'semver.is_valid', args: '["1.2.3"]', want: 'true' },
    {
      note: 'valid with pre-release and metadata',
      fn: 'semver.is_valid',
      args: '["1.0.0-alpha.1+build.5"]',
      want: 'true',
    },
    { note: 'leading v accepted', fn: 'semver.is_valid', args: '["v1.2.3"]', want: 'true' },
    { note: 'two parts', fn: 'semver.is_valid', args: '["1.2"]', want: 'false' },
    { note: 'four parts', fn: 'semver.is_valid', args: '["1.2.3.4"]', want: 'false' },
    { note: 'bad pre-release', fn: 'semver.is_valid', args: '["1.2.3-a..b"]', want: 'false' },
    { note: 'not a number', fn: 'semver.is_valid', args: '["1.x.3"]', want: 'false' },
    { note: 'non-string', fn: 'semver.is_valid', args: '[1]', want: 'false' },
    { note: 'compare equal', fn: 'semver.compare', args: '["1.2.3", "1.2.3"]', want: '0' },
    { note: 'compare major', fn: 'semver.compare', args: '["2.0.0", "1.9.9"]', want: '1' },
    { note: 'compare minor numerically', fn: 'semver.compare', args: '["1.2.0", "1.10.0"]', want: '-1' },
    { note: 'release beats pre-release', fn: 'semver.compare', args: '["1.0.0", "1.0.0-rc.1"]', want: '1' },
    {
      note: 'numeric pre-release identifiers',
      fn: 'semver.compare',
      args: '["1.0.0-alpha.2", "1.0.0-alpha.10"]',
      want: '-1',
    },
    { note: 'numeric below alphanumeric', fn: 'semver.compare', args: '["1.0.0-1", "1.0.0-alpha"]', want: '-1' },
    {
      note: 'longer pre-release is greater',
      fn: 'semver.compare',
      args: '["1.0.0-alpha.1", "1.0.0-alpha"]',
      want: '1',
    },
    { note: 'metadata ignored', fn: 'semver.compare', args: '["1.0.0+a", "1.0.0+b"]', want: '0' },
    {
      note: 'invalid operand 1',
      fn: 'semver.compare',
      args: '["1.x", "1.0.0"]',
      error: builtinErr('semver.compare: operand 1: string "1.x" is not a valid SemVer'),
    },
    {
      note: 'invalid operand 2',
      fn: 'semver.compare',
      args: '["1.0.0", "x"]',
      error: builtinErr('semver.compare: operand 2: string "x" is not a valid SemVer'),
    },
    {
      note: 'type error',
      fn: 'semver.compare',
      args: '[1, "1.0.0"]',
      error: typeErr('semver.compare: operand 1 must be string but got number'),
    },
  ])
})
