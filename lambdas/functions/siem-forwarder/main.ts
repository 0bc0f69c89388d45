/**
 * Lambda entry of the SIEM forwarder (its own stream event source, a drain every minute,
 * replay requests invoked directly; reserved concurrency 1): wiring only. Secrets are read
 * from Secrets Manager once per cold start, by the ARNs in SIEM_DESTINATIONS, and never
 * logged; a cold start that cannot read them is retried by the next invocation.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { DynamoDbEventQuery } from '../../adapters/dynamodb/dynamodb-event-query';
import { createSecretText } from '../../adapters/secrets-manager/secret-text';
import { SqsSiemBacklog } from '../../adapters/sqs/sqs-siem-backlog';
import { awsSiemRoutes, backlogQueuesOf, destinationsOf } from '../../composition/aws-siem-forwarder';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildIngestServices } from '../../composition/ingest-services';
import { buildSiemForwarder } from '../../composition/siem-forwarder';
import type { SiemDeliveryStatus } from '../../core/siem/ports';
import { DEFAULT_HOT_WINDOW_DAYS, hotWindowSecondsOf } from '../../core/hot-window';
import { eventsOfPeriod, refuseBeforeHotBoundary, replayAuditEvent } from '../../core/siem/replay';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, logger, tracer } from '../shared/observability';
import { createSiemInvocationHandler } from './aws-invocation';
import { createSiemStreamHandler } from './handler';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start (the secrets on the first invocation).
const env = readEnvironment(FUNCTION_ENVIRONMENTS.siemForwarder);
const destinations = destinationsOf(env.SIEM_DESTINATIONS);
const backlog = new SqsSiemBacklog(tracer.captureAWSv3Client(new SQSClient({})), {
  queues: backlogQueuesOf(env.SIEM_BACKLOG_QUEUES, destinations),
});
const secretText = createSecretText(tracer.captureAWSv3Client(new SecretsManagerClient({})));
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const documentClient = tracedDocumentClient();
const query = new DynamoDbEventQuery(documentClient, env.TABLE_NAME);
const { ingestEvents } = buildIngestServices({ documentClient, ...tableOptionsFrom(env) });
// Lambda is not told who invoked it: the replay is recorded as `lambda-invoke`, and CloudTrail names the invoker.
const REPLAY_CALLER = { principal: 'lambda-invoke' };

let built: Promise<ReturnType<typeof createSiemInvocationHandler>> | undefined;

async function build() {
  const routes = await awsSiemRoutes(destinations, { secretText, s3 });
  const forwarder = buildSiemForwarder({ routes, backlog, onStatus: logWaiting });
  return createSiemInvocationHandler({
    forwarder,
    streamHandler: createSiemStreamHandler(forwarder),
    destinations: destinations.map((d) => d.name),
    eventsOfPeriod: (period) => eventsOfPeriod(query, period),
    // The forwarder reads the table only: a period older than the hot window is refused, naming the boundary.
    refusePeriod: (period) =>
      refuseBeforeHotBoundary(period, env.HOT_WINDOW_SECONDS ?? hotWindowSecondsOf(DEFAULT_HOT_WINDOW_DAYS)),
    recordReplay: async (destination, period) => {
      await ingestEvents.execute(replayAuditEvent(destination, period, REPLAY_CALLER.principal), REPLAY_CALLER);
    },
    release: () => backlog.release(),
    onReleaseFailure: (error) => logger.warn('backlog events not released', { reason: (error as Error).message }),
  });
}

/** Destinations with events waiting, by name and counts only. */
function logWaiting(statuses: readonly SiemDeliveryStatus[]): void {
  const waiting = statuses.filter((s) => s.backlog > 0);
  if (waiting.length > 0) logger.warn('SIEM destinations behind', { destinations: waiting });
}

/** Lambda entry. */
export const handler = instrumented(async (event: unknown, context: Context) => {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    // The error names a secret's ARN at most (SecretReadError), never its value.
    logger.error('SIEM forwarder could not start', { errorName: (error as Error).name, reason: (error as Error).message });
    throw error;
  });
  return (await built)(event, context);
});
