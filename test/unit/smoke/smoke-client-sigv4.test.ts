import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { awsTarget } from '../../../bin/smoke-client';

/**
 * The smoke test's SigV4 client at the HTTP boundary: a local server records each request,
 * and the signature is recomputed here from AWS's SigV4 description (not with the SDK's
 * signer), so a signature that omitted the body or used the wrong role's key would fail.
 */

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const WRITER = { accessKeyId: 'AKIDWRITER', secretAccessKey: 'writer-secret', sessionToken: 'writer-token' };
const READER = { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader-secret' };
const requests: Recorded[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"accepted":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The SigV4 signature of a recorded request with no query string, for execute-api. */
function expectedSignature(r: Recorded, secret: string, region: string): string {
  const auth = String(r.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
  const amzDate = String(r.headers['x-amz-date']);
  const scope = `${amzDate.slice(0, 8)}/${region}/execute-api/aws4_request`;
  const canonical = [r.method, r.url, '', ...signedHeaders.map((h) => `${h}:${String(r.headers[h]).trim()}`), '', signedHeaders.join(';'), sha256(r.body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = ['aws4_request', 'execute-api', region, amzDate.slice(0, 8)].reduceRight<Buffer | string>((k, part) => hmac(k, part), `AWS4${secret}`);
  return hmac(key, toSign).toString('hex');
}

describe('awsTarget', () => {
  const target = () => awsTarget(base, { region: 'eu-west-1', credentials: { writer: async () => WRITER, reader: async () => READER } });

  it('signs a POST with the writer credentials over the exact body', async () => {
    // Act
    const response = await target().call('writer', '/v1/events', { eventId: 'e-1' });
    // Assess
    const r = requests.at(-1)!;
    expect(response.status).toBe(201);
    expect(r).toMatchObject({ method: 'POST', url: '/prod/v1/events', body: '{"eventId":"e-1"}' });
    expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDWRITER\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host/);
    expect(r.headers['x-amz-security-token']).toBe('writer-token');
    expect(/Signature=([0-9a-f]{64})/.exec(String(r.headers.authorization))![1]).toBe(expectedSignature(r, WRITER.secretAccessKey, 'eu-west-1'));
  });

  it('signs a GET with the reader credentials', async () => {
    // Act
    await target().call('reader', '/v1/events/e-1');
    // Assess
    const r = requests.at(-1)!;
    expect(r).toMatchObject({ method: 'GET', url: '/prod/v1/events/e-1', body: '' });
    expect(r.headers.authorization).toMatch(/Credential=AKIDREADER\//);
    expect(/Signature=([0-9a-f]{64})/.exec(String(r.headers.authorization))![1]).toBe(expectedSignature(r, READER.secretAccessKey, 'eu-west-1'));
  });

  it('sends public routes unsigned', async () => {
    await target().call('none', '/v1/health');
    expect(requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('takes the region from an execute-api URL and refuses a URL without one', () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      expect(awsTarget('https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod/').apiUrl).toBe('https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod');
      expect(() => awsTarget('https://audit.example.org/prod')).toThrow(/cannot tell the AWS region/);
    } finally {
      if (saved !== undefined) process.env.AWS_REGION = saved;
    }
  });
});
