/**
 * Keys: parsing PKIX / PKCS#1 / PKCS#8 / SEC1 DER, and the signature
 * primitives the JWT and X.509 builtins need (RSA PKCS#1 v1.5 and PSS in
 * bigint arithmetic, ECDSA on the NIST curves and Ed25519 with noble), all
 * synchronous. Also crypto.parse_private_keys and crypto.x509.parse_rsa_private_key.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { hmac } from '@noble/hashes/hmac.js'
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { type CHash, randomBytes } from '@noble/hashes/utils.js'
import { RegoObject, type Value } from '../value/index.js'
import {
  base64UrlNoPad,
  bigIntToBytes,
  bitLength,
  bytesEqual,
  bytesToBigInt,
  concatBytes,
  type Der,
  DerError,
  derChildren,
  derExpect,
  derInt,
  derOid,
  fromUtf8,
  goBase64Decode,
  jsonToValue,
  modInverse,
  modPow,
  oidString,
  parseDer,
  pemDecode,
  stringArg,
} from './crypto-util.js'
import { builtinError, type BuiltinImpl } from './types.js'

export type HashName = 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512'
export type HashFn = CHash

export const hashes: Record<HashName, HashFn> = { MD5: md5, SHA1: sha1, SHA256: sha256, SHA384: sha384, SHA512: sha512 }

export type Curve = 'P-256' | 'P-384' | 'P-521'

export interface RsaPublicKey {
  kty: 'RSA'
  n: bigint
  e: bigint
}
export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint
  primes: bigint[]
}
export interface EcPublicKey {
  kty: 'EC'
  crv: Curve
  x: bigint
  y: bigint
}
export interface EcPrivateKey extends EcPublicKey {
  d: bigint
}
export interface EdPublicKey {
  kty: 'OKP'
  crv: 'Ed25519'
  x: Uint8Array
}
interface EdPrivateKey extends EdPublicKey {
  seed: Uint8Array
}
interface OctKey {
  kty: 'oct'
  k: Uint8Array
}

export type PublicKey = RsaPublicKey | EcPublicKey | EdPublicKey
export type PrivateKey = RsaPrivateKey | EcPrivateKey | EdPrivateKey
export type AnyKey = PublicKey | PrivateKey | OctKey

// ---------------------------------------------------------------------------
// Curves

const curveImpl = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const
const curveBytes: Record<Curve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 }
const curveOids: Record<string, Curve> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}

function ecPoint(key: EcPublicKey): Uint8Array {
  const n = curveBytes[key.crv]
  return concatBytes(Uint8Array.of(4), bigIntToBytes(key.x, n), bigIntToBytes(key.y, n))
}

function ecFromPoint(crv: Curve, point: Uint8Array): EcPublicKey {
  const n = curveBytes[crv]
  if (point.length !== 2 * n + 1 || point[0] !== 4) throw new DerError('x509: failed to unmarshal elliptic curve point')
  const key: EcPublicKey = {
    kty: 'EC',
    crv,
    x: bytesToBigInt(point.subarray(1, 1 + n)),
    y: bytesToBigInt(point.subarray(1 + n)),
  }
  try {
    curveImpl[crv].Point.fromBytes(point).assertValidity()
  } catch {
    throw new DerError('x509: failed to unmarshal elliptic curve point')
  }
  return key
}

// ---------------------------------------------------------------------------
// DER key parsing (Go's x509 package)

const OID_RSA = '1.2.840.113549.1.1.1'
const OID_EC = '1.2.840.10045.2.1'
const OID_ED25519 = '1.3.101.112'

function bitStringBytes(d: Der | undefined): Uint8Array {
  const v = derExpect(d, 0x03, 'bit string').value
  if (v.length === 0) throw new DerError('asn1: structure error: zero length BIT STRING')
  return v.subarray(1)
}

function parseRsaPublicKeyDer(der: Uint8Array): RsaPublicKey {
  const seq = derChildren(derExpect(parseDer(der), 0x30, 'sequence'))
  const n = derInt(seq[0])
  const e = derInt(seq[1])
  if (n <= 0n) throw new DerError('x509: RSA modulus is not a positive number')
  if (e <= 0n) throw new DerError('x509: RSA public exponent is not a positive number')
  return { kty: 'RSA', n, e }
}

/** Go's x509.ParsePKIXPublicKey. */
export function parsePkixPublicKey(der: Uint8Array): PublicKey {
  let seq: Der[]
  try {
    seq = derChildren(derExpect(parseDer(der), 0x30, 'sequence'))
  } catch {
    throw new DerError('x509: failed to parse public key (use ParsePKCS1PublicKey instead for this key format)')
  }
  return publicKeyFromSpki(seq)
}

export function publicKeyFromSpki(seq: Der[]): PublicKey {
  const alg = derChildren(derExpect(seq[0], 0x30, 'algorithm identifier'))
  const oid = oidString(derOid(alg[0]))
  const bits = bitStringBytes(seq[1])
  switch (oid) {
    case OID_RSA:
      return parseRsaPublicKeyDer(bits)
    case OID_EC: {
      const crv = alg[1] && alg[1].tag === 0x06 ? curveOids[oidString(derOid(alg[1]))] : undefined
      if (!crv) throw new DerError('x509: unsupported elliptic curve')
      return ecFromPoint(crv, bits)
    }
    case OID_ED25519:
      if (bits.length !== 32) throw new DerError('x509: wrong Ed25519 public key size')
      return { kty: 'OKP', crv: 'Ed25519', x: bits.slice() }
    default:
      throw new DerError('x509: unknown public key algorithm')
  }
}

/** Go's x509.ParsePKCS1PrivateKey. */
export function parsePkcs1PrivateKey(der: Uint8Array): RsaPrivateKey {
  let seq: Der[]
  try {
    seq = derChildren(derExpect(parseDer(der), 0x30, 'sequence'))
    if (seq.length < 9) throw new DerError('short')
  } catch {
    throw new DerError('x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)')
  }
  const version = derInt(seq[0])
  if (version > 1n) throw new DerError('x509: unsupported private key version')
  const [n, e, d, p, q] = [1, 2, 3, 4, 5].map((i) => derInt(seq[i]))
  if (n! <= 0n || d! <= 0n || p! <= 0n || q! <= 0n)
    throw new DerError('x509: private key contains zero or negative value')
  return { kty: 'RSA', n: n!, e: e!, d: d!, primes: [p!, q!] }
}

/** Go's x509.ParseECPrivateKey (SEC 1), with the curve from PKCS#8 when given. */
export function parseEcPrivateKey(der: Uint8Array, curveFromAlg?: Curve): EcPrivateKey {
  const seq = derChildren(derExpect(parseDer(der), 0x30, 'sequence'))
  if (derInt(seq[0]) !== 1n) throw new DerError('x509: unknown EC private key version')
  const dBytes = derExpect(seq[1], 0x04, 'octet string').value
  let crv = curveFromAlg
  for (const c of seq.slice(2)) if (c.tag === 0xa0) crv = curveOids[oidString(derOid(parseDer(c.value)))]
  if (!crv) throw new DerError('x509: unknown elliptic curve')
  const d = bytesToBigInt(dBytes)
  const point = curveImpl[crv].Point.BASE.multiply(d)
  const aff = point.toAffine()
  return { kty: 'EC', crv, x: aff.x, y: aff.y, d }
}

/** Go's x509.ParsePKCS8PrivateKey. */
export function parsePkcs8PrivateKey(der: Uint8Array): PrivateKey {
  let seq: Der[]
  try {
    seq = derChildren(derExpect(parseDer(der), 0x30, 'sequence'))
  } catch {
    throw new DerError('x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)')
  }
  const alg = derChildren(derExpect(seq[1], 0x30, 'algorithm identifier'))
  const oid = oidString(derOid(alg[0]))
  const inner = derExpect(seq[2], 0x04, 'octet string').value
  switch (oid) {
    case OID_RSA:
      return parsePkcs1PrivateKey(inner)
    case OID_EC: {
      const crv = alg[1] && alg[1].tag === 0x06 ? curveOids[oidString(derOid(alg[1]))] : undefined
      return parseEcPrivateKey(inner, crv)
    }
    case OID_ED25519: {
      const seed = derExpect(parseDer(inner), 0x04, 'octet string').value
      if (seed.length !== 32) throw new DerError('x509: invalid Ed25519 private key length')
      return { kty: 'OKP', crv: 'Ed25519', seed: seed.slice(), x: ed25519.getPublicKey(seed) }
    }
    default:
      throw new DerError(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${oid}`)
  }
}

// ---------------------------------------------------------------------------
// JWK (as lestrrat-go/jwx reads it)

export interface Jwk {
  key: AnyKey
  alg: string
  kid: string
}

function jwkField(o: Record<string, unknown>, name: string, required: boolean): Uint8Array | undefined {
  const v = o[name]
  if (v === undefined) {
    if (required) throw new Error(`required field ${name} is missing`)
    return undefined
  }
  if (typeof v !== 'string') throw new Error(`failed to parse field ${name}: expected string`)
  return goBase64Decode(v.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), { url: true, padded: false })
}

function jwkFromJson(o: unknown): Jwk {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('invalid JWK: not an object')
  const r = o as Record<string, unknown>
  const alg = typeof r['alg'] === 'string' ? r['alg'] : ''
  const kid = typeof r['kid'] === 'string' ? r['kid'] : ''
  const big = (name: string) => bytesToBigInt(jwkField(r, name, true)!)
  let key: AnyKey
  switch (r['kty']) {
    case 'RSA': {
      const n = big('n')
      const e = big('e')
      if (r['d'] !== undefined) {
        const d = big('d')
        const primes = r['p'] !== undefined && r['q'] !== undefined ? [big('p'), big('q')] : []
        key = { kty: 'RSA', n, e, d, primes }
      } else key = { kty: 'RSA', n, e }
      break
    }
    case 'EC': {
      const crv = r['crv']
      if (crv !== 'P-256' && crv !== 'P-384' && crv !== 'P-521')
        throw new Error(`invalid curve algorithm ${String(crv)}`)
      const x = big('x')
      const y = big('y')
      const pub = ecFromPoint(crv, ecPoint({ kty: 'EC', crv, x, y }))
      key = r['d'] !== undefined ? { ...pub, d: big('d') } : pub
      break
    }
    case 'OKP': {
      if (r['crv'] !== 'Ed25519') throw new Error(`unsupported curve ${String(r['crv'])}`)
      const x = jwkField(r, 'x', true)!
      if (r['d'] !== undefined) {
        const seed = jwkField(r, 'd', true)!
        key = { kty: 'OKP', crv: 'Ed25519', x, seed }
      } else key = { kty: 'OKP', crv: 'Ed25519', x }
      break
    }
    case 'oct':
      key = { kty: 'oct', k: jwkField(r, 'k', true)! }
      break
    case undefined:
      throw new Error('invalid key type from JSON ()')
    default:
      throw new Error(`invalid key type from JSON (${String(r['kty'])})`)
  }
  return { key, alg, kid }
}

/** Parses a JWK or a JWK set (jwk.Parse). */
export function parseJwks(text: string): Jwk[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new Error(`failed to unmarshal JSON into key (${(e as Error).message})`, { cause: e })
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && 'keys' in data) {
    const keys = (data as { keys: unknown }).keys
    if (!Array.isArray(keys)) throw new Error('failed to parse JWK set: keys must be an array')
    return keys.map(jwkFromJson)
  }
  return [jwkFromJson(data)]
}

// ---------------------------------------------------------------------------
// RSA

const digestInfoPrefix: Record<HashName, number[]> = {
  MD5: [0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10],
  SHA1: [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
  SHA256: [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
  ],
  SHA384: [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
  ],
  SHA512: [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
  ],
}

const rsaSize = (n: bigint): number => Math.ceil(bitLength(n) / 8)

function rsaPrivateOp(key: RsaPrivateKey, c: bigint): bigint {
  const [p, q] = key.primes
  if (p !== undefined && q !== undefined && key.primes.length === 2) {
    const dp = key.d % (p - 1n)
    const dq = key.d % (q - 1n)
    const qi = modInverse(q, p)
    const m1 = modPow(c, dp, p)
    const m2 = modPow(c, dq, q)
    const h = (qi * (((m1 - m2) % p) + p)) % p
    return m2 + h * q
  }
  return modPow(c, key.d, key.n)
}

/** RSASSA-PKCS1-v1_5 verification of a digest (Go's rsa.VerifyPKCS1v15). */
export function rsaVerifyPkcs1(key: RsaPublicKey, hash: HashName, digest: Uint8Array, sig: Uint8Array): boolean {
  const k = rsaSize(key.n)
  const prefix = digestInfoPrefix[hash]
  const tLen = prefix.length + digest.length
  if (k < tLen + 11 || sig.length !== k) return false
  const s = bytesToBigInt(sig)
  if (s >= key.n) return false
  const em = bigIntToBytes(modPow(s, key.e, key.n), k)
  const expected = new Uint8Array(k)
  expected[1] = 1
  expected.fill(0xff, 2, k - tLen - 1)
  expected.set(prefix, k - tLen)
  expected.set(digest, k - digest.length)
  return bytesEqual(em, expected)
}

function rsaSignPkcs1(key: RsaPrivateKey, hash: HashName, digest: Uint8Array): Uint8Array {
  const k = rsaSize(key.n)
  const prefix = digestInfoPrefix[hash]
  const tLen = prefix.length + digest.length
  if (k < tLen + 11) throw new Error('crypto/rsa: key size too small for PKCS#1 v1.5 signature')
  const em = new Uint8Array(k)
  em[1] = 1
  em.fill(0xff, 2, k - tLen - 1)
  em.set(prefix, k - tLen)
  em.set(digest, k - digest.length)
  return bigIntToBytes(rsaPrivateOp(key, bytesToBigInt(em)), k)
}

function mgf1(hash: HashFn, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let done = 0
  for (let counter = 0; done < length; counter++) {
    const c = Uint8Array.of((counter >>> 24) & 0xff, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff)
    const h = hash(concatBytes(seed, c))
    out.set(h.subarray(0, Math.min(h.length, length - done)), done)
    done += h.length
  }
  return out
}

/** RSASSA-PSS verification with automatic salt length (Go's rsa.VerifyPSS with nil options). */
export function rsaVerifyPss(key: RsaPublicKey, hash: HashName, digest: Uint8Array, sig: Uint8Array): boolean {
  const h = hashes[hash]
  const hLen = digest.length
  const k = rsaSize(key.n)
  if (sig.length !== k) return false
  const s = bytesToBigInt(sig)
  if (s >= key.n) return false
  const emBits = bitLength(key.n) - 1
  const emLen = Math.ceil(emBits / 8)
  let em = bigIntToBytes(modPow(s, key.e, key.n), k)
  if (emLen < em.length) {
    if (em[0] !== 0) return false
    em = em.subarray(1)
  }
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false
  const maskedDb = em.subarray(0, emLen - hLen - 1)
  const hh = em.subarray(emLen - hLen - 1, emLen - 1)
  const bits = 8 * emLen - emBits
  if (bits > 0 && maskedDb[0]! & ((0xff << (8 - bits)) & 0xff)) return false
  const db = mgf1(h, hh, emLen - hLen - 1)
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!
  db[0]! &= 0xff >> bits
  let ps = 0
  while (ps < db.length && db[ps] === 0) ps++
  if (ps >= db.length || db[ps] !== 1) return false
  const salt = db.subarray(ps + 1)
  const mPrime = concatBytes(new Uint8Array(8), digest, salt)
  return bytesEqual(h(mPrime), hh)
}

/** RSASSA-PSS signature with a salt as long as the hash (what jwx uses). */
function rsaSignPss(key: RsaPrivateKey, hash: HashName, digest: Uint8Array): Uint8Array {
  const h = hashes[hash]
  const hLen = digest.length
  const k = rsaSize(key.n)
  const emBits = bitLength(key.n) - 1
  const emLen = Math.ceil(emBits / 8)
  const sLen = hLen
  if (emLen < hLen + sLen + 2) throw new Error('crypto/rsa: key size too small for PSS signature')
  const salt = randomBytes(sLen)
  const hh = h(concatBytes(new Uint8Array(8), digest, salt))
  const db = new Uint8Array(emLen - hLen - 1)
  db[emLen - sLen - hLen - 2] = 1
  db.set(salt, emLen - sLen - hLen - 1)
  const mask = mgf1(h, hh, db.length)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= 0xff >> (8 * emLen - emBits)
  const em = concatBytes(db, hh, Uint8Array.of(0xbc))
  return bigIntToBytes(rsaPrivateOp(key, bytesToBigInt(em)), k)
}

// ---------------------------------------------------------------------------
// ECDSA and Ed25519

/** Go's ecdsa.Verify(pub, digest, r, s): the digest is truncated to the curve order. */
export function ecdsaVerifyDigest(key: EcPublicKey, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const curve = curveImpl[key.crv]
  const n = curveBytes[key.crv]
  if (r <= 0n || s <= 0n) return false
  try {
    const sig = concatBytes(bigIntToBytes(r, n), bigIntToBytes(s, n))
    return curve.verify(sig, digest, ecPoint(key), { prehash: false, lowS: false })
  } catch {
    return false
  }
}

function ecdsaSignDigest(key: EcPrivateKey, digest: Uint8Array): Uint8Array {
  const n = curveBytes[key.crv]
  const sig = curveImpl[key.crv].sign(digest, bigIntToBytes(key.d, n), {
    prehash: false,
    lowS: false,
    extraEntropy: true,
  })
  return sig
}

export function ed25519Verify(key: EdPublicKey, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    return ed25519.verify(sig, msg, key.x, { zip215: false })
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------
// JWS algorithms (jwsbb.Sign / jwsbb.Verify)

const algHash: Record<string, HashName> = {
  HS256: 'SHA256',
  HS384: 'SHA384',
  HS512: 'SHA512',
  RS256: 'SHA256',
  RS384: 'SHA384',
  RS512: 'SHA512',
  PS256: 'SHA256',
  PS384: 'SHA384',
  PS512: 'SHA512',
  ES256: 'SHA256',
  ES384: 'SHA384',
  ES512: 'SHA512',
}
const esCurve: Record<string, Curve> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }

/** Verifies a JWS signature with the algorithm named in the header; false on any mismatch. */
export function jwsVerify(key: AnyKey | Uint8Array, alg: string, input: Uint8Array, sig: Uint8Array): boolean {
  const hash = algHash[alg]
  if (alg.startsWith('HS') && hash) {
    const secret = key instanceof Uint8Array ? key : key.kty === 'oct' ? key.k : undefined
    if (!secret) return false
    return bytesEqual(hmac(hashes[hash], secret, input), sig)
  }
  if (key instanceof Uint8Array) return false
  if ((alg.startsWith('RS') || alg.startsWith('PS')) && hash) {
    if (key.kty !== 'RSA') return false
    const digest = hashes[hash](input)
    return alg.startsWith('RS') ? rsaVerifyPkcs1(key, hash, digest, sig) : rsaVerifyPss(key, hash, digest, sig)
  }
  if (alg.startsWith('ES') && hash) {
    if (key.kty !== 'EC' || key.crv !== esCurve[alg]) return false
    const n = curveBytes[key.crv]
    if (sig.length !== 2 * n) return false
    return ecdsaVerifyDigest(
      key,
      hashes[hash](input),
      bytesToBigInt(sig.subarray(0, n)),
      bytesToBigInt(sig.subarray(n)),
    )
  }
  if (alg === 'EdDSA') {
    if (key.kty !== 'OKP') return false
    return ed25519Verify(key, input, sig)
  }
  return false
}

/** Signs a JWS signing input (jwsbb.Sign). */
export function jwsSign(key: AnyKey, alg: string, input: Uint8Array): Uint8Array {
  const hash = algHash[alg]
  if (alg.startsWith('HS') && hash) {
    if (key.kty !== 'oct') throw new Error(`invalid key type for ${alg}: expected octet key`)
    return hmac(hashes[hash], key.k, input)
  }
  if ((alg.startsWith('RS') || alg.startsWith('PS')) && hash) {
    if (key.kty !== 'RSA' || !('d' in key)) throw new Error(`invalid key type for ${alg}: expected RSA private key`)
    const digest = hashes[hash](input)
    return alg.startsWith('RS') ? rsaSignPkcs1(key, hash, digest) : rsaSignPss(key, hash, digest)
  }
  if (alg.startsWith('ES') && hash) {
    if (key.kty !== 'EC' || !('d' in key)) throw new Error(`invalid key type for ${alg}: expected ECDSA private key`)
    return ecdsaSignDigest(key, hashes[hash](input))
  }
  if (alg === 'EdDSA') {
    if (key.kty !== 'OKP' || !('seed' in key))
      throw new Error('invalid key type for EdDSA: expected Ed25519 private key')
    return ed25519.sign(input, key.seed)
  }
  throw new Error(`unsupported signature algorithm ${alg}`)
}

// ---------------------------------------------------------------------------
// Go JSON shapes of keys

/** Go's json.Marshal of a crypto.PublicKey, as OPA's x509 output shows it. */
export function publicKeyJson(key: PublicKey): unknown {
  switch (key.kty) {
    case 'RSA':
      return { N: key.n, E: key.e }
    case 'EC':
      return { Curve: {}, X: key.x, Y: key.y }
    case 'OKP':
      return key.x
  }
}

/** Go's json.Marshal of a crypto.PrivateKey. */
export function privateKeyJson(key: PrivateKey): unknown {
  switch (key.kty) {
    case 'RSA': {
      const [p, q] = key.primes
      const pre =
        p !== undefined && q !== undefined
          ? { Dp: key.d % (p - 1n), Dq: key.d % (q - 1n), Qinv: modInverse(q, p), CRTValues: [] }
          : { Dp: null, Dq: null, Qinv: null, CRTValues: null }
      return { N: key.n, E: key.e, D: key.d, Primes: key.primes, Precomputed: pre }
    }
    case 'EC':
      return { Curve: {}, X: key.x, Y: key.y, D: key.d }
    case 'OKP':
      return concatBytes(key.seed, key.x)
  }
}

/** Big integers in JSON data become Rego numbers. */
export function goDataToValue(data: unknown): Value {
  if (typeof data === 'bigint') return jsonToValue(data)
  if (Array.isArray(data)) return data.map(goDataToValue)
  if (data instanceof Uint8Array || data === null || typeof data !== 'object') return jsonToValue(data)
  return new RegoObject(Object.entries(data as object).map(([k, x]) => [k, goDataToValue(x)]))
}

/** The JWK members of a private key (jwk.New + json.Marshal). */
function privateKeyJwk(key: PrivateKey): Value {
  const b = (n: bigint) => base64UrlNoPad(bigIntToBytes(n))
  switch (key.kty) {
    case 'RSA': {
      const rec: Record<string, Value> = { kty: 'RSA', n: b(key.n), e: b(key.e), d: b(key.d) }
      const [p, q] = key.primes
      if (p !== undefined && q !== undefined) {
        rec['p'] = b(p)
        rec['q'] = b(q)
        rec['dp'] = b(key.d % (p - 1n))
        rec['dq'] = b(key.d % (q - 1n))
        rec['qi'] = b(modInverse(q, p))
      }
      return RegoObject.fromRecord(rec)
    }
    case 'EC': {
      const n = curveBytes[key.crv]
      return RegoObject.fromRecord({
        kty: 'EC',
        crv: key.crv,
        x: base64UrlNoPad(bigIntToBytes(key.x, n)),
        y: base64UrlNoPad(bigIntToBytes(key.y, n)),
        d: base64UrlNoPad(bigIntToBytes(key.d, n)),
      })
    }
    case 'OKP':
      return RegoObject.fromRecord({
        kty: 'OKP',
        crv: 'Ed25519',
        x: base64UrlNoPad(key.x),
        d: base64UrlNoPad(key.seed),
      })
  }
}

// ---------------------------------------------------------------------------
// Private keys from PEM text (OPA's getPrivateKeysFromPEMData)

function privateKeysFromPem(pemData: string): PrivateKey[] {
  let text = pemData
  try {
    text = fromUtf8(goBase64Decode(pemData))
  } catch {
    // not base64: use as is
  }
  const keys: PrivateKey[] = []
  let rest = text
  while (rest.length > 0) {
    const before = rest.length
    const [block, r] = pemDecode(rest)
    rest = block ? r : rest
    if (!block) break
    if (rest.length === before) break
    switch (block.type) {
      case 'RSA PRIVATE KEY':
        keys.push(parsePkcs1PrivateKey(block.bytes))
        break
      case 'PRIVATE KEY':
        keys.push(parsePkcs8PrivateKey(block.bytes))
        break
      case 'EC PRIVATE KEY':
        keys.push(parseEcPrivateKey(block.bytes))
        break
    }
  }
  return keys
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export const keysImpls: Readonly<Record<string, BuiltinImpl>> = {
  'crypto.parse_private_keys': (args) => {
    const name = 'crypto.parse_private_keys'
    const input = stringArg(name, args, 0)
    if (input === '') return null
    let keys: PrivateKey[]
    try {
      keys = privateKeysFromPem(input)
    } catch (e) {
      throw builtinError(name, errMessage(e))
    }
    return keys.map((k) => goDataToValue(privateKeyJson(k)))
  },
  'crypto.x509.parse_rsa_private_key': (args) => {
    const name = 'crypto.x509.parse_rsa_private_key'
    let input = stringArg(name, args, 0)
    if (input === '') throw builtinError(name, 'input PEM data was empty')
    try {
      if (!input.startsWith('-----BEGIN')) input = fromUtf8(goBase64Decode(input))
      const keys = privateKeysFromPem(input)
      if (keys.length === 0) return null
      return privateKeyJwk(keys[0]!)
    } catch (e) {
      throw builtinError(name, errMessage(e))
    }
  },
}
