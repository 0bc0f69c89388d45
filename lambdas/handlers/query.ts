import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../adapters/aws-clients';
import { awsIntegrityAdapters } from '../adapters/aws-integrity';
import { buildAuditServices } from '../adapters/composition';
import { awsQueryOptions } from '../adapters/query/aws-query-options';
import { logger } from './observability';
import { createQueryHandler } from './query-handler';

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
