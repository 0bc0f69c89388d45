import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { buildAuditServices } from '../../composition/audit-services';
import { awsQueryOptions } from '../../composition/aws-query-options';
import { logger } from '../shared/observability';
import { createQueryHandler } from './handler';

// Composition root: built once per cold start.
const query = createQueryHandler(
  buildAuditServices({
    documentClient: documentClientFor(),
    tableName: requiredEnv('TABLE_NAME'),
    // Proofs and verification: the archive bucket and the signing key's public half.
    integrity: awsIntegrityAdapters(),
    // Search cursors signed with the KMS HMAC key, large exports to the export bucket.
    query: awsQueryOptions(),
  }),
);

/** Lambda entry of the audit reader. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => {
  logger.addContext(context);
  return query(event);
};
