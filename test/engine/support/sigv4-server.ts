// The server side of AWS Signature Version 4, written apart from the
// engine's signer (node:crypto here, WebCrypto there), for test servers that
// refuse a request whose signature is wrong.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * The server side of SigV4, after AWS's description: rebuild the canonical
 * request from what arrived, derive the key, compare. Returns why the request
 * is refused, or undefined.
 */
export function checkSigV4(
  req: IncomingMessage,
  body: Buffer,
  account: { accessKeyId: string; secretAccessKey: string; region: string; sessionToken?: string },
): string | undefined {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    )
  if (!auth) return 'no SigV4 authorization header'
  const [, keyId, day, region, service, signedHeaders, signature] = auth as unknown as string[]
  if (keyId !== account.accessKeyId) return 'unknown access key'
  if (region !== account.region || service !== 's3') return `wrong credential scope ${region}/${service}`
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  if (
    !amzDate.startsWith(day!) ||
    Math.abs(
      Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now(),
    ) >
      15 * 60_000
  )
    return 'bad x-amz-date'
  const names = signedHeaders!.split(';')
  if (
    account.sessionToken &&
    (req.headers['x-amz-security-token'] !== account.sessionToken || !names.includes('x-amz-security-token'))
  )
    return 'bad or unsigned security token'
  for (const must of ['host', 'x-amz-date', 'x-amz-content-sha256'])
    if (!names.includes(must)) return `${must} is not signed`
  const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex')
  if (req.headers['x-amz-content-sha256'] !== sha256(body)) return 'payload hash mismatch'
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  const [rawPath, rawQuery = ''] = req.url!.split('?') as [string, string?]
  const canonicalPath = rawPath
    .split('/')
    .map((s) => rfc3986(decodeURIComponent(s)))
    .join('/')
  const canonicalQuery = rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) =>
      kv
        .split('=')
        .map((x) => rfc3986(decodeURIComponent(x.replace(/\+/g, ' '))))
        .join('='),
    )
    .sort()
    .join('&')
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('')
  const canonical = [
    req.method,
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    req.headers['x-amz-content-sha256'],
  ].join('\n')
  const toSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/${service}/aws4_request`, sha256(canonical)].join('\n')
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  const key = [day!, region!, service!, 'aws4_request'].reduce<Buffer | string>(
    (k, part) => hmac(k, part),
    `AWS4${account.secretAccessKey}`,
  )
  const expected = hmac(key, toSign)
  return timingSafeEqual(expected, Buffer.from(signature!, 'hex')) ? undefined : 'the signature does not match'
}
