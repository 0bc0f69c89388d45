/**
 * The SIEM forwarder's AWS wiring, built once per cold start by its Lambda entry: the
 * destinations and backlog queues read from the environment contract, each destination's
 * secret fetched from Secrets Manager by ARN, syslog and webhook routes from the shared
 * builders (siem-forwarder.ts), S3 routes writing NDJSON objects, and the SQS backlog.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { S3SiemWriter } from '../adapters/s3/s3-siem-writer';
import type { SecretText } from '../adapters/secrets-manager/secret-text';
import { AwsSiemDestinationsSchema, type AwsSiemDestination } from '../core/siem/destinations';
import type { SiemRoute } from '../core/siem/ports';
import { EnvironmentError } from './environment';
import { syslogRoute, webhookRoute } from './siem-forwarder';

/** SIEM_DESTINATIONS, validated; the error names the variable and the path, never a value. */
export function destinationsOf(json: string): AwsSiemDestination[] {
  const parsed = AwsSiemDestinationsSchema.safeParse(parseJson('SIEM_DESTINATIONS', json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvironmentError('SIEM_DESTINATIONS', `SIEM_DESTINATIONS is invalid at ${issue?.path.join('.') || '.'}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/** SIEM_BACKLOG_QUEUES: `{"<destination>": "<queue URL>"}`, one queue per destination. */
export function backlogQueuesOf(json: string, destinations: readonly AwsSiemDestination[]): Map<string, string> {
  const raw = parseJson('SIEM_BACKLOG_QUEUES', json);
  const queues = new Map<string, string>();
  for (const { name } of destinations) {
    const url = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[name] : undefined;
    if (typeof url !== 'string' || !url.startsWith('https://'))
      throw new EnvironmentError('SIEM_BACKLOG_QUEUES', `SIEM_BACKLOG_QUEUES has no queue URL for destination ${name}`);
    queues.set(name, url);
  }
  return queues;
}

/** What the routes need from AWS. */
export interface AwsSiemRouteClients {
  readonly secretText: SecretText;
  readonly s3: Pick<S3Client, 'send'>;
}

/** One route per destination, in order; secrets are read here, by ARN. */
export async function awsSiemRoutes(destinations: readonly AwsSiemDestination[], clients: AwsSiemRouteClients): Promise<SiemRoute[]> {
  return Promise.all(destinations.map((destination) => routeOf(destination, clients)));
}

async function routeOf(d: AwsSiemDestination, { secretText, s3 }: AwsSiemRouteClients): Promise<SiemRoute> {
  const common = { name: d.name, format: d.format, ...(d.filter ? { filter: d.filter } : {}) };
  switch (d.kind) {
    case 'syslog':
      return syslogRoute({
        ...common,
        host: d.host,
        port: d.port,
        caPem: d.caPem,
        ...(d.clientCertPem ? { clientCertPem: d.clientCertPem } : {}),
        ...(d.clientKeySecretArn ? { clientKeyPem: await secretText(d.clientKeySecretArn) } : {}),
      });
    case 'webhook':
      return webhookRoute({ ...common, url: d.url, secret: await secretText(d.secretArn), ...(d.caPem ? { caPem: d.caPem } : {}) });
    case 's3':
      return {
        ...common,
        sender: new S3SiemWriter(s3, { destination: d.name, bucket: d.bucket, format: d.format, ...(d.prefix ? { prefix: d.prefix } : {}) }),
      };
  }
}

function parseJson(variable: string, json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new EnvironmentError(variable, `${variable} must be JSON`);
  }
}
