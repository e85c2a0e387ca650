// SigV4 against AWS's published examples. Expected values are written out
// from AWS's documentation, not computed here:
// - "Signature Version 4 test suite" (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html),
//   groups get-vanilla and get-vanilla-query-order-key-case: credentials AKIDEXAMPLE /
//   wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 20150830T123600Z.
// - S3 API reference, "Signature Calculations for the Authorization Header", example "GET Object"
//   (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): AKIAIOSFODNN7EXAMPLE /
//   wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, us-east-1, s3, 20130524T000000Z, Range: bytes=0-9.
import { describe, expect, it } from 'vitest'
import { signAwsRequest } from './sigv4.js'

const suite = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
}
const suiteDate = new Date('2015-08-30T12:36:00Z')

describe('signAwsRequest', () => {
  it('get-vanilla (AWS SigV4 test suite)', async () => {
    const headers = await signAwsRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, suite, suiteDate)
    expect(headers['x-amz-date']).toBe('20150830T123600Z')
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    )
    expect(headers['x-amz-content-sha256']).toBeUndefined() // only S3 sends it
  })

  it('get-vanilla-query-order-key-case (AWS SigV4 test suite): query parameters sorted', async () => {
    const headers = await signAwsRequest(
      { method: 'GET', url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1' },
      suite,
      suiteDate,
    )
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    )
  })

  it('S3 "GET Object" example of the S3 API reference (x-amz-content-sha256, a signed Range header)', async () => {
    const headers = await signAwsRequest(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', headers: { Range: 'bytes=0-9' } },
      {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
      },
      new Date('2013-05-24T00:00:00Z'),
    )
    expect(headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    )
  })

  it('signs the session token, and a change to any signed part changes the signature', async () => {
    const creds = { accessKeyId: 'AKID', secretAccessKey: 'secret', region: 'eu-west-1' }
    const base = await signAwsRequest(
      { method: 'GET', url: 'http://127.0.0.1:9000/bucket/bundle.tar.gz' },
      creds,
      suiteDate,
    )
    const withToken = await signAwsRequest(
      { method: 'GET', url: 'http://127.0.0.1:9000/bucket/bundle.tar.gz' },
      { ...creds, sessionToken: 'tok' },
      suiteDate,
    )
    expect(withToken['x-amz-security-token']).toBe('tok')
    expect(withToken.authorization).toContain(
      'SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,',
    )
    const variants = await Promise.all([
      signAwsRequest({ method: 'GET', url: 'http://127.0.0.1:9001/bucket/bundle.tar.gz' }, creds, suiteDate),
      signAwsRequest({ method: 'GET', url: 'http://127.0.0.1:9000/bucket/other.tar.gz' }, creds, suiteDate),
      signAwsRequest(
        { method: 'GET', url: 'http://127.0.0.1:9000/bucket/bundle.tar.gz' },
        { ...creds, region: 'us-east-1' },
        suiteDate,
      ),
      signAwsRequest(
        { method: 'GET', url: 'http://127.0.0.1:9000/bucket/bundle.tar.gz' },
        { ...creds, secretAccessKey: 'other' },
        suiteDate,
      ),
    ])
    const sig = (h: Record<string, string>) => h.authorization!.split('Signature=')[1]
    for (const v of [withToken, ...variants]) expect(sig(v)).not.toBe(sig(base))
  })
})
