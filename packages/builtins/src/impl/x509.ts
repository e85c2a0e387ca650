/**
 * crypto.x509.*: certificates, chains, certificate requests and key pairs,
 * returned in the shape Go's encoding/json gives x509.Certificate (which is
 * what OPA returns).
 */
import { RegoObject, RegoSet, type Value } from '../value/index.js'
import {
  base64Encode,
  bytesEqual,
  type Der,
  DerError,
  derChildren,
  derExpect,
  derInt,
  derOid,
  fromUtf8,
  goBase64Decode,
  isNumber,
  objectArg,
  oidString,
  parseDer,
  pemDecode,
  readDer,
  startsWith,
  stringArg,
  utf8,
} from './crypto-util.js'
import {
  ecdsaVerifyDigest,
  ed25519Verify,
  goDataToValue,
  type HashName,
  hashes,
  parseEcPrivateKey,
  parsePkcs1PrivateKey,
  parsePkcs8PrivateKey,
  type PrivateKey,
  privateKeyJson,
  type PublicKey,
  publicKeyFromSpki,
  publicKeyJson,
  rsaVerifyPkcs1,
  rsaVerifyPss,
} from './keys.js'
import { BuiltinError, builtinError, type BuiltinImpl, type BuiltinContext } from './types.js'
// Go's x509 prints IP SANs with net.IP.String, as net.* builtins do.
import { ipString } from './net.js'

// ---------------------------------------------------------------------------
// Model

interface Attribute {
  type: number[]
  value: unknown
}

interface Name {
  raw: Uint8Array
  attrs: Attribute[]
}

interface Extension {
  id: number[]
  critical: boolean
  value: Uint8Array
}

interface ParsedUrl {
  text: string
  scheme: string
  opaque: string
  host: string
  path: string
  rawQuery: string
  fragment: string
}

export interface Certificate {
  raw: Uint8Array
  rawTbs: Uint8Array
  rawSpki: Uint8Array
  version: number
  serial: bigint
  sigAlgOid: string
  sigAlg: number
  sigHash?: HashName
  sigPss: boolean
  signature: Uint8Array
  issuer: Name
  subject: Name
  notBefore: Date
  notAfter: Date
  publicKeyAlgorithm: number
  publicKey: PublicKey | null
  extensions: Extension[]
  keyUsage: number
  extKeyUsage: number[]
  unknownExtKeyUsage: number[][]
  basicConstraintsValid: boolean
  isCA: boolean
  maxPathLen: number
  subjectKeyId: Uint8Array | null
  authorityKeyId: Uint8Array | null
  ocspServer: string[]
  issuingCertificateUrl: string[]
  dnsNames: string[]
  emailAddresses: string[]
  ipAddresses: string[]
  uris: ParsedUrl[]
  crlDistributionPoints: string[]
  policyIdentifiers: number[][]
  unhandledCritical: number[][]
}

// ---------------------------------------------------------------------------
// Parsing

const sigAlgs: Record<string, [number, HashName | undefined]> = {
  '1.2.840.113549.1.1.2': [1, undefined], // MD2WithRSA
  '1.2.840.113549.1.1.4': [2, 'MD5'],
  '1.2.840.113549.1.1.5': [3, 'SHA1'],
  '1.2.840.113549.1.1.11': [4, 'SHA256'],
  '1.2.840.113549.1.1.12': [5, 'SHA384'],
  '1.2.840.113549.1.1.13': [6, 'SHA512'],
  '1.2.840.10040.4.3': [7, 'SHA1'],
  '2.16.840.1.101.3.4.3.2': [8, 'SHA256'],
  '1.2.840.10045.4.1': [9, 'SHA1'],
  '1.2.840.10045.4.3.2': [10, 'SHA256'],
  '1.2.840.10045.4.3.3': [11, 'SHA384'],
  '1.2.840.10045.4.3.4': [12, 'SHA512'],
  '1.3.101.112': [16, undefined],
}
const OID_PSS = '1.2.840.113549.1.1.10'
const pssHashes: Record<string, [number, HashName]> = {
  '2.16.840.1.101.3.4.2.1': [13, 'SHA256'],
  '2.16.840.1.101.3.4.2.2': [14, 'SHA384'],
  '2.16.840.1.101.3.4.2.3': [15, 'SHA512'],
}

const extKeyUsages: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
  '1.3.6.1.4.1.311.10.3.3': 10,
  '2.16.840.1.113730.4.1': 11,
  '1.3.6.1.4.1.311.2.1.22': 12,
  '1.3.6.1.4.1.311.61.1.1': 13,
}

function signatureAlgorithm(alg: Der[]): { id: number; hash?: HashName; pss: boolean; oid: string } {
  const oid = oidString(derOid(alg[0]))
  if (oid === OID_PSS) {
    let hashOid = '1.3.14.3.2.26'
    const params = alg[1] && alg[1].tag === 0x30 ? derChildren(alg[1]) : []
    for (const p of params) if (p.tag === 0xa0) hashOid = oidString(derOid(derChildren(parseDer(p.value))[0]))
    const h = pssHashes[hashOid]
    return h ? { id: h[0], hash: h[1], pss: true, oid } : { id: 0, pss: true, oid }
  }
  const a = sigAlgs[oid]
  return a ? { id: a[0], hash: a[1], pss: false, oid } : { id: 0, pss: false, oid }
}

function decodeString(d: Der): unknown {
  switch (d.tag) {
    case 0x0c: // UTF8String
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // T61String
    case 0x12: // NumericString
    case 0x1a: // VisibleString
      return fromUtf8(d.value)
    case 0x1e: {
      // BMPString
      let s = ''
      for (let i = 0; i + 1 < d.value.length; i += 2) s += String.fromCharCode((d.value[i]! << 8) | d.value[i + 1]!)
      return s
    }
    case 0x02:
      return derInt(d)
    case 0x01:
      return d.value[0] !== 0
    case 0x06:
      return derOid(d)
    default:
      return base64Encode(d.raw)
  }
}

function parseName(d: Der): Name {
  const attrs: Attribute[] = []
  for (const set of derChildren(derExpect(d, 0x30, 'name'))) {
    for (const atv of derChildren(derExpect(set, 0x31, 'rdn'))) {
      const [t, v] = derChildren(derExpect(atv, 0x30, 'attribute'))
      attrs.push({ type: derOid(t), value: decodeString(v!) })
    }
  }
  return { raw: d.raw, attrs }
}

function parseTime(d: Der): Date {
  const s = fromUtf8(d.value)
  let m: RegExpExecArray | null
  if (d.tag === 0x17) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
    if (!m) throw new DerError('x509: malformed validity')
    const yy = Number(m[1])
    return new Date(
      Date.UTC(
        yy < 50 ? 2000 + yy : 1900 + yy,
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
        Number(m[6]),
      ),
    )
  }
  if (d.tag === 0x18) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
    if (!m) throw new DerError('x509: malformed validity')
    const dt = new Date(0)
    dt.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    dt.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0)
    return dt
  }
  throw new DerError('x509: malformed validity')
}

function parseUrl(text: string): ParsedUrl {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(text)
  const u: ParsedUrl = { text, scheme: '', opaque: '', host: '', path: '', rawQuery: '', fragment: '' }
  let rest = text
  if (m) {
    u.scheme = m[1]!.toLowerCase()
    rest = m[2]!
  }
  const hash = rest.indexOf('#')
  if (hash >= 0) {
    u.fragment = decodeURIComponentSafe(rest.slice(hash + 1))
    rest = rest.slice(0, hash)
  }
  const q = rest.indexOf('?')
  if (q >= 0) {
    u.rawQuery = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  if (rest.startsWith('//')) {
    rest = rest.slice(2)
    const slash = rest.indexOf('/')
    u.host = slash >= 0 ? rest.slice(0, slash) : rest
    u.path = decodeURIComponentSafe(slash >= 0 ? rest.slice(slash) : '')
  } else if (u.scheme && !rest.startsWith('/')) u.opaque = rest
  else u.path = decodeURIComponentSafe(rest)
  return u
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function parseGeneralNames(value: Uint8Array, c: Certificate): void {
  for (const gn of derChildren(derExpect(parseDer(value), 0x30, 'general names'))) {
    switch (gn.tag) {
      case 0x81:
        c.emailAddresses.push(fromUtf8(gn.value))
        break
      case 0x82:
        c.dnsNames.push(fromUtf8(gn.value))
        break
      case 0x86:
        c.uris.push(parseUrl(fromUtf8(gn.value)))
        break
      case 0x87:
        if (gn.value.length !== 4 && gn.value.length !== 16) throw new DerError('x509: cannot parse IP address')
        c.ipAddresses.push(ipString(gn.value))
        break
    }
  }
}

function processExtension(ext: Extension, c: Certificate): boolean {
  const id = oidString(ext.id)
  switch (id) {
    case '2.5.29.15': {
      const bits = derExpect(parseDer(ext.value), 0x03, 'key usage').value
      let usage = 0
      for (let i = 0; i < 9; i++) {
        const byte = bits[1 + (i >> 3)]
        if (byte !== undefined && byte & (0x80 >> (i & 7))) usage |= 1 << i
      }
      c.keyUsage = usage
      return true
    }
    case '2.5.29.19': {
      const seq = derChildren(derExpect(parseDer(ext.value), 0x30, 'basic constraints'))
      let i = 0
      c.isCA = false
      if (seq[i] && seq[i]!.tag === 0x01) c.isCA = seq[i++]!.value[0] !== 0
      c.maxPathLen = seq[i] && seq[i]!.tag === 0x02 ? Number(derInt(seq[i])) : -1
      c.basicConstraintsValid = true
      return true
    }
    case '2.5.29.17':
      parseGeneralNames(ext.value, c)
      return true
    case '2.5.29.37':
      for (const o of derChildren(derExpect(parseDer(ext.value), 0x30, 'ext key usage'))) {
        const oid = derOid(o)
        const known = extKeyUsages[oidString(oid)]
        if (known !== undefined) c.extKeyUsage.push(known)
        else c.unknownExtKeyUsage.push(oid)
      }
      return true
    case '2.5.29.14':
      c.subjectKeyId = derExpect(parseDer(ext.value), 0x04, 'subject key id').value.slice()
      return true
    case '2.5.29.35':
      for (const f of derChildren(derExpect(parseDer(ext.value), 0x30, 'authority key id'))) {
        if (f.tag === 0x80) c.authorityKeyId = f.value.slice()
      }
      return true
    case '2.5.29.31':
      for (const dp of derChildren(derExpect(parseDer(ext.value), 0x30, 'crl distribution points'))) {
        for (const f of derChildren(dp)) {
          if (f.tag !== 0xa0) continue
          for (const name of derChildren(f)) {
            if (name.tag !== 0xa0) continue
            for (const gn of derChildren(name)) if (gn.tag === 0x86) c.crlDistributionPoints.push(fromUtf8(gn.value))
          }
        }
      }
      return true
    case '2.5.29.32':
      for (const pi of derChildren(derExpect(parseDer(ext.value), 0x30, 'policies'))) {
        c.policyIdentifiers.push(derOid(derChildren(pi)[0]))
      }
      return true
    case '1.3.6.1.5.5.7.1.1':
      for (const ad of derChildren(derExpect(parseDer(ext.value), 0x30, 'authority info access'))) {
        const [m, loc] = derChildren(ad)
        if (!loc || loc.tag !== 0x86) continue
        const method = oidString(derOid(m))
        if (method === '1.3.6.1.5.5.7.48.1') c.ocspServer.push(fromUtf8(loc.value))
        else if (method === '1.3.6.1.5.5.7.48.2') c.issuingCertificateUrl.push(fromUtf8(loc.value))
      }
      return true
    case '2.5.29.30': // name constraints: accepted, not reported
      return true
  }
  return false
}

function parseExtensions(d: Der): Extension[] {
  return derChildren(derExpect(d, 0x30, 'extensions')).map((e) => {
    const f = derChildren(derExpect(e, 0x30, 'extension'))
    const id = derOid(f[0])
    let critical = false
    let i = 1
    if (f[i] && f[i]!.tag === 0x01) critical = f[i++]!.value[0] !== 0
    return { id, critical, value: derExpect(f[i], 0x04, 'extension value').value }
  })
}

function emptyCert(): Certificate {
  return {
    raw: new Uint8Array(),
    rawTbs: new Uint8Array(),
    rawSpki: new Uint8Array(),
    version: 1,
    serial: 0n,
    sigAlgOid: '',
    sigAlg: 0,
    sigPss: false,
    signature: new Uint8Array(),
    issuer: { raw: new Uint8Array(), attrs: [] },
    subject: { raw: new Uint8Array(), attrs: [] },
    notBefore: new Date(0),
    notAfter: new Date(0),
    publicKeyAlgorithm: 0,
    publicKey: null,
    extensions: [],
    keyUsage: 0,
    extKeyUsage: [],
    unknownExtKeyUsage: [],
    basicConstraintsValid: false,
    isCA: false,
    maxPathLen: 0,
    subjectKeyId: null,
    authorityKeyId: null,
    ocspServer: [],
    issuingCertificateUrl: [],
    dnsNames: [],
    emailAddresses: [],
    ipAddresses: [],
    uris: [],
    crlDistributionPoints: [],
    policyIdentifiers: [],
    unhandledCritical: [],
  }
}

function spkiKey(spki: Der): [number, PublicKey | null] {
  const seq = derChildren(derExpect(spki, 0x30, 'subject public key info'))
  const algOid = oidString(derOid(derChildren(derExpect(seq[0], 0x30, 'algorithm'))[0]))
  const algo =
    algOid === '1.2.840.113549.1.1.1'
      ? 1
      : algOid === '1.2.840.10040.4.1'
        ? 2
        : algOid === '1.2.840.10045.2.1'
          ? 3
          : algOid === '1.3.101.112'
            ? 4
            : 0
  if (algo === 0 || algo === 2) return [algo, null]
  return [algo, publicKeyFromSpki(seq)]
}

function parseCertificateInner(der: Der): Certificate {
  const c = emptyCert()
  const top = derChildren(derExpect(der, 0x30, 'certificate'))
  const tbsDer = derExpect(top[0], 0x30, 'tbs')
  const tbs = derChildren(tbsDer)
  c.raw = der.raw
  c.rawTbs = tbsDer.raw
  let i = 0
  if (tbs[i]!.tag === 0xa0) c.version = Number(derInt(parseDer(tbs[i++]!.value))) + 1
  c.serial = derInt(tbs[i++])
  const innerAlg = derChildren(derExpect(tbs[i++], 0x30, 'signature algorithm'))
  c.issuer = parseName(tbs[i++]!)
  const validity = derChildren(derExpect(tbs[i++], 0x30, 'validity'))
  c.notBefore = parseTime(validity[0]!)
  c.notAfter = parseTime(validity[1]!)
  c.subject = parseName(tbs[i++]!)
  const spki = tbs[i++]!
  c.rawSpki = spki.raw
  ;[c.publicKeyAlgorithm, c.publicKey] = spkiKey(spki)
  for (; i < tbs.length; i++) {
    if (tbs[i]!.tag === 0xa3) c.extensions = parseExtensions(parseDer(tbs[i]!.value))
  }
  const outerAlg = derChildren(derExpect(top[1], 0x30, 'signature algorithm'))
  if (!bytesEqual(outerAlg[0]!.raw, innerAlg[0]!.raw))
    throw new DerError("x509: inner and outer signature algorithm identifiers don't match")
  const sa = signatureAlgorithm(outerAlg)
  c.sigAlg = sa.id
  c.sigHash = sa.hash
  c.sigPss = sa.pss
  c.sigAlgOid = sa.oid
  const sigBits = derExpect(top[2], 0x03, 'signature').value
  c.signature = sigBits.subarray(1)
  for (const ext of c.extensions) {
    if (!processExtension(ext, c) && ext.critical) c.unhandledCritical.push(ext.id)
  }
  return c
}

/** Go's x509.ParseCertificate (errors as Go words them in general). */
export function parseCertificateDer(der: Uint8Array): Certificate {
  let d: Der
  try {
    d = parseDer(der)
  } catch {
    throw new Error('x509: malformed certificate')
  }
  try {
    return parseCertificateInner(d)
  } catch (e) {
    if (e instanceof DerError && e.message.startsWith('x509:') && !e.message.includes('malformed')) throw e
    throw new Error('x509: malformed certificate', { cause: e })
  }
}

/** Go's x509.ParseCertificates: concatenated DER certificates. */
function parseCertificatesDer(der: Uint8Array): Certificate[] {
  const out: Certificate[] = []
  let p = 0
  while (p < der.length) {
    let d: Der
    try {
      ;[d, p] = readDer(der, p)
    } catch {
      throw new Error('x509: malformed certificate')
    }
    out.push(parseCertificateDer(d.raw))
  }
  return out
}

function certsFromPem(text: string): Certificate[] {
  const ders: Uint8Array[] = []
  let rest = text
  while (rest.length > 0) {
    const [block, r] = pemDecode(rest)
    if (block && block.type !== 'CERTIFICATE')
      throw new Error(`PEM block type is '${block.type}', expected CERTIFICATE`)
    if (!block) break
    rest = r
    ders.push(block.bytes)
  }
  const all = new Uint8Array(ders.reduce((n, d) => n + d.length, 0))
  let o = 0
  for (const d of ders) {
    all.set(d, o)
    o += d.length
  }
  return parseCertificatesDer(all)
}

/** OPA's getX509CertsFromString: PEM, or base64 of PEM or DER. */
function certsFromString(s: string): Certificate[] {
  if (s.startsWith('-----BEGIN')) return certsFromPem(s)
  const b = goBase64Decode(s)
  if (startsWith(b, '-----BEGIN')) return certsFromPem(fromUtf8(b))
  return parseCertificatesDer(b)
}

// ---------------------------------------------------------------------------
// Go JSON shape

const b64 = (b: Uint8Array | null): string | null => (b === null ? null : base64Encode(b))
const orNull = <T>(a: T[]): T[] | null => (a.length === 0 ? null : a)

const nameOids: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
}

function nameJson(n: Name): unknown {
  const lists: Record<string, string[]> = {}
  let cn = ''
  let serial = ''
  for (const a of n.attrs) {
    if (typeof a.value !== 'string') continue
    const oid = oidString(a.type)
    if (oid === '2.5.4.3') cn = a.value
    else if (oid === '2.5.4.5') serial = a.value
    else if (nameOids[oid]) (lists[nameOids[oid]!] ??= []).push(a.value)
  }
  return {
    Country: lists['Country'] ?? null,
    Organization: lists['Organization'] ?? null,
    OrganizationalUnit: lists['OrganizationalUnit'] ?? null,
    Locality: lists['Locality'] ?? null,
    Province: lists['Province'] ?? null,
    StreetAddress: lists['StreetAddress'] ?? null,
    PostalCode: lists['PostalCode'] ?? null,
    SerialNumber: serial,
    CommonName: cn,
    Names: orNull(n.attrs.map((a) => ({ Type: a.type, Value: a.value }))),
    ExtraNames: null,
  }
}

function goTime(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z')
}

function urlJson(u: ParsedUrl): unknown {
  return {
    Scheme: u.scheme,
    Opaque: u.opaque,
    User: null,
    Host: u.host,
    Path: u.path,
    RawPath: '',
    OmitHost: false,
    ForceQuery: false,
    RawQuery: u.rawQuery,
    Fragment: u.fragment,
    RawFragment: '',
  }
}

function extensionsJson(exts: Extension[]): unknown {
  return orNull(exts.map((e) => ({ Id: e.id, Critical: e.critical, Value: base64Encode(e.value) })))
}

function certificateJson(c: Certificate, withUriStrings: boolean): unknown {
  const out: Record<string, unknown> = {
    Raw: b64(c.raw),
    RawTBSCertificate: b64(c.rawTbs),
    RawSubjectPublicKeyInfo: b64(c.rawSpki),
    RawSubject: b64(c.subject.raw),
    RawIssuer: b64(c.issuer.raw),
    Signature: b64(c.signature),
    SignatureAlgorithm: c.sigAlg,
    PublicKeyAlgorithm: c.publicKeyAlgorithm,
    PublicKey: c.publicKey ? publicKeyJson(c.publicKey) : null,
    Version: c.version,
    SerialNumber: c.serial,
    Issuer: nameJson(c.issuer),
    Subject: nameJson(c.subject),
    NotBefore: goTime(c.notBefore),
    NotAfter: goTime(c.notAfter),
    KeyUsage: c.keyUsage,
    Extensions: extensionsJson(c.extensions),
    ExtraExtensions: null,
    UnhandledCriticalExtensions: orNull(c.unhandledCritical),
    ExtKeyUsage: orNull(c.extKeyUsage),
    UnknownExtKeyUsage: orNull(c.unknownExtKeyUsage),
    BasicConstraintsValid: c.basicConstraintsValid,
    IsCA: c.isCA,
    MaxPathLen: c.maxPathLen,
    MaxPathLenZero: c.basicConstraintsValid && c.maxPathLen === 0,
    SubjectKeyId: b64(c.subjectKeyId),
    AuthorityKeyId: b64(c.authorityKeyId),
    OCSPServer: orNull(c.ocspServer),
    IssuingCertificateURL: orNull(c.issuingCertificateUrl),
    DNSNames: orNull(c.dnsNames),
    EmailAddresses: orNull(c.emailAddresses),
    IPAddresses: orNull(c.ipAddresses),
    URIs: orNull(c.uris.map(urlJson)),
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
    CRLDistributionPoints: orNull(c.crlDistributionPoints),
    PolicyIdentifiers: orNull(c.policyIdentifiers),
    Policies: orNull(c.policyIdentifiers.map(oidString)),
    InhibitAnyPolicy: 0,
    InhibitAnyPolicyZero: false,
    InhibitPolicyMapping: 0,
    InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: 0,
    RequireExplicitPolicyZero: false,
    PolicyMappings: null,
  }
  if (withUriStrings) out['URIStrings'] = c.uris.length === 0 ? null : c.uris.map((u) => u.text)
  return out
}

// ---------------------------------------------------------------------------
// Chain verification (the parts of Go's Certificate.Verify OPA relies on)

function checkSignature(child: Certificate, parent: Certificate): boolean {
  const key = parent.publicKey
  if (!key) return false
  const alg = child.sigAlg
  // Go refuses MD2, MD5 and SHA-1 signatures, and DSA.
  if (alg <= 3 || alg === 7 || alg === 8 || alg === 9 || alg === 0) return false
  if (alg === 16) return key.kty === 'OKP' && ed25519Verify(key, child.rawTbs, child.signature)
  const hash = child.sigHash!
  const digest = hashes[hash](child.rawTbs)
  if (alg >= 4 && alg <= 6) return key.kty === 'RSA' && rsaVerifyPkcs1(key, hash, digest, child.signature)
  if (alg >= 13 && alg <= 15) return key.kty === 'RSA' && rsaVerifyPss(key, hash, digest, child.signature)
  if (alg >= 10 && alg <= 12) {
    if (key.kty !== 'EC') return false
    try {
      const [r, s] = derChildren(derExpect(parseDer(child.signature), 0x30, 'ecdsa signature'))
      return ecdsaVerifyDigest(key, digest, derInt(r), derInt(s))
    } catch {
      return false
    }
  }
  return false
}

interface VerifyOptions {
  dnsName: string
  currentTime?: bigint
  keyUsages: number[]
}

function matchHostname(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '')
  const h = host.toLowerCase().replace(/\.$/, '')
  if (p === h) return true
  if (!p.startsWith('*.')) return false
  const dot = h.indexOf('.')
  return dot > 0 && h.slice(dot) === p.slice(1)
}

function verifyHostname(c: Certificate, host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  if (/^[0-9.]+$/.test(h) || h.includes(':')) return c.ipAddresses.includes(h)
  return c.dnsNames.some((d) => matchHostname(d, h))
}

function chainAllowsUsages(chain: Certificate[], usages: number[]): boolean {
  if (usages.includes(0)) return true
  let remaining = [...usages]
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!
    if (c.extKeyUsage.length === 0 && c.unknownExtKeyUsage.length === 0) continue
    if (c.extKeyUsage.includes(0)) continue
    remaining = remaining.filter(
      (u) => c.extKeyUsage.includes(u) || (u === 1 && (c.extKeyUsage.includes(10) || c.extKeyUsage.includes(11))),
    )
    if (remaining.length === 0) return false
  }
  return true
}

function verifyChain(certs: Certificate[], opts: VerifyOptions, nowMs: number): Certificate[] {
  if (certs.length < 2) throw new Error('must supply at least two certificates to be able to verify')
  const root = certs[0]!
  const intermediates = certs.slice(1, -1)
  const leaf = certs[certs.length - 1]!
  const now = opts.currentTime !== undefined ? Number(opts.currentTime / 1_000_000n) : nowMs
  const timeOk = (c: Certificate) => now >= c.notBefore.getTime() && now <= c.notAfter.getTime()
  if (!timeOk(leaf)) throw new Error('x509: certificate has expired or is not yet valid')
  if (opts.dnsName && !verifyHostname(leaf, opts.dnsName))
    throw new Error('x509: certificate is not valid for the host')
  const usages = opts.keyUsages.length > 0 ? opts.keyUsages : [1]
  const chains: Certificate[][] = []
  const build = (chain: Certificate[]): void => {
    const cur = chain[chain.length - 1]!
    if (bytesEqual(cur.raw, root.raw)) {
      chains.push(chain)
      return
    }
    for (const [cand, isRoot] of [[root, true], ...intermediates.map((c) => [c, false] as const)] as const) {
      if (chains.length > 0) return
      if (chain.some((c) => bytesEqual(c.raw, cand.raw))) continue
      if (!bytesEqual(cand.subject.raw, cur.issuer.raw)) continue
      if (!timeOk(cand)) continue
      if (!isRoot) {
        if (!cand.basicConstraintsValid || !cand.isCA) continue
      }
      // Go checks the path length of every CA, roots included.
      if (cand.basicConstraintsValid && cand.maxPathLen >= 0 && chain.length - 1 > cand.maxPathLen) continue
      if (!checkSignature(cur, cand)) continue
      build([...chain, cand])
    }
  }
  if (bytesEqual(leaf.raw, root.raw)) chains.push([leaf])
  else build([leaf])
  const ok = chains.filter((ch) => chainAllowsUsages(ch, usages))
  if (ok.length === 0) throw new Error('x509: certificate signed by unknown authority')
  return ok[0]!
}

const allowedKeyUsages: Record<string, number> = {
  KeyUsageAny: 0,
  KeyUsageServerAuth: 1,
  KeyUsageClientAuth: 2,
  KeyUsageCodeSigning: 3,
  KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5,
  KeyUsageIPSECTunnel: 6,
  KeyUsageIPSECUser: 7,
  KeyUsageTimeStamping: 8,
  KeyUsageOCSPSigning: 9,
  KeyUsageMicrosoftServerGatedCrypto: 10,
  KeyUsageNetscapeServerGatedCrypto: 11,
  KeyUsageMicrosoftCommercialCodeSigning: 12,
  KeyUsageMicrosoftKernelCodeSigning: 13,
}

function verifyOptions(options: RegoObject): VerifyOptions {
  const opts: VerifyOptions = { dnsName: '', keyUsages: [] }
  for (const [k, v] of options.entries()) {
    if (typeof k !== 'string') continue
    switch (k) {
      case 'DNSName':
        if (typeof v !== 'string') throw new Error("'DNSName' should be a string")
        opts.dnsName = v.replace(/^"+|"+$/g, '')
        break
      case 'CurrentTime':
        if (!isNumber(v)) throw new Error("'CurrentTime' should be a number")
        if (typeof v === 'number' && !Number.isInteger(v))
          throw new Error("'CurrentTime' should be a valid int64 number")
        opts.currentTime = BigInt(v)
        break
      case 'MaxConstraintComparisons':
        if (!isNumber(v)) throw new Error("'MaxConstraintComparisons' should be a number")
        if (typeof v === 'number' && !Number.isInteger(v))
          throw new Error("'MaxConstraintComparisons' should be a valid number")
        break
      case 'KeyUsages': {
        let items: Value[]
        if (Array.isArray(v)) items = v
        else if (v instanceof RegoSet) items = v.values()
        else throw new Error("'KeyUsages' should be an Array or Set")
        const invalid: string[] = []
        for (const item of items) {
          if (typeof item !== 'string') continue
          const u = item.replace(/^"+|"+$/g, '')
          const code = allowedKeyUsages[u]
          if (code === undefined) invalid.push(u)
          else opts.keyUsages.push(code)
        }
        if (invalid.length > 0) throw new Error(`invalid entries for 'KeyUsages' found: [${invalid.join(' ')}]`)
        break
      }
      default:
        throw new Error('invalid key option')
    }
  }
  return opts
}

// ---------------------------------------------------------------------------
// Certificate requests

function parseCsr(der: Uint8Array): unknown {
  if (der.length === 0 || der[0] !== 0x30) {
    // Go's encoding/asn1 checks the tag before the length.
    const b = der[0] ?? 0
    throw new DerError(
      `asn1: structure error: tags don't match (16 vs {class:${b >> 6} tag:${b & 0x1f} length:${der[1] ?? 0} isCompound:${(b & 0x20) !== 0}}) certificateRequest @2`,
    )
  }
  let top: Der[]
  try {
    top = derChildren(parseDer(der))
  } catch (e) {
    throw new DerError(`asn1: syntax error: ${(e as Error).message.replace(/^asn1: \w+ error: /, '')}`)
  }
  const infoDer = derExpect(top[0], 0x30, 'certification request info')
  const info = derChildren(infoDer)
  const version = Number(derInt(info[0]))
  const subject = parseName(info[1]!)
  const spki = info[2]!
  const [pkAlg, pk] = spkiKey(spki)
  const c = emptyCert()
  const exts: Extension[] = []
  const attributes: unknown[] = []
  if (info[3] && info[3].tag === 0xa0) {
    for (const attr of derChildren(info[3])) {
      const [t, set] = derChildren(attr)
      const oid = derOid(t)
      const values = derChildren(set!)
      if (oidString(oid) === '1.2.840.113549.1.9.14') {
        for (const v of values) exts.push(...parseExtensions(v))
        attributes.push({
          Type: oid,
          Value: values.map((v) =>
            derChildren(v).map((e) => {
              const f = derChildren(e)
              return { Type: derOid(f[0]), Value: base64Encode(f[f.length - 1]!.value) }
            }),
          ),
        })
      }
    }
  }
  for (const e of exts) if (oidString(e.id) === '2.5.29.17') parseGeneralNames(e.value, c)
  const sa = signatureAlgorithm(derChildren(derExpect(top[1], 0x30, 'signature algorithm')))
  return {
    Raw: b64(der),
    RawTBSCertificateRequest: b64(infoDer.raw),
    RawSubjectPublicKeyInfo: b64(spki.raw),
    RawSubject: b64(subject.raw),
    Version: version,
    Signature: b64(derExpect(top[2], 0x03, 'signature').value.subarray(1)),
    SignatureAlgorithm: sa.id,
    PublicKeyAlgorithm: pkAlg,
    PublicKey: pk ? publicKeyJson(pk) : null,
    Subject: nameJson(subject),
    Attributes: orNull(attributes),
    Extensions: extensionsJson(exts),
    ExtraExtensions: null,
    DNSNames: orNull(c.dnsNames),
    EmailAddresses: orNull(c.emailAddresses),
    IPAddresses: orNull(c.ipAddresses),
    URIs: orNull(c.uris.map(urlJson)),
  }
}

// ---------------------------------------------------------------------------
// Key pairs (tls.X509KeyPair)

function sameKey(a: PublicKey, b: PrivateKey): boolean {
  if (a.kty === 'RSA' && b.kty === 'RSA') return a.n === b.n && a.e === b.e
  if (a.kty === 'EC' && b.kty === 'EC') return a.crv === b.crv && a.x === b.x && a.y === b.y
  if (a.kty === 'OKP' && b.kty === 'OKP') return bytesEqual(a.x, b.x)
  return false
}

function x509KeyPair(certPem: string, keyPem: string): unknown {
  const certDers: Uint8Array[] = []
  let rest = certPem
  let skipped = false
  for (;;) {
    const [block, r] = pemDecode(rest)
    if (!block) break
    rest = r
    if (block.type === 'CERTIFICATE') certDers.push(block.bytes)
    else skipped = true
  }
  if (certDers.length === 0) {
    if (!skipped) throw new Error('tls: failed to find any PEM data in certificate input')
    throw new Error(
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [...]',
    )
  }
  let keyDer: { type: string; bytes: Uint8Array } | undefined
  rest = keyPem
  for (;;) {
    const [block, r] = pemDecode(rest)
    if (!block) break
    rest = r
    if (block.type === 'PRIVATE KEY' || block.type.endsWith(' PRIVATE KEY')) {
      keyDer = block
      break
    }
  }
  if (!keyDer) throw new Error('tls: failed to find any PEM data in key input')
  let key: PrivateKey | undefined
  for (const parse of [parsePkcs1PrivateKey, parsePkcs8PrivateKey, (b: Uint8Array) => parseEcPrivateKey(b)]) {
    try {
      key = parse(keyDer.bytes)
      break
    } catch {
      // try the next format
    }
  }
  if (!key) throw new Error('tls: failed to parse private key')
  const leaf = parseCertificateDer(certDers[0]!)
  if (!leaf.publicKey) throw new Error('tls: unknown public key algorithm')
  if (leaf.publicKey.kty !== key.kty) throw new Error('tls: private key type does not match public key type')
  if (!sameKey(leaf.publicKey, key)) throw new Error('tls: private key does not match public key')
  return {
    Certificate: certDers,
    PrivateKey: privateKeyJson(key),
    SupportedSignatureAlgorithms: null,
    OCSPStaple: null,
    SignedCertificateTimestamps: null,
    Leaf: certificateJson(leaf, false),
  }
}

// ---------------------------------------------------------------------------
// Builtins

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

function wrap<T>(name: string, f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof BuiltinError) throw e
    throw builtinError(name, message(e))
  }
}

const certsValue = (certs: Certificate[], withUris: boolean): Value =>
  certs.map((c) => goDataToValue(certificateJson(c, withUris)))

const nowMs = (ctx: BuiltinContext): number => Number(ctx.nowNs / 1_000_000n)

export const x509Impls: Readonly<Record<string, BuiltinImpl>> = {
  'crypto.x509.parse_certificates': (args) => {
    const name = 'crypto.x509.parse_certificates'
    const input = stringArg(name, args, 0)
    return wrap(name, () => certsValue(certsFromString(input), true))
  },
  'crypto.x509.parse_and_verify_certificates': (args, ctx) => {
    const name = 'crypto.x509.parse_and_verify_certificates'
    const input = stringArg(name, args, 0)
    let verified: Certificate[]
    try {
      verified = verifyChain(certsFromString(input), { dnsName: '', keyUsages: [] }, nowMs(ctx))
    } catch {
      return [false, []]
    }
    return [true, certsValue(verified, true)]
  },
  'crypto.x509.parse_and_verify_certificates_with_options': (args, ctx) => {
    const name = 'crypto.x509.parse_and_verify_certificates_with_options'
    const input = stringArg(name, args, 0)
    const options = objectArg(name, args, 1)
    let certs: Certificate[]
    try {
      certs = certsFromString(input)
    } catch {
      return [false, []]
    }
    const opts = wrap(name, () => verifyOptions(options))
    let verified: Certificate[]
    try {
      verified = verifyChain(certs, opts, nowMs(ctx))
    } catch {
      return [false, []]
    }
    return [true, certsValue(verified, false)]
  },
  'crypto.x509.parse_certificate_request': (args) => {
    const name = 'crypto.x509.parse_certificate_request'
    const input = stringArg(name, args, 0)
    return wrap(name, () => {
      let bytes = utf8(input)
      if (!input.startsWith('-----BEGIN CERTIFICATE REQUEST-----')) bytes = goBase64Decode(input)
      const [block] = pemDecode(fromUtf8(bytes))
      if (block && block.type !== 'CERTIFICATE REQUEST')
        throw new Error('invalid PEM-encoded certificate signing request')
      if (block) bytes = block.bytes
      return goDataToValue(parseCsr(bytes))
    })
  },
  'crypto.x509.parse_keypair': (args) => {
    const name = 'crypto.x509.parse_keypair'
    const cert = stringArg(name, args, 0)
    const key = stringArg(name, args, 1)
    return wrap(name, () => {
      const toPem = (s: string, type: string): string => {
        if (s.startsWith('-----BEGIN ')) return s
        const b = goBase64Decode(s)
        if (startsWith(b, '-----BEGIN')) return fromUtf8(b)
        const body = base64Encode(b).replace(/(.{64})/g, '$1\n')
        return `-----BEGIN ${type}-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END ${type}-----\n`
      }
      return goDataToValue(x509KeyPair(toPem(cert, 'CERTIFICATE'), toPem(key, 'PRIVATE KEY')))
    })
  },
}
