/**
 * Personal-data protection in the local runtime: the subject key store's table in DynamoDB
 * Local, the wrapping key and blind-index secret in `.local/` files, the privacy settings
 * from `.local/privacy.json` (`{"auditorsReadPersonalData": bool, "legalHolds": [...]}`,
 * the schema the privacy function reads from PRIVACY_SETTINGS on AWS;
 * AUDITORS_READ_PERSONAL_DATA=true|false overrides the first), the privacy function's
 * handler for the local front, and the key retention sweep on a daily timer.
 */
import type { ArchiveTier } from '../lambdas/core/query/tiered-plan';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AuditTableOptions } from '../lambdas/composition/audit-table-options';
import type { IntegrityAdapters } from '../lambdas/composition/integrity-services';
import { buildPrivacyServices, type PrivacyServices } from '../lambdas/composition/privacy';
import { localSubjectKeys, type SubjectKeys } from '../lambdas/composition/subject-keys';
import { parsePrivacySettings, type PrivacySettings } from '../lambdas/core/privacy/privacy-settings';
import { createPrivacyApiHandler } from '../lambdas/functions/privacy/handler';
import { ensureSubjectKeyTable } from './create-subject-key-table';
import type { ApiHandler } from './http-server';

/** Who the local sweep's records name. */
export const LOCAL_SWEEP_PRINCIPAL = 'local:privacy-sweep';

const DAY_MS = 86_400_000;
const MAX_RUNS_PER_SWEEP = 40;

/** The key store table of an audit table, locally. */
export function subjectKeyTableNameOf(auditTableName: string): string {
  return `${auditTableName}-subject-keys`;
}

/** What the local runtime needs to protect personal data. */
export interface LocalPrivacyOptions extends AuditTableOptions {
  readonly localDir: string;
  readonly client: DynamoDBClient;
  readonly integrity?: IntegrityAdapters;
  /** Where subject exports and erasures read events older than the hot window. @default the table only */
  readonly archive?: ArchiveTier;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: () => Date;
}

/** Personal-data protection, wired for the local runtime. */
export interface LocalPrivacy {
  /** The key store and secret ingest seals with (ingest-services.ts `personalData`). */
  readonly subjectKeys: SubjectKeys;
  readonly subjectKeyTableName: string;
  readonly settings: PrivacySettings;
  readonly services: PrivacyServices;
  /** The privacy function's routes, for the local front. */
  readonly handler: ApiHandler;
}

/** Creates the key table (once), reads the settings and builds the privacy function. */
export async function openLocalPrivacy(options: LocalPrivacyOptions): Promise<LocalPrivacy> {
  const subjectKeyTableName = subjectKeyTableNameOf(options.tableName);
  await ensureSubjectKeyTable(options.client, subjectKeyTableName);
  const subjectKeys = localSubjectKeys({ localDir: options.localDir, documentClient: options.documentClient, tableName: subjectKeyTableName });
  const settings = await readLocalPrivacySettings(options.localDir, options.env ?? process.env);
  const { documentClient, tableName, hotWindowSeconds } = options;
  const services = buildPrivacyServices({
    documentClient, tableName, subjectKeys, settings,
    ...(hotWindowSeconds === undefined ? {} : { hotWindowSeconds }),
    ...(options.integrity ? { integrity: options.integrity } : {}),
    ...(options.archive ? { archive: options.archive } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { subjectKeys, subjectKeyTableName, settings, services, handler: createPrivacyApiHandler(services) };
}

/** `<localDir>/privacy.json` validated, or the defaults without it; the environment's grant wins. */
export async function readLocalPrivacySettings(localDir: string, env: NodeJS.ProcessEnv): Promise<PrivacySettings> {
  const file = join(localDir, 'privacy.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const settings = parsePrivacySettings(text, file);
  const grant = env.AUDITORS_READ_PERSONAL_DATA;
  if (grant === undefined || grant === '') return settings;
  if (grant !== 'true' && grant !== 'false') throw new Error('AUDITORS_READ_PERSONAL_DATA must be true or false');
  return { ...settings, auditorsReadPersonalData: grant === 'true' };
}

/** The running sweep timer. */
export interface PrivacySweepTimer {
  readonly name: 'privacy-sweep';
  stop(): Promise<void>;
}

/** Runs the key retention sweep now and then daily, as the deployed schedule does. */
export function startPrivacySweep(
  services: PrivacyServices,
  onError: (error: unknown) => void = (error) => console.error('local privacy sweep: run failed', error),
): PrivacySweepTimer {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running.then(async () => {
      // A backlog larger than one run's batch is worked off now, run after run (bounded).
      for (let run = 0, more = true; more && run < MAX_RUNS_PER_SWEEP; run++) {
        more = (await services.expireKeys.execute({ principal: LOCAL_SWEEP_PRINCIPAL })).more;
      }
    }).catch(onError);
  };
  sweep();
  const timer = setInterval(sweep, DAY_MS);
  timer.unref();
  return {
    name: 'privacy-sweep',
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
