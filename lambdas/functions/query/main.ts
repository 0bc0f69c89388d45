/** Lambda entry of the audit reader: wiring only. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildAuditServices } from '../../composition/audit-services';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { awsQueryOptions } from '../../composition/aws-query-options';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented } from '../shared/observability';
import { createQueryHandler } from './handler';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.query);
const clients = tracedIntegrityClients();
const query = createQueryHandler(
  buildAuditServices({
    documentClient: tracedDocumentClient(),
    ...tableOptionsFrom(env),
    // Proofs and verification: the archive bucket and the signing key's public half.
    integrity: awsIntegrityAdapters(env, clients),
    // Search cursors signed with the KMS HMAC key, large exports to the export bucket.
    query: awsQueryOptions(env, clients),
  }),
);

/** Lambda entry. */
export const handler = instrumented((event: APIGatewayProxyEvent) => query(event));
