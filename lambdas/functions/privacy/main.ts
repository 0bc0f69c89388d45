/** Lambda entry of the privacy officer's function (API routes and the daily key sweep): wiring only. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { tableOptionsFrom } from '../../composition/audit-table-options';
import { awsIntegrityAdapters } from '../../composition/aws-integrity-adapters';
import { athenaArchiveTier } from '../../composition/aws-query-options';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { buildPrivacyServices } from '../../composition/privacy';
import { awsSubjectKeys, personalDataKeysFrom } from '../../composition/subject-keys';
import { parsePrivacySettings } from '../../core/privacy/privacy-settings';
import { SERVICE_NAMES } from '../../core/service-names';
import { tracedDocumentClient } from '../shared/traced-clients';
import { tracedIntegrityClients } from '../shared/traced-integrity-clients';
import { instrumented, tracer } from '../shared/observability';
import { createPrivacyHandler } from './handler';

// Composition root: built once per cold start. A malformed PRIVACY_SETTINGS fails the cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.privacy);
const clients = tracedIntegrityClients();
const documentClient = tracedDocumentClient();
const privacy = createPrivacyHandler({
  services: buildPrivacyServices({
    documentClient,
    ...tableOptionsFrom(env),
    subjectKeys: awsSubjectKeys(env, { documentClient, kms: clients.kms }),
    personalDataKeys: personalDataKeysFrom(env),
    settings: parsePrivacySettings(env.PRIVACY_SETTINGS, 'environment variable PRIVACY_SETTINGS'),
    // Inclusion proofs of subject exports: the archive bucket and the signing key's public half.
    integrity: awsIntegrityAdapters(env, clients),
    // A subject's events older than the hot window: Athena over the archive.
    archive: athenaArchiveTier(env, tracer.captureAWSv3Client(new AthenaClient({}))),
  }),
  schedulePrincipal: `scheduled:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? SERVICE_NAMES.privacy}`,
});

/** Lambda entry. */
export const handler = instrumented((event: unknown) => privacy(event));
