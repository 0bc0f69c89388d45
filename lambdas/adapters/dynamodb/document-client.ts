import { type AttributeValue, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Document-client options every adapter relies on. Absent optional fields are not stored.
 * Numbers are IEEE doubles end to end, as RFC 8785 hashes them: a large one (say 1e20) is
 * stored as its shortest decimal form and read back as the same double, never as a BigInt
 * or an error, so a stored event always re-hashes to its contentHash.
 */
export const DOCUMENT_CLIENT_OPTIONS = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false, allowImpreciseNumbers: true },
  unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
} as const;

/**
 * The writer's bound on one DynamoDB attempt (connection included). Without it a paused or
 * half-dead store holds the request, and the client waiting on it, for as long as the store
 * stays silent; with it the SDK gives up on the attempt, retries, and the event store
 * answers 503 (store-errors.ts): with the SDK's 4 attempts, about 20 s at worst, inside
 * API Gateway's 29 s. Passed per call (`client.send(command, WRITER_SEND_OPTIONS)`), not per
 * client: CreateTable, a 1 MB query page or a scan on a loaded DynamoDB Local can
 * legitimately take longer, and must not fail for it.
 */
export const WRITER_SEND_OPTIONS = { requestTimeout: 5_000 } as const;

/**
 * DynamoDB client settings every client is built from: a per-call `requestTimeout` ends
 * the call with a TimeoutError (the SDK's default only logs a warning and keeps waiting).
 */
export function boundedClientConfig(config: DynamoDBClientConfig = {}): DynamoDBClientConfig {
  return { ...config, requestHandler: { throwOnRequestTimeout: true } };
}

/** A document client over a DynamoDB client (the Lambda's default one, or DynamoDB Local's). */
export function documentClientFor(client: DynamoDBClient = new DynamoDBClient(boundedClientConfig())): DynamoDBDocumentClient {
  // Copies: the document client writes its own defaults into the option objects it is given.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { ...DOCUMENT_CLIENT_OPTIONS.marshallOptions },
    unmarshallOptions: { ...DOCUMENT_CLIENT_OPTIONS.unmarshallOptions },
  });
}

/** A raw DynamoDB item (stream image, condition-failure item) as the document client would return it. */
export function itemFromAttributes(item: Record<string, AttributeValue>): Record<string, unknown> {
  return unmarshall(item, { ...DOCUMENT_CLIENT_OPTIONS.unmarshallOptions });
}
