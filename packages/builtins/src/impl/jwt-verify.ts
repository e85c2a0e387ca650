/**
 * io.jwt.verify_* (signature only) and io.jwt.decode_verify (signature plus
 * constraints), with OPA's key selection (kid, then alg) and claim rules.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { RegoObject, type Value } from '../value/index.js'
import { bytesEqual, bytesToBigInt, isNumber, memo, objectArg, stringArg, utf8 } from './crypto-util.js'
import {
  b64text,
  decodeHeader,
  decodeSignature,
  headerValid,
  jsonObject,
  parseTokenHeader,
  splitToken,
} from './jwt-decode.js'
import { keysFromCertOrJwk, type VerificationKey } from './jwk.js'
import {
  type AnyKey,
  ecdsaVerifyDigest,
  ed25519Verify,
  type HashName,
  hashes,
  jwsVerify,
  rsaVerifyPkcs1,
  rsaVerifyPss,
} from './keys.js'
import { BuiltinError, builtinError, type BuiltinImpl } from './types.js'

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

type Verifier = (key: AnyKey, input: Uint8Array, sig: Uint8Array) => boolean

const rsa =
  (hash: HashName, pss: boolean): Verifier =>
  (key, input, sig) => {
    if (key.kty !== 'RSA') return false
    const digest = hashes[hash](input)
    return pss ? rsaVerifyPss(key, hash, digest, sig) : rsaVerifyPkcs1(key, hash, digest, sig)
  }

// OPA splits the signature in halves whatever the curve, and lets the key's curve decide.
const es =
  (hash: HashName): Verifier =>
  (key, input, sig) => {
    if (key.kty !== 'EC') return false
    const n = Math.floor(sig.length / 2)
    return ecdsaVerifyDigest(
      key,
      hashes[hash](input),
      bytesToBigInt(sig.subarray(0, n)),
      bytesToBigInt(sig.subarray(n)),
    )
  }

const eddsa: Verifier = (key, input, sig) => key.kty === 'OKP' && ed25519Verify(key, input, sig)

function verifyWithKeys(name: string, args: Value[], verify: Verifier): boolean {
  const token = splitToken(name, args[0]!)
  const keyText = stringArg(name, args, 1)
  let keys: VerificationKey[]
  try {
    keys = keysFromCertOrJwk(keyText)
  } catch (e) {
    throw builtinError(name, message(e))
  }
  const signature = decodeSignature(name, token)
  const header = parseTokenHeader(name, decodeHeader(name, token))
  const input = utf8(`${token.header}.${token.payload}`)
  if (header.kid !== '') {
    const k = keys.find((x) => x.kid === header.kid)
    if (k) return verify(k.key, input, signature)
  }
  for (const k of keys) {
    if (k.alg !== '' && k.alg !== header.alg) continue
    if (verify(k.key, input, signature)) return true
  }
  return false
}

function verifyHs(name: string, hash: HashName): BuiltinImpl {
  return (args) => {
    const jwt = stringArg(name, args, 0)
    const secret = stringArg(name, args, 1)
    const token = splitToken(name, jwt)
    const mac = hmac(hashes[hash], utf8(secret), utf8(`${token.header}.${token.payload}`))
    return bytesEqual(decodeSignature(name, token), mac)
  }
}

// ---------------------------------------------------------------------------
// decode_verify

interface Constraints {
  secret: string
  alg: string
  iss: string
  aud: string
  keys?: VerificationKey[]
  time: number
}

function timeFromValue(v: Value): number {
  if (!isNumber(v)) throw new Error('token time constraint: must be a number')
  const t = Number(v)
  if (t < 0) throw new Error('token time constraint: must not be negative')
  return t
}

function parseConstraints(o: RegoObject, nowNs: bigint): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 }
  for (const [k, v] of o.entries()) {
    const key = typeof k === 'string' ? k : String(k)
    switch (key) {
      case 'cert':
        if (typeof v !== 'string') throw new Error('cert constraint: must be a string')
        c.keys = keysFromCertOrJwk(v)
        break
      case 'secret':
      case 'alg':
      case 'iss':
      case 'aud':
        if (typeof v !== 'string') throw new Error(`${key} constraint: must be a string`)
        c[key] = v
        break
      case 'time':
        c.time = timeFromValue(v)
        break
      default:
        throw new Error(`unknown token validation constraint: ${key}`)
    }
  }
  if (c.time === -1) c.time = timeFromValue(nowNs)
  const n = (c.keys !== undefined ? 1 : 0) + (c.secret !== '' ? 1 : 0)
  if (n > 1) throw new Error('duplicate key constraints')
  if (n < 1) throw new Error('no key constraint')
  return c
}

function constraintsVerify(c: Constraints, kid: string, alg: string, input: Uint8Array, sig: Uint8Array): boolean {
  if (c.keys !== undefined) {
    if (kid !== '') {
      const k = c.keys.find((x) => x.kid === kid)
      if (k) return jwsVerify(k.key, alg, input, sig)
    }
    for (const k of c.keys) {
      if (k.alg !== '' && k.alg !== alg) continue
      if (jwsVerify(k.key, alg, input, sig)) return true
    }
    return false
  }
  return jwsVerify(utf8(c.secret), alg, input, sig)
}

function validAudience(aud: Value, want: string): boolean {
  if (typeof aud === 'string') return aud === want
  if (!Array.isArray(aud)) return false
  return aud.some((x) => typeof x === 'string' && x === want)
}

const unverified = (): Value => [false, new RegoObject(), new RegoObject()]

function decodeVerify(args: Value[], nowNs: bigint): Value {
  const name = 'io.jwt.decode_verify'
  const b = objectArg(name, args, 1)
  let c: Constraints
  try {
    c = parseConstraints(b, nowNs)
  } catch (e) {
    throw builtinError(name, message(e))
  }
  let a: Value = args[0]!
  let header: RegoObject
  let payloadText: string
  for (;;) {
    const token = splitToken(name, a)
    header = decodeHeader(name, token)
    const h = parseTokenHeader(name, header)
    if (!headerValid(h)) return unverified()
    if (c.alg !== '' && c.alg !== h.alg) return unverified()
    const sig = decodeSignature(name, token)
    if (!constraintsVerify(c, h.kid, h.alg, utf8(`${token.header}.${token.payload}`), sig)) return unverified()
    try {
      payloadText = b64text(token.payload)
    } catch (e) {
      throw builtinError(name, `JWT payload had invalid encoding: ${message(e)}`)
    }
    if (h.cty.toLowerCase() === 'jwt') {
      a = payloadText
      continue
    }
    break
  }
  let payload: RegoObject
  try {
    payload = jsonObject(payloadText)
  } catch (e) {
    throw builtinError(name, message(e))
  }
  if (c.iss !== '') {
    const iss = payload.get('iss')
    if (iss === undefined || iss !== c.iss) return unverified()
  }
  const aud = payload.get('aud')
  if (aud !== undefined) {
    if (!validAudience(aud, c.aud)) return unverified()
  } else if (c.aud !== '') return unverified()
  const nowSeconds = c.time / 1e9
  const exp = payload.get('exp')
  if (exp !== undefined) {
    if (!isNumber(exp)) throw builtinError(name, 'exp value must be a number')
    if (!(nowSeconds < Number(exp))) return unverified()
  }
  const nbf = payload.get('nbf')
  if (nbf !== undefined) {
    if (!isNumber(nbf)) throw builtinError(name, 'nbf value must be a number')
    if (nowSeconds < Number(nbf)) return unverified()
  }
  return [true, header, payload]
}

export const jwtVerifyImpls: Readonly<Record<string, BuiltinImpl>> = {
  'io.jwt.verify_hs256': verifyHs('io.jwt.verify_hs256', 'SHA256'),
  'io.jwt.verify_hs384': verifyHs('io.jwt.verify_hs384', 'SHA384'),
  'io.jwt.verify_hs512': verifyHs('io.jwt.verify_hs512', 'SHA512'),
  'io.jwt.verify_rs256': (args) => verifyWithKeys('io.jwt.verify_rs256', args, rsa('SHA256', false)),
  'io.jwt.verify_rs384': (args) => verifyWithKeys('io.jwt.verify_rs384', args, rsa('SHA384', false)),
  'io.jwt.verify_rs512': (args) => verifyWithKeys('io.jwt.verify_rs512', args, rsa('SHA512', false)),
  'io.jwt.verify_ps256': (args) => verifyWithKeys('io.jwt.verify_ps256', args, rsa('SHA256', true)),
  'io.jwt.verify_ps384': (args) => verifyWithKeys('io.jwt.verify_ps384', args, rsa('SHA384', true)),
  'io.jwt.verify_ps512': (args) => verifyWithKeys('io.jwt.verify_ps512', args, rsa('SHA512', true)),
  'io.jwt.verify_es256': (args) => verifyWithKeys('io.jwt.verify_es256', args, es('SHA256')),
  'io.jwt.verify_es384': (args) => verifyWithKeys('io.jwt.verify_es384', args, es('SHA384')),
  'io.jwt.verify_es512': (args) => verifyWithKeys('io.jwt.verify_es512', args, es('SHA512')),
  'io.jwt.verify_eddsa': (args) => verifyWithKeys('io.jwt.verify_eddsa', args, eddsa),
  'io.jwt.decode_verify': (args, ctx) =>
    memo(ctx.cache, 'io.jwt.decode_verify', args, () => {
      try {
        return decodeVerify(args, ctx.nowNs)
      } catch (e) {
        if (e instanceof BuiltinError) throw e
        throw builtinError('io.jwt.decode_verify', message(e))
      }
    }),
}
