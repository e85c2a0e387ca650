import { describe } from 'vitest'
import { builtinErr, q, table, typeErr } from './text-test-util.js'

describe('net.cidr_contains / net.cidr_overlap', () => {
  table('net.cidr_contains', [
    { note: 'IP inside', args: [q('10.0.0.0/8'), q('10.1.2.3')], want: 'true' },
    { note: 'IP outside', args: [q('10.0.0.0/8'), q('11.1.2.3')], want: 'false' },
    { note: 'CIDR inside', args: [q('10.0.0.0/8'), q('10.1.0.0/16')], want: 'true' },
    { note: 'CIDR sticking out', args: [q('10.0.0.0/16'), q('10.0.0.0/8')], want: 'false' },
    { note: 'IPv6', args: [q('2001:db8::/32'), q('2001:db8:1::1')], want: 'true' },
    { note: 'IPv4-mapped network contains IPv4', args: [q('::ffff:10.0.0.0/104'), q('10.1.2.3')], want: 'true' },
    { note: 'families differ', args: [q('10.0.0.0/8'), q('::1')], want: 'false' },
    {
      note: 'not an IP or CIDR',
      args: [q('10.0.0.0/8'), q('x')],
      error: builtinErr('net.cidr_contains: not a valid textual representation of an IP address or CIDR: x'),
    },
    {
      note: 'bad CIDR',
      args: [q('10.0.0.0/33'), q('10.0.0.1')],
      error: builtinErr('net.cidr_contains: invalid CIDR address: 10.0.0.0/33'),
    },
    {
      note: 'leading zeros are invalid (Go)',
      args: [q('010.0.0.0/8'), q('10.0.0.1')],
      error: builtinErr('net.cidr_contains: invalid CIDR address: 010.0.0.0/8'),
    },
    {
      note: 'operand 2 type error says operand 1, as OPA does',
      args: [q('10.0.0.0/8'), '1'],
      error: typeErr('net.cidr_contains: operand 1 must be string but got number'),
    },
    {
      note: 'deprecated net.cidr_overlap is the same',
      name: 'net.cidr_overlap',
      args: [q('192.168.0.0/16'), q('192.168.1.1')],
      want: 'true',
    },
  ])
})

describe('net.cidr_intersects', () => {
  table('net.cidr_intersects', [
    { note: 'subnets overlap', args: [q('192.168.1.0/25'), q('192.168.1.64/25')], want: 'true' },
    { note: 'disjoint', args: [q('192.168.1.0/24'), q('192.168.2.0/24')], want: 'false' },
    { note: 'IPv6 overlap', args: [q('fd1e:5bfe:8af3:9ddc::/64'), q('fd1e:5bfe:8af3:9ddc:1111::/72')], want: 'true' },
    { note: 'IPv6 disjoint', args: [q('fd1e:5bfe:8af3:9ddc::/64'), q('2001:4860:4860::8888/32')], want: 'false' },
    {
      note: 'malformed a',
      args: [q('not-a-cidr'), q('192.168.1.0/24')],
      error: builtinErr('net.cidr_intersects: invalid CIDR address: not-a-cidr'),
    },
    {
      note: 'malformed b',
      args: [q('192.168.1.0/28'), q('not-a-cidr')],
      error: builtinErr('net.cidr_intersects: invalid CIDR address: not-a-cidr'),
    },
  ])
})

describe('net.cidr_contains_matches', () => {
  table('net.cidr_contains_matches', [
    { note: 'strings', args: [q('1.1.1.0/24'), q('1.1.1.1')], want: '{["1.1.1.0/24", "1.1.1.1"]}' },
    {
      note: 'arrays give indices',
      args: ['["1.1.2.0/24", "1.1.1.0/24"]', '["1.1.1.1", "1.1.2.1"]'],
      want: '{[0, 1], [1, 0]}',
    },
    {
      note: 'arrays of tuples',
      args: ['[["1.1.2.0/24", 1], "1.1.1.0/24"]', '["1.1.1.1", "1.1.2.1"]'],
      want: '{[0, 1], [1, 0]}',
    },
    {
      note: 'sets of strings',
      args: ['{"1.1.1.0/24", "1.1.2.0/24"}', '{"1.1.1.1", "1.1.2.1"}'],
      want: '{["1.1.1.0/24", "1.1.1.1"], ["1.1.2.0/24", "1.1.2.1"]}',
    },
    {
      note: 'sets of tuples give the tuples',
      args: ['{["1.1.1.0/24", "bar"], ["1.1.2.0/24", "foo"]}', '{["1.1.1.1", "baz"], ["1.1.2.1", "qux"]}'],
      want: '{[["1.1.1.0/24", "bar"], ["1.1.1.1", "baz"]], [["1.1.2.0/24", "foo"], ["1.1.2.1", "qux"]]}',
    },
    {
      note: 'objects give keys',
      args: ['{"k1": "1.1.1.1/24", "k2": ["1.1.1.2/24", 1]}', q('1.1.1.128')],
      want: '{["k1", "1.1.1.128"], ["k2", "1.1.1.128"]}',
    },
    {
      note: 'bad array element',
      args: ['["1.1.2.0/24", "1.1.1.0/24"]', '["1.1.1.1", 1]'],
      error: builtinErr('net.cidr_contains_matches: operand 2: element must be string or non-empty array'),
    },
    {
      note: 'bad set element',
      args: ['{["1.1.1.0/24", "bar"]}', '{1, ["1.1.2.1", "qux"]}'],
      error: builtinErr('net.cidr_contains_matches: operand 2: element must be string or non-empty array'),
    },
    {
      note: 'empty tuple',
      args: ['{["1.1.1.0/24", "bar"]}', '{[], ["1.1.2.1", "qux"]}'],
      error: builtinErr('net.cidr_contains_matches: operand 2: element must be string or non-empty array'),
    },
  ])
})

describe('net.cidr_expand', () => {
  table('net.cidr_expand', [
    {
      note: 'host and broadcast included',
      args: [q('192.168.1.1/30')],
      want: '{"192.168.1.0", "192.168.1.1", "192.168.1.2", "192.168.1.3"}',
    },
    {
      note: 'last octet all ones',
      args: [q('172.16.100.255/30')],
      want: '{"172.16.100.252", "172.16.100.253", "172.16.100.254", "172.16.100.255"}',
    },
    { note: 'single address', args: [q('192.168.1.1/32')], want: '{"192.168.1.1"}' },
    { note: 'IPv6', args: [q('2001:db8::/126')], want: '{"2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"}' },
    {
      note: 'invalid mask',
      args: [q('192.168.1.1/33')],
      error: builtinErr('net.cidr_expand: invalid CIDR address: 192.168.1.1/33'),
    },
    {
      note: 'too many addresses',
      args: [q('10.0.0.0/8')],
      error: builtinErr('net.cidr_expand: CIDR 10.0.0.0/8 has more than 1048576 addresses'),
    },
  ])
})

describe('net.cidr_is_valid', () => {
  table('net.cidr_is_valid', [
    { note: 'IPv4 CIDR', args: [q('192.168.1.0/24')], want: 'true' },
    { note: 'empty', args: [q('')], want: 'false' },
    { note: 'random string', args: [q('there goes a string')], want: 'false' },
    { note: 'address without prefix', args: [q('192.168.1.2')], want: 'false' },
    { note: 'IPv6 CIDR', args: [q('2002::1234:abcd:ffff:c0a8:101/64')], want: 'true' },
    { note: 'zone is not allowed', args: [q('fe80::1%eth0/64')], want: 'false' },
    { note: 'not a string', args: ['1'], want: 'false' },
  ])
})

describe('net.cidr_merge', () => {
  table('net.cidr_merge', [
    {
      note: 'IPv6 with prefix',
      args: ['["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"]'],
      want: '{"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"}',
    },
    {
      note: 'IPv6 twice',
      args: ['["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"]'],
      want: '{"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"}',
    },
    {
      note: 'IPv6 nested',
      args: ['["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"]'],
      want: '{"2601:600:8a80:207e::/64"}',
    },
    {
      note: 'IPv6 without prefix',
      args: ['["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"]'],
      error: builtinErr('net.cidr_merge: IPv6 invalid: needs prefix length'),
    },
    { note: 'single subnet', args: ['["192.0.128.0/24"]'], want: '{"192.0.128.0/24"}' },
    { note: 'duplicate', args: ['["192.0.128.0/24", "192.0.128.0/24"]'], want: '{"192.0.128.0/24"}' },
    { note: 'zero address', args: ['["192.0.128.0/24", "0.0.0.0/0"]'], want: '{"0.0.0.0/0"}' },
    { note: 'adjacent subnets', args: ['["192.0.128.0/24", "192.0.129.0/24"]'], want: '{"192.0.128.0/23"}' },
    {
      note: 'three pieces',
      args: ['["192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"]'],
      want: '{"192.0.2.112/29"}',
    },
    {
      note: 'no overlap',
      args: ['["192.0.129.0/24", "192.0.130.0/24"]'],
      want: '{"192.0.129.0/24", "192.0.130.0/24"}',
    },
    {
      note: 'gap',
      args: ['["192.0.2.112/30", "192.0.2.116/32", "192.0.2.118/31"]'],
      want: '{"192.0.2.112/30", "192.0.2.116/32", "192.0.2.118/31"}',
    },
    {
      note: 'partial merge',
      args: ['["192.0.2.112/31", "192.0.2.116/31", "192.0.2.118/31"]'],
      want: '{"192.0.2.112/31", "192.0.2.116/30"}',
    },
    {
      note: 'many pieces',
      args: [
        '["192.0.1.254/31", "192.0.2.0/28", "192.0.2.16/28", "192.0.2.32/28", "192.0.2.48/28", "192.0.2.64/28", "192.0.2.80/28", "192.0.2.96/28", "192.0.2.112/28", "192.0.2.128/28", "192.0.2.144/28", "192.0.2.160/28", "192.0.2.176/28", "192.0.2.192/28", "192.0.2.208/28", "192.0.2.224/28", "192.0.2.240/28", "192.0.3.0/28"]',
      ],
      want: '{"192.0.1.254/31", "192.0.2.0/24", "192.0.3.0/28"}',
    },
    { note: 'IPv6 zero address', args: ['["::/0", "fe80::1/128"]'], want: '{"::/0"}' },
    { note: 'IPv6 zero address 2', args: ['["::/0", "::192.0.2.0/124", "ff00::101/128"]'], want: '{"::/0"}' },
    {
      note: 'IPv4 and IPv6',
      args: ['["fe80::/120", "192.0.2.0/24", "192.0.3.0/24", "192.0.4.0/25", "192.0.4.128/25"]'],
      want: '{"192.0.2.0/23", "192.0.4.0/24", "fe80::/120"}',
    },
    { note: 'empty', args: ['[]'], want: 'set()' },
    {
      note: 'address gets its class mask',
      args: ['["192.0.2.112", "192.0.2.116/31", "192.0.2.118/31"]'],
      want: '{"192.0.2.0/24"}',
    },
    { note: 'unmerged address keeps its bits (Go IPNet text)', args: ['["10.1.2.3"]'], want: '{"10.1.2.3/8"}' },
    { note: 'addresses', args: ['["192.0.128.0", "192.0.129.0"]'], want: '{"192.0.128.0/23"}' },
    {
      note: 'set operand',
      args: ['{"192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"}'],
      want: '{"192.0.2.112/29"}',
    },
    { note: 'IPv6 halves', args: ['["2001:db8::/33", "2001:db8:8000::/33"]'], want: '{"2001:db8::/32"}' },
    { note: 'invalid', args: ['["foo"]'], error: builtinErr('net.cidr_merge: invalid CIDR address: foo') },
    { note: 'element not a string', args: ['[1]'], error: builtinErr('net.cidr_merge: element must be string') },
    { note: 'operand not a collection', args: [q('x')], error: builtinErr('net.cidr_merge: operand must be an array') },
  ])
})

describe('net.lookup_ip_addr', () => {
  const allow = { allowNetwork: true }
  table('net.lookup_ip_addr', [
    { note: 'IPv4 literal', args: [q('10.0.0.0')], want: '{"10.0.0.0"}', ctx: allow },
    { note: 'IPv6 literal', args: [q('::')], want: '{"::"}', ctx: allow },
    { note: 'IPv6 literal is normalised', args: [q('2001:DB8:0:0:0:0:0:1')], want: '{"2001:db8::1"}', ctx: allow },
    { note: 'localhost', args: [q('localhost')], want: '{"127.0.0.1"}', ctx: allow },
    {
      note: 'other names need a resolver',
      args: [q('example.com')],
      error: builtinErr('net.lookup_ip_addr: lookup example.com: no host resolver available in this runtime'),
      ctx: allow,
    },
    {
      note: 'network disabled',
      args: [q('10.0.0.0')],
      error: builtinErr('net.lookup_ip_addr: network builtins are disabled'),
    },
    {
      note: 'type checked first',
      args: ['1'],
      error: typeErr('net.lookup_ip_addr: operand 1 must be string but got number'),
    },
  ])
})
