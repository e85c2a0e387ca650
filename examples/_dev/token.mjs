// `token` of every example: prints a JWT signed by the example's DEVELOPMENT
// key (./dev-keys/private.jwk.json), for the claims given:
//   --sub u1 --nationality FR --verified --tier pro [--ttl 3600]
// ES256 over WebCrypto: a JWS is base64url(header).base64url(payload).signature.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

export const devIssuer = 'https://dev.cordon.example'
export const devAudience = 'cordon-example-gateway'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    sub: { type: 'string', default: 'u1' },
    nationality: { type: 'string' },
    verified: { type: 'boolean', default: false },
    tier: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
  },
})

const jwk = JSON.parse(readFileSync('dev-keys/private.jwk.json', 'utf8'))
const key = await crypto.subtle.importKey(
  'jwk',
  { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d },
  { name: 'ECDSA', namedCurve: 'P-256' },
  false,
  ['sign'],
)
const now = Math.floor(Date.now() / 1000)
const claims = {
  sub: values.sub,
  iss: devIssuer,
  aud: devAudience,
  iat: now,
  exp: now + Number(values.ttl),
  verified: values.verified,
}
if (values.nationality) claims.nationality = values.nationality.toUpperCase()
if (values.tier) claims.tier = values.tier
const part = (v) => Buffer.from(JSON.stringify(v)).toString('base64url')
const input = `${part({ alg: 'ES256', typ: 'JWT', kid: jwk.kid })}.${part(claims)}`
const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(input))
console.log(`${input}.${Buffer.from(signature).toString('base64url')}`)
