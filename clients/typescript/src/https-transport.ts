/**
 * The HTTPS transport: POST /v1/events signed with SigV4 for `execute-api`, credentials
 * from the default AWS chain unless given (locally: the `sigv4` keys of
 * .local/credentials.json, see local.ts).
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { apiErrorFrom, NetworkError } from './errors';
import { NodeSha256 } from './sha256';
import type { AcceptedEvent, Transport } from './transport';

/** Where and how to sign. */
export interface HttpsTransportOptions {
  /** The API's base URL: the stage URL (`https://….execute-api.…/v1`) or the local `http://127.0.0.1:3000`. */
  readonly endpoint: string;
  readonly region: string;
  /** @default the default AWS credential chain */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default 'execute-api' */
  readonly service?: string;
  /** Per-request timeout. @default 10000 */
  readonly timeoutMs?: number;
}

/** Builds the HTTPS transport. */
export function httpsTransport(options: HttpsTransportOptions): Transport {
  const url = new URL(`${options.endpoint.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/events`);
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: NodeSha256,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(body) {
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      });
      // fetch sets Host itself from the URL, the same value that was signed.
      const { host: _host, ...headers } = signed.headers;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new NetworkError(`cannot reach the audit API at ${url.origin}`, { cause: error });
      }
      return receipts(response);
    },
  };
}

async function receipts(response: Response): Promise<readonly AcceptedEvent[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await response.text());
  } catch (error) {
    if (response.status === 201) throw new NetworkError('the audit API answered 201 with a body that is not JSON', { cause: error });
    parsed = null;
  }
  if (response.status !== 201) throw apiErrorFrom(response.status, parsed);
  return (parsed as { accepted: AcceptedEvent[] }).accepted;
}
