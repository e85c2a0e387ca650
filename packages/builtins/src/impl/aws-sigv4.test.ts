import { describe, expect, it } from 'vitest'
import { equal, parseTermText, toTermText, type Value } from '../value/index.js'
import { failure, run } from './security-test-util.js'

// Requests, configs and expected results of OPA's providers-aws conformance cases (Rego term text).
const cases: { note: string; req: string; config: string; ts: number | bigint; expected?: string; error?: string }[] = [
  {
    note: 'success-simple-no body',
    req: '{"method": "get", "url": "http://example.com"}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3", "host": "example.com", "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-with headers no body',
    req: '{"method": "get", "url": "http://example.com", "headers": {"foo": "bar"}}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952", "host": "example.com", "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-amz-date": "20151228T140825Z", "foo": "bar"}, "method": "get", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-no body-with session token',
    req: '{"method": "get", "url": "http://example.com"}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_session_token": "MYAWSSECURITYTOKENGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,Signature=23c31bda8a74630c0a94f6b82a3511e7e74728df98e6f54ed0840488dbbdc8d1", "host": "example.com", "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-amz-date": "20151228T140825Z", "x-amz-security-token": "MYAWSSECURITYTOKENGOESHERE"}, "method": "get", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-body',
    req: '{"method": "get", "url": "http://example.com", "body": {"example": {1, 2, 3, 4}}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=5fb06ab1cfd74c8fcb3af95b8cce696708cf6155d971dac10f254d79799c6e88", "host": "example.com", "x-amz-content-sha256": "bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-raw_body',
    req: '{"method": "get", "url": "http://example.com", "raw_body": "{\\"example\\": {1, 2, 3, 4}}"}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=5bf26e169cb8b02330dba39d53932532438fc856c2f10537689a09ed807c7195", "host": "example.com", "x-amz-content-sha256": "22906461e2a98a3e780d0fd260e341bed5e544661e97c5936fc7f3af11aaad8b", "x-amz-date": "20151228T140825Z"}, "method": "get", "raw_body": "{\\"example\\": {1, 2, 3, 4}}", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-body-and-raw_body',
    req: '{"method": "get", "url": "http://example.com", "body": {"example": {1, 2, 3, 4}}, "raw_body": "{\\"example\\": {1, 2, 3, 4}}"}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=5bf26e169cb8b02330dba39d53932532438fc856c2f10537689a09ed807c7195", "host": "example.com", "x-amz-content-sha256": "22906461e2a98a3e780d0fd260e341bed5e544661e97c5936fc7f3af11aaad8b", "x-amz-date": "20151228T140825Z"}, "method": "get", "raw_body": "{\\"example\\": {1, 2, 3, 4}}", "url": "http://example.com"}',
  },
  {
    note: 'success-simple-with-headers-no-body-with-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": false}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'success-simple-with-headers-no-body-no-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": true}',
    ts: 1451311705000000000n,
    expected:
      '{ "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'success-simple-with-headers-with-body-with-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}, "body": {"example": {1, 2, 3, 4}}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": false}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=f6703a8727ec0a32f81b225a002f622e511e8a7d2ca8914894fcbb7a71d8d9d8", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'success-simple-with-headers-with-body-no-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}, "body": {"example": {1, 2, 3, 4}}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": true}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'success-simple-with-existing-sha-header-with-body-with-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar", "x-amz-content-sha256": "existing-value"}, "body": {"example": {1, 2, 3, 4}}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": false}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=42bcac7fc6d170e09be72fdf38b62e59361265bc59d5f9156f0d6faf889e98ba", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'success-simple-with-existing-sha-header-with-body-no-payload-signing',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar", "x-amz-content-sha256": "existing-value"}, "body": {"example": {1, 2, 3, 4}}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": true}',
    ts: 1451311705000000000n,
    expected:
      '{ "body": {"example": {1, 2, 3, 4}}, "headers": { "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=edcd3ca3fd3acdfbcecad1a1d8062dbc6562d90352e294c336f9727397f9c383", "foo": "bar", "host": "example.com", "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20151228T140825Z"}, "method": "get", "url": "https://example.com"}',
  },
  {
    note: 'failure-simple-missing http request keys',
    req: '{}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_session_token": "MYAWSSECURITYTOKENGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    error: 'providers.aws.sign_req: operand 1 missing required request parameters(s): {"method", "url"}',
  },
  {
    note: 'failure-simple-invalid type http request keys',
    req: '{"method": set(), "url": set()}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_session_token": "MYAWSSECURITYTOKENGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: 1451311705000000000n,
    error: 'providers.aws.sign_req: operand 1 invalid values for required request parameters(s): {"method", "url"}',
  },
  {
    note: 'failure-simple-missing aws keys',
    req: '{"method": "get", "url": "http://example.com"}',
    config: '{"example": "example"}',
    ts: 1451311705000000000n,
    error:
      'providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"}',
  },
  {
    note: 'failure-simple-invalid type aws keys',
    req: '{"method": "get", "url": "http://example.com"}',
    config:
      '{ "aws_access_key": 1, "aws_secret_access_key": 2, "aws_session_token": 3, "aws_service": 4, "aws_region": 5}',
    ts: 1451311705000000000n,
    error:
      'providers.aws.sign_req: operand 2 invalid values for required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"}',
  },
  {
    note: 'failure-simple-bad timestamp',
    req: '{"method": "get", "url": "http://example.com"}',
    config:
      '{ "aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_session_token": "MYAWSSECURITYTOKENGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}',
    ts: -1e9,
    error: 'providers.aws.sign_req: operand 3 could not convert time_ns value into a unix timestamp',
  },
  {
    note: 'failure-simple-bad-type-payload-signing-config',
    req: '{"method": "get", "url": "https://example.com", "headers": {"foo": "bar"}}',
    config:
      '{"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1", "disable_payload_signing": "false"}',
    ts: 1451311705000000000n,
    error: "providers.aws.sign_req: operand 2 invalid value for 'disable_payload_signing' in AWS config",
  },
]

describe('providers.aws.sign_req', () => {
  it.each(cases.filter((c) => c.expected))('$note', ({ req, config, ts, expected }) => {
    const got = run('providers.aws.sign_req', [parseTermText(req), parseTermText(config), ts as Value])
    const want = parseTermText(expected!)
    if (!equal(got!, want)) expect(toTermText(got!)).toBe(toTermText(want))
  })

  it.each(cases.filter((c) => c.error))('$note', ({ req, config, ts, error }) => {
    expect(failure('providers.aws.sign_req', [parseTermText(req), parseTermText(config), ts as Value])).toEqual({
      code: 'eval_type_error',
      message: error,
    })
  })

  it.each([
    {
      note: 'path and query are signed; unknown request keys are refused',
      req: '{"method": "GET", "url": "https://s3.amazonaws.com/bucket/a%20b?x=1&y=2"}',
      check: (v: Value) =>
        /Signature=[0-9a-f]{64}$/.test(
          String(
            (parseTermText(toTermText(v)) as never as { get(k: string): { get(k: string): string } })
              .get('headers')
              .get('Authorization'),
          ),
        ),
    },
  ])('$note', ({ req, check }) => {
    const config =
      '{"aws_access_key": "AK", "aws_secret_access_key": "SK", "aws_service": "execute-api", "aws_region": "eu-west-1"}'
    const got = run('providers.aws.sign_req', [parseTermText(req), parseTermText(config), 1451311705000000000n])!
    expect(check(got)).toBe(true)
    // no x-amz-content-sha256 for services other than s3 and glacier
    expect(toTermText(got)).not.toContain('x-amz-content-sha256')
    expect(
      failure('providers.aws.sign_req', [
        parseTermText('{"method": "GET", "url": "u", "foo": 1}'),
        parseTermText(config),
        1,
      ]).message,
    ).toBe('providers.aws.sign_req: operand 1 invalid request parameters(s): {"foo"}')
  })
})
