/**
 * createAwsTransport: each API read goes to the console's own origin (CloudFront routes
 * /v1/* to API Gateway), signed for the execute-api host and the stage's path with the
 * identity pool's credentials; the query on the wire is exactly the signed one.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from '@jest/globals';
import { createAwsTransport } from '../../../console/src/auth/aws-transport';
import { waitFor } from '../../fixtures/wait-for';
import { AWS, cognitoAnswers, FakeBrowser, NodeSha256, signedInBrowser, T0 } from '../../fixtures/aws-console-browser';

async function expectedAuthorization(path: string, query: Record<string, string>): Promise<string> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'ASIA-id-token-1', secretAccessKey: 'secret', sessionToken: 'session' },
    region: AWS.region,
    service: 'execute-api',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: 'GET', protocol: 'https:', hostname: AWS.apiHost, path, query, headers: { host: AWS.apiHost } },
    { signingDate: new Date(T0) },
  );
  return String(signed.headers.authorization);
}

function apiReady(): FakeBrowser {
  return cognitoAnswers(signedInBrowser()).reply('/v1/events?actor=jdoe&q=bad%20password%21', 200, { items: [] });
}

describe('createAwsTransport', () => {
  it('sends a GET to the same origin, signed for the API host and stage path', async () => {
    const browser = apiReady();
    const transport = await createAwsTransport(AWS, browser.env());

    const response = await transport.get('/v1/events', { actor: 'jdoe', q: 'bad password!' });

    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ items: [] });
    const request = browser.sent.at(-1);
    expect(request?.url).toBe('/v1/events?actor=jdoe&q=bad%20password%21');
    expect(request?.headers).toEqual({
      authorization: await expectedAuthorization('/dev/v1/events', { actor: 'jdoe', q: 'bad password!' }),
      'x-amz-date': '20261202T090000Z',
      'x-amz-security-token': 'session',
      accept: 'application/json',
    });
  });

  it('refuses a path outside the API without sending anything', async () => {
    const browser = apiReady();
    const transport = await createAwsTransport(AWS, browser.env());
    const sentBefore = browser.sent.length;

    await expect(transport.get('https://elsewhere.example/v1/events')).rejects.toThrow(TypeError);
    expect(browser.sent).toHaveLength(sentBefore);
  });

  it('sends an unsigned-in tab to the hosted UI and does not resolve', async () => {
    const browser = new FakeBrowser();
    let settled = false;

    void createAwsTransport(AWS, browser.env()).finally(() => (settled = true));
    const navigation = await waitFor(() => Promise.resolve(browser.navigations[0]));
    // Every continuation of start() has run by the next macrotask turn.
    await new Promise((resolve) => setImmediate(resolve));

    expect(navigation).toMatch(/\/oauth2\/authorize\?/);
    expect(settled).toBe(false);
  });
});
