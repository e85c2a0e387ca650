import { createPrivateKey, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RegoObject, toJson, type Value } from '../value/index.js'
import { concatBytes, derEncodeInt, derTlv } from './crypto-util.js'
import { conformanceRows, fx, hasConformance } from './conformance-vectors.js'
import { ctx, failure, run } from './security-test-util.js'

// --- a small certificate writer, to have keys and certificates that belong together

function oid(s: string): Uint8Array {
  const parts = s.split('.').map(Number)
  const out = [40 * parts[0]! + parts[1]!]
  for (const p of parts.slice(2)) {
    const bytes = [p & 0x7f]
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80)
    out.push(...bytes)
  }
  return derTlv(0x06, Uint8Array.from(out))
}
const seq = (...xs: Uint8Array[]) => derTlv(0x30, concatBytes(...xs))
const utf8s = (s: string) => derTlv(0x0c, Buffer.from(s))
const name = (cn: string, o?: string) =>
  seq(...(o ? [derTlv(0x31, seq(oid('2.5.4.10'), utf8s(o)))] : []), derTlv(0x31, seq(oid('2.5.4.3'), utf8s(cn))))
const time = (d: Date) => derTlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'))
const ext = (id: string, critical: boolean, value: Uint8Array) =>
  seq(oid(id), ...(critical ? [derTlv(0x01, Uint8Array.of(0xff))] : []), derTlv(0x04, value))

interface CertSpec {
  subject: string
  issuer: string
  key: KeyObject // the subject's public key
  signer: KeyObject // the issuer's private key
  ca?: boolean
  pathLen?: number
  dns?: string[]
  uris?: string[]
  ips?: number[][]
  eku?: string[]
  notBefore?: Date
  notAfter?: Date
  serial?: bigint
}

function certificate(s: CertSpec): Uint8Array {
  const ecdsa = s.signer.asymmetricKeyType === 'ec'
  const alg = ecdsa
    ? seq(oid('1.2.840.10045.4.3.2'))
    : seq(oid('1.2.840.113549.1.1.11'), derTlv(0x05, new Uint8Array()))
  const exts: Uint8Array[] = []
  if (s.ca !== undefined) {
    exts.push(
      ext(
        '2.5.29.19',
        true,
        seq(
          ...(s.ca ? [derTlv(0x01, Uint8Array.of(0xff))] : []),
          ...(s.pathLen !== undefined ? [derEncodeInt(BigInt(s.pathLen))] : []),
        ),
      ),
    )
    exts.push(ext('2.5.29.15', true, derTlv(0x03, s.ca ? Uint8Array.of(1, 0x06) : Uint8Array.of(7, 0x80))))
  }
  if (s.eku) exts.push(ext('2.5.29.37', false, seq(...s.eku.map(oid))))
  const san = [
    ...(s.dns ?? []).map((d) => derTlv(0x82, Buffer.from(d))),
    ...(s.uris ?? []).map((u) => derTlv(0x86, Buffer.from(u))),
    ...(s.ips ?? []).map((ip) => derTlv(0x87, Uint8Array.from(ip))),
  ]
  if (san.length > 0) exts.push(ext('2.5.29.17', false, seq(...san)))
  const tbs = seq(
    derTlv(0xa0, derEncodeInt(2n)),
    derEncodeInt(s.serial ?? 4242n),
    alg,
    name(s.issuer, 'Cordon'),
    seq(time(s.notBefore ?? new Date('2023-01-01T00:00:00Z')), time(s.notAfter ?? new Date('2040-01-01T00:00:00Z'))),
    name(s.subject, 'Cordon'),
    s.key.export({ type: 'spki', format: 'der' }),
    ...(exts.length > 0 ? [derTlv(0xa3, seq(...exts))] : []),
  )
  const sig = nodeSign('sha256', tbs, s.signer)
  return seq(tbs, alg, derTlv(0x03, concatBytes(Uint8Array.of(0), sig)))
}

const pem = (der: Uint8Array, type = 'CERTIFICATE') =>
  `-----BEGIN ${type}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END ${type}-----\n`

const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const interKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })

const root = certificate({
  subject: 'Root',
  issuer: 'Root',
  key: rootKey.publicKey,
  signer: rootKey.privateKey,
  ca: true,
})
const inter = certificate({
  subject: 'Inter',
  issuer: 'Root',
  key: interKey.publicKey,
  signer: rootKey.privateKey,
  ca: true,
  pathLen: 0,
})
const leafSpec: CertSpec = {
  subject: 'leaf.example.com',
  issuer: 'Inter',
  key: leafKey.publicKey,
  signer: interKey.privateKey,
  ca: false,
  dns: ['leaf.example.com', '*.apps.example.com'],
  uris: ['spiffe://example.com/leaf'],
  ips: [[10, 0, 0, 1]],
  eku: ['1.3.6.1.5.5.7.3.1'],
  serial: 123456789012345678901234567890n,
}
const leaf = certificate(leafSpec)
const chain = (...certs: Uint8Array[]) => certs.map((c) => pem(c)).join('')

const get = (v: Value | undefined, ...path: (string | number)[]): Value | undefined =>
  path.reduce<Value | undefined>((x, k) => (typeof k === 'number' ? (x as Value[])[k] : (x as RegoObject).get(k)), v)
const cns = (certs: Value | undefined) => (certs as Value[]).map((c) => get(c, 'Subject', 'CommonName'))

describe('crypto.x509.parse_certificates', () => {
  it.each([
    ...conformanceRows(() => [
      { note: 'DER, single cert, base64 (conformance)', input: fx.GOOGLE_DER_B64, want: ['mail.google.com'] },
      {
        note: 'DER, chain, base64 (conformance)',
        input: fx.THAWTE_CHAIN_DER_B64,
        want: ['mail.google.com', 'Thawte SGC CA'],
      },
      {
        note: 'PEM, chain, base64 (conformance)',
        input: fx.LE_CHAIN_PEM_B64,
        want: ['openpolicyagent.org', "Let's Encrypt Authority X3", 'DST Root CA X3'],
      },
      {
        note: 'PEM, chain, string (conformance)',
        input: Buffer.from(fx.LE_CHAIN_PEM_B64, 'base64').toString(),
        want: ['openpolicyagent.org', "Let's Encrypt Authority X3", 'DST Root CA X3'],
      },
    ]),
    {
      note: 'generated DER, single cert, base64',
      input: Buffer.from(leaf).toString('base64'),
      want: ['leaf.example.com'],
    },
    {
      note: 'generated DER chain, base64',
      input: Buffer.concat([leaf, inter]).toString('base64'),
      want: ['leaf.example.com', 'Inter'],
    },
    {
      note: 'generated PEM chain, base64',
      input: Buffer.from(chain(leaf, inter, root)).toString('base64'),
      want: ['leaf.example.com', 'Inter', 'Root'],
    },
    { note: 'generated chain', input: chain(leaf, inter, root), want: ['leaf.example.com', 'Inter', 'Root'] },
  ])('$note', ({ input, want }) => {
    expect(cns(run('crypto.x509.parse_certificates', [input]))).toEqual(want)
  })

  it("has the fields of Go's x509.Certificate", () => {
    const [c] = run('crypto.x509.parse_certificates', [pem(leaf)]) as Value[]
    const j = toJson(c!) as Record<string, unknown>
    expect(j).toMatchObject({
      Version: 3,
      SignatureAlgorithm: 4, // SHA256WithRSA
      PublicKeyAlgorithm: 3, // ECDSA
      NotBefore: '2023-01-01T00:00:00Z',
      NotAfter: '2040-01-01T00:00:00Z',
      KeyUsage: 1,
      BasicConstraintsValid: true,
      IsCA: false,
      MaxPathLen: -1,
      MaxPathLenZero: false,
      ExtKeyUsage: [1],
      DNSNames: ['leaf.example.com', '*.apps.example.com'],
      IPAddresses: ['10.0.0.1'],
      URIStrings: ['spiffe://example.com/leaf'],
      URIs: [{ Scheme: 'spiffe', Host: 'example.com', Path: '/leaf', User: null }],
      EmailAddresses: null,
      Subject: { CommonName: 'leaf.example.com', Organization: ['Cordon'], Country: null },
      Issuer: { CommonName: 'Inter' },
    })
    expect(get(c, 'SerialNumber')).toBe(123456789012345678901234567890n)
    expect(typeof j['Raw']).toBe('string')
    expect(Object.keys(j['PublicKey'] as object).sort()).toEqual(['Curve', 'X', 'Y'])
    const [r] = run('crypto.x509.parse_certificates', [pem(inter)]) as Value[]
    expect(toJson(r!)).toMatchObject({
      IsCA: true,
      MaxPathLen: 0,
      MaxPathLenZero: true,
      KeyUsage: 96,
      PublicKeyAlgorithm: 1,
      SignatureAlgorithm: 10,
    })
  })

  it.each([
    ...conformanceRows(() => [
      { note: 'URI SAN (conformance)', input: fx.URI_CERT_PEM_B64, want: ['spiffe://example.com/opa'] },
    ]),
    { note: 'URI SAN', input: Buffer.from(pem(leaf)).toString('base64'), want: ['spiffe://example.com/leaf'] },
    { note: 'no URIs', input: pem(inter), want: null },
  ])('URIStrings: $note', ({ input, want }) => {
    expect(toJson(get(run('crypto.x509.parse_certificates', [input]), 0, 'URIStrings')!)).toEqual(want)
  })

  it.each([
    {
      note: 'base64 of garbage',
      input: 'YmFkc3RyaW5n',
      message: 'crypto.x509.parse_certificates: x509: malformed certificate',
    },
    {
      note: 'not base64',
      input: 'foobar',
      message: 'crypto.x509.parse_certificates: illegal base64 data at input byte 4',
    },
    {
      note: 'PEM of another type',
      input: pem(leaf, 'PRIVATE KEY'),
      message: "crypto.x509.parse_certificates: PEM block type is 'PRIVATE KEY', expected CERTIFICATE",
    },
  ])('$note', ({ input, message }) => {
    expect(failure('crypto.x509.parse_certificates', [input])).toEqual({ code: 'eval_builtin_error', message })
  })
})

describe('crypto.x509.parse_and_verify_certificates', () => {
  it.each([
    ...conformanceRows(() => [
      {
        note: 'conformance chain (root first)',
        input: fx.CHAIN_PEM,
        want: ['notarealsite.opa.localhost', 'OPA Test Intermediate CA', 'OPA Test Root CA'],
      },
      { note: 'conformance chain with URI SANs', input: fx.CHAIN_URI_PEM, want: ['', ''] },
    ]),
    {
      note: 'generated chain: EC root, RSA intermediate, EC leaf',
      input: chain(root, inter, leaf),
      want: ['leaf.example.com', 'Inter', 'Root'],
    },
    {
      note: 'root and leaf',
      input: chain(
        rootKey.publicKey ? root : root,
        certificate({ ...leafSpec, issuer: 'Root', signer: rootKey.privateKey }),
      ),
      want: ['leaf.example.com', 'Root'],
    },
  ])('$note', ({ input, want }) => {
    const [ok, certs] = run('crypto.x509.parse_and_verify_certificates', [input]) as [boolean, Value]
    expect(ok).toBe(true)
    expect(cns(certs)).toEqual(want)
  })

  it.skipIf(!hasConformance)('returns URIStrings of the verified chain (conformance)', () => {
    const [, certs] = run('crypto.x509.parse_and_verify_certificates', [fx.CHAIN_URI_PEM]) as [boolean, Value[]]
    expect(certs.map((c) => toJson(get(c, 'URIStrings')!))).toEqual([
      ['spiffe://example.com/opa'],
      ['spiffe://example.com'],
    ])
  })

  it.each([
    { note: 'a single certificate', input: chain(root) },
    { note: 'leaf first', input: chain(leaf, inter, root) },
    { note: 'not a certificate', input: 'foobar' },
    { note: 'intermediate missing', input: chain(root, leaf) },
    {
      note: 'leaf signed by another key',
      input: chain(root, inter, certificate({ ...leafSpec, signer: otherKey.privateKey })),
    },
    {
      note: 'intermediate is not a CA',
      input: chain(
        root,
        certificate({
          subject: 'Inter',
          issuer: 'Root',
          key: interKey.publicKey,
          signer: rootKey.privateKey,
          ca: false,
        }),
        leaf,
      ),
    },
    {
      note: 'expired leaf',
      input: chain(root, inter, certificate({ ...leafSpec, notAfter: new Date('2023-06-01T00:00:00Z') })),
    },
    {
      note: 'leaf only for client auth',
      input: chain(root, inter, certificate({ ...leafSpec, eku: ['1.3.6.1.5.5.7.3.2'] })),
    },
    {
      note: 'path length exceeded',
      input: chain(
        root,
        inter,
        certificate({
          subject: 'Inter2',
          issuer: 'Inter',
          key: otherKey.publicKey,
          signer: interKey.privateKey,
          ca: true,
        }),
        certificate({ ...leafSpec, issuer: 'Inter2', signer: otherKey.privateKey }),
      ),
    },
  ])('invalid: $note', ({ input }) => {
    expect(toJson(run('crypto.x509.parse_and_verify_certificates', [input])!)).toEqual([false, []])
  })

  it('type error', () => {
    expect(failure('crypto.x509.parse_and_verify_certificates', [1])).toEqual({
      code: 'eval_type_error',
      message: 'crypto.x509.parse_and_verify_certificates: operand 1 must be string but got number',
    })
  })
})

describe('crypto.x509.parse_and_verify_certificates_with_options', () => {
  const name = 'crypto.x509.parse_and_verify_certificates_with_options'
  const opts = (o: object) => new RegoObject(Object.entries(o).filter(([, v]) => v !== undefined) as [string, Value][])
  const clientLeaf = chain(root, inter, certificate({ ...leafSpec, eku: ['1.3.6.1.5.5.7.3.2'] }))
  it.each([
    { note: 'no options', input: chain(root, inter, leaf), o: {}, want: true },
    { note: 'DNS name matches', input: chain(root, inter, leaf), o: { DNSName: 'leaf.example.com' }, want: true },
    {
      note: 'DNS name matches a wildcard',
      input: chain(root, inter, leaf),
      o: { DNSName: 'x.apps.example.com' },
      want: true,
    },
    {
      note: 'DNS name does not match',
      input: chain(root, inter, leaf),
      o: { DNSName: 'other.example.com' },
      want: false,
    },
    { note: 'client auth requested', input: clientLeaf, o: { KeyUsages: ['KeyUsageClientAuth'] }, want: true },
    { note: 'any usage', input: clientLeaf, o: { KeyUsages: ['KeyUsageAny'] }, want: true },
    { note: 'server auth requested', input: clientLeaf, o: { KeyUsages: ['KeyUsageServerAuth'] }, want: false },
    {
      note: 'current time before validity',
      input: chain(root, inter, leaf),
      o: { CurrentTime: 1_600_000_000_000_000_000n },
      want: false,
    },
    {
      note: 'current time within validity',
      input: chain(root, inter, leaf),
      o: { CurrentTime: 1_800_000_000_000_000_000n },
      want: true,
    },
  ])('$note', ({ input, o, want }) => {
    const [ok, certs] = run(name, [input, opts(o)], ctx()) as [boolean, Value[]]
    expect(ok).toBe(want)
    if (ok) expect(get(certs[0], 'URIStrings')).toBeUndefined()
  })

  it.each([
    { note: 'unknown option', o: { Foo: 1 }, message: `${name}: invalid key option` },
    { note: 'DNSName not a string', o: { DNSName: 1 }, message: `${name}: 'DNSName' should be a string` },
    {
      note: 'CurrentTime not a number',
      o: { CurrentTime: 'now' },
      message: `${name}: 'CurrentTime' should be a number`,
    },
    {
      note: 'unknown key usage',
      o: { KeyUsages: ['KeyUsageFoo'] },
      message: `${name}: invalid entries for 'KeyUsages' found: [KeyUsageFoo]`,
    },
    {
      note: 'key usages not a list',
      o: { KeyUsages: 'KeyUsageAny' },
      message: `${name}: 'KeyUsages' should be an Array or Set`,
    },
  ])('$note', ({ o, message }) => {
    expect(failure(name, [chain(root, inter, leaf), opts(o)])).toEqual({ code: 'eval_builtin_error', message })
  })
})

describe('crypto.x509.parse_certificate_request', () => {
  // A PKCS#10 request for CN=example.com, C=US, signed SHA256WithRSA.
  const csrKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const rsaSha256 = seq(oid('1.2.840.113549.1.1.11'), derTlv(0x05, new Uint8Array()))
  const info = seq(
    derEncodeInt(0n),
    seq(
      derTlv(0x31, seq(oid('2.5.4.6'), derTlv(0x13, Buffer.from('US')))),
      derTlv(0x31, seq(oid('2.5.4.3'), utf8s('example.com'))),
    ),
    csrKey.publicKey.export({ type: 'spki', format: 'der' }),
    derTlv(0xa0, new Uint8Array()),
  )
  const der = seq(
    info,
    rsaSha256,
    derTlv(0x03, concatBytes(Uint8Array.of(0), nodeSign('sha256', info, csrKey.privateKey))),
  )
  const csrPem = pem(der, 'CERTIFICATE REQUEST')
  it.each([
    ...conformanceRows(() => [
      { note: 'PEM string (conformance)', input: fx.CSR_PEM },
      {
        note: 'DER, base64 (conformance)',
        input: Buffer.from(fx.CSR_PEM.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64'),
      },
    ]),
    { note: 'PEM string', input: csrPem },
    { note: 'PEM, base64', input: Buffer.from(csrPem).toString('base64') },
    { note: 'DER, base64', input: Buffer.from(der).toString('base64') },
  ])('$note', ({ input }) => {
    const csr = run('crypto.x509.parse_certificate_request', [input])
    expect(get(csr, 'Subject', 'CommonName')).toBe('example.com')
    expect(toJson(csr!)).toMatchObject({
      Version: 0,
      SignatureAlgorithm: 4,
      PublicKeyAlgorithm: 1,
      Subject: { Country: ['US'] },
    })
  })

  it.each([
    {
      note: 'base64 of garbage',
      input: 'YmFkc3RyaW5n',
      message: 'crypto.x509.parse_certificate_request: asn1: structure error',
    },
    {
      note: 'not base64',
      input: 'foobar',
      message: 'crypto.x509.parse_certificate_request: illegal base64 data at input byte 4',
    },
    {
      note: 'a certificate',
      input: Buffer.from(pem(leaf)).toString('base64'),
      message: 'crypto.x509.parse_certificate_request: invalid PEM-encoded certificate signing request',
    },
  ])('$note', ({ input, message }) => {
    const f = failure('crypto.x509.parse_certificate_request', [input])
    expect(f.code).toBe('eval_builtin_error')
    expect(f.message.startsWith(message)).toBe(true)
  })
})

describe('crypto.x509.parse_keypair', () => {
  const keyPem = leafKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
  const sec1Pem = createPrivateKey(keyPem).export({ type: 'sec1', format: 'pem' }) as string
  it.each([
    { note: 'PEM certificate and PKCS#8 key', cert: pem(leaf), key: keyPem },
    { note: 'SEC 1 key', cert: pem(leaf), key: sec1Pem },
    {
      note: 'base64 DER of both',
      cert: Buffer.from(leaf).toString('base64'),
      key: (leafKey.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64'),
    },
    {
      note: 'base64 of the PEM texts',
      cert: Buffer.from(pem(leaf)).toString('base64'),
      key: Buffer.from(keyPem).toString('base64'),
    },
  ])('$note', ({ cert, key }) => {
    const kp = run('crypto.x509.parse_keypair', [cert, key])
    expect(get(kp, 'Certificate')).toEqual([Buffer.from(leaf).toString('base64')])
    expect(get(kp, 'Leaf', 'Subject', 'CommonName')).toBe('leaf.example.com')
    expect(Object.keys(toJson(get(kp, 'PrivateKey')!) as object).sort()).toEqual(['Curve', 'D', 'X', 'Y'])
  })

  it.each([
    {
      note: 'key of another pair',
      key: otherKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      message: 'crypto.x509.parse_keypair: tls: private key does not match public key',
    },
    {
      note: 'key of another type',
      key: interKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      message: 'crypto.x509.parse_keypair: tls: private key type does not match public key type',
    },
    {
      note: 'no key',
      key: pem(leaf),
      message: 'crypto.x509.parse_keypair: tls: failed to find any PEM data in key input',
    },
  ])('$note', ({ key, message }) => {
    expect(failure('crypto.x509.parse_keypair', [pem(leaf), key])).toEqual({ code: 'eval_builtin_error', message })
  })
})
