/** Lambda entry of the audit reader: wiring only. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { documentClientFor } from '../../adapters/dynamodb/document-client';
import { buildAuditServices } from '../../composition/audit-services';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { awsQueryOptions } from '../../composition/aws-query-options';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { instrumented, tracer } from '../shared/observability';
import { createQueryHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.query);
const clients = {
  s3: tracer.captureAWSv3Client(new S3Client({})),
  kms: tracer.captureAWSv3Client(new KMSClient({})),
};
const query = createQueryHandler(
  buildAuditServices({
    documentClient: documentClientFor(tracer.captureAWSv3Client(new DynamoDBClient({}))),
    tableName: env.TABLE_NAME,
    // Proofs and verification: the archive bucket and the signing key's public half.
    integrity: awsIntegrityAdapters(env, clients),
    // Search cursors signed with the KMS HMAC key, large exports to the export bucket.
    query: awsQueryOptions(env, clients),
  }),
);

/** Lambda entry. */
export const handler = instrumented((event: APIGatewayProxyEvent) => query(event));
