import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

/** A document client over a DynamoDB client (the Lambda's default one, or DynamoDB Local's). */
export function documentClientFor(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
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
