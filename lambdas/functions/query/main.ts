/** Lambda entry of the audit reader: wiring only. */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildAuditServices } from '../../composition/audit-services';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { awsQueryOptions } from '../../composition/aws-query-options';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS, PERSONAL_DATA_ENVIRONMENT, SUBJECT_KEY_ENVIRONMENT } from '../../composition/function-environments';
import { awsSubjectKeys, personalDataKeysFrom } from '../../composition/subject-keys';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented, tracer } from '../shared/observability';
import { createQueryHandler } from './handler';
import { tableOptionsFrom } from '../../composition/audit-table-options';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.query);
const clients = tracedIntegrityClients();
const documentClient = tracedDocumentClient();
// Reads are recorded as audit events; personal values in them are sealed as ingest seals them.
const personalData = {
  ...awsSubjectKeys(readEnvironment(SUBJECT_KEY_ENVIRONMENT), { documentClient, kms: clients.kms }),
  personalDataKeys: personalDataKeysFrom(readEnvironment(PERSONAL_DATA_ENVIRONMENT)),
};
const query = createQueryHandler(
  buildAuditServices({
    documentClient,
    ...tableOptionsFrom(env),
    personalData,
    // Proofs and verification: the archive bucket and the signing key's public half.
    integrity: awsIntegrityAdapters(env, clients),
    // Search cursors signed with the KMS HMAC key, large exports to the export bucket,
    // periods past the hot window with Athena over the archive.
    query: awsQueryOptions(env, { ...clients, athena: tracer.captureAWSv3Client(new AthenaClient({})) }),
  }),
);

/** Lambda entry. */
export const handler = instrumented((event: APIGatewayProxyEvent) => query(event));
