/**
 * The console's WebCrypto SigV4 signer against AWS's published test vectors
 * (aws-sig-v4-test-suite) and against @smithy/signature-v4, the AWS SDK's signer, for the
 * requests the console sends to API Gateway.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from '@jest/globals';
import { signRequest, type AwsCredentials } from '../../../console/src/auth/sigv4';
import { NodeSha256 } from '../../fixtures/aws-console-browser';

const SUITE_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SUITE_SCOPE = { region: 'us-east-1', service: 'service' };
const SUITE_NOW = Date.UTC(2015, 7, 30, 12, 36, 0);
const SUITE_PREFIX =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=';

describe('signRequest: AWS SigV4 test suite', () => {
  it('signs get-vanilla', async () => {
    const signed = await signRequest(
      { method: 'GET', host: 'example.amazonaws.com', path: '/' },
      SUITE_CREDENTIALS,
      SUITE_SCOPE,
      SUITE_NOW,
    );

    expect(signed.authorization).toBe(
      `${SUITE_PREFIX}5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    );
    expect(signed['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs get-vanilla-query-order-key-case (query sorted by name)', async () => {
    const request = {
      method: 'GET',
      host: 'example.amazonaws.com',
      path: '/',
      query: { Param2: 'value2', Param1: 'value1' },
    };

    const signed = await signRequest(request, SUITE_CREDENTIALS, SUITE_SCOPE, SUITE_NOW);

    expect(signed.authorization).toBe(
      `${SUITE_PREFIX}b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
    );
  });

  it('gives a different signature when the secret differs', async () => {
    const other = { ...SUITE_CREDENTIALS, secretAccessKey: 'another-secret' };

    const signed = await signRequest(
      { method: 'GET', host: 'example.amazonaws.com', path: '/' },
      other,
      SUITE_SCOPE,
      SUITE_NOW,
    );

    expect(signed.authorization).not.toContain('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });
});

const API_HOST = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const SESSION = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE',
  secretAccessKey: 'c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ',
  sessionToken: 'IQoJb3JpZ2luX2VjE//token+with/odd=chars',
};
const API_SCOPE = { region: 'eu-west-1', service: 'execute-api' };
const NOW = Date.UTC(2026, 11, 2, 9, 5, 7);

async function smithyAuthorization(path: string, query: Record<string, string>): Promise<string> {
  // applyChecksum off: API Gateway needs no x-amz-content-sha256, and the browser's GETs carry no body.
  const signer = new SignatureV4({
    credentials: SESSION,
    region: API_SCOPE.region,
    service: API_SCOPE.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: 'GET', protocol: 'https:', hostname: API_HOST, path, query, headers: { host: API_HOST } },
    { signingDate: new Date(NOW) },
  );
  return String(signed.headers.authorization);
}

describe('signRequest: the same signature as @smithy/signature-v4', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    [
      'a search with filters',
      '/prod/v1/events',
      { actor: 'jdoe', eventType: 'auth.login.failure', from: '2026-11-01T00:00:00Z', limit: '50' },
    ],
    [
      'text with spaces and reserved characters',
      '/prod/v1/events',
      { q: "bad password (x2) & more*!'", cursor: 'abc+/=' },
    ],
    ['an event id in the path', '/dev/v1/events/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/proof', {}],
    ['an encoded path segment', '/dev/v1/events/a%20b', {}],
  ];

  it.each(cases)('%s', async (_name, path, query) => {
    const ours = await signRequest({ method: 'GET', host: API_HOST, path, query }, SESSION, API_SCOPE, NOW);

    expect(ours.authorization).toBe(await smithyAuthorization(path, query));
    expect(ours.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    expect(ours['x-amz-security-token']).toBe(SESSION.sessionToken);
  });
});
