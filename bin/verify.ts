/**
 * `npm run verify -- [--from <iso>] [--to <iso>]`: verifies the audit trail and prints every
 * finding, naming the block or event; exits 1 when anything is wrong, 2 on a usage error.
 * - Local stack (default): reads `.local/runtime.json` (or `--local-dir <dir>`), the local
 *   archive folder and public key. The stack must be running (DynamoDB Local).
 * - AWS (`--aws`): the sealer's environment contract (TABLE_NAME, ARCHIVE_BUCKET, ARCHIVE_KEY_ARN,
 *   SIGNING_KEY_ARN; lambdas/composition/function-environments.ts) from the environment, and
 *   the monitoring drift check (MONITORING_CHECK_ENVIRONMENT, bin/monitoring-drift-check.ts).
 * - Offline (`--bundle <file> [--key <public.pem>]`): an exported bundle, no AWS, no database.
 * `--checkpoint <file>` (stack modes): a checkpoint kept from earlier; the log must still
 * extend it, or the truncation or rewrite is named by tree size (`--log-origin` names its key).
 * Every mode takes `--trusted-keys <file>` (keys with validity periods, pinned from outside
 * the data) or `--key <public.pem>` (one key, any time); locally the default is the
 * published `.local/checkpoints/trusted-keys.json`, on AWS the signing key.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClientFor } from '../lambdas/adapters/dynamodb/document-client';
import { neutraliseLine } from '../lambdas/core/display-text';
import { tableOptionsFrom, type AuditTableOptions } from '../lambdas/composition/audit-table-options';
import { awsIntegrityAdapters } from '../lambdas/composition/aws-integrity-adapters';
import { readEnvironment } from '../lambdas/composition/environment';
import { FUNCTION_ENVIRONMENTS, SEALER_TIMING_ENVIRONMENT } from '../lambdas/composition/function-environments';
import { sealerConfigOf, verifyDepsForTable, type IntegrityAdapters } from '../lambdas/composition/integrity-services';
import { LocalBlockArchive } from '../lambdas/adapters/local/local-archive';
import { LOCAL_KEY_FILE, signerFromPrivateKey } from '../lambdas/adapters/local/local-signer';
import { readLocalTrustedKeys } from '../lambdas/adapters/local/local-trusted-keys';
import { createSingleKeyVerifier, parseTrustedKeys, publicKeyOf } from '../lambdas/core/integrity/trusted-keys';
import { DEFAULT_LOG_ORIGIN, type Checkpoint } from '../lambdas/core/integrity/checkpoint';
import { openKeptCheckpoint } from '../lambdas/core/integrity/kept-checkpoint';
import type { Finding } from '../lambdas/core/integrity/findings';
import { parseBundle, verifyBundle } from '../lambdas/core/integrity/verify-bundle';
import { verifyPeriod } from '../lambdas/core/integrity/verify-period';
import { createLocalClients } from '../local/clients';
import { LOCAL_SEAL_GRACE_SECONDS, localArchiveDir } from '../local/sealer-timer';
import { checkDeployedMonitoring } from './monitoring-drift-check';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    bundle: { type: 'string' },
    key: { type: 'string' },
    'trusted-keys': { type: 'string' },
    checkpoint: { type: 'string' },
    'log-origin': { type: 'string', default: DEFAULT_LOG_ORIGIN },
    aws: { type: 'boolean', default: false },
    'local-dir': { type: 'string', default: '.local' },
  },
});

/** Prints one finding per line: severity, the block and event it names, what is wrong. */
function printFinding(f: Finding): void {
  const where = [f.seq === undefined ? '' : `block ${f.seq}`, f.eventId ? `event ${f.eventId}` : '']
    .filter(Boolean)
    .join(' ');
  // Findings quote ids and messages read from the table or a bundle: no terminal escapes.
  console.log(neutraliseLine(`${f.severity.toUpperCase().padEnd(5)} ${f.code.padEnd(28)} ${where.padEnd(52)} ${f.message}`));
}

function instant(name: 'from' | 'to'): Date | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--${name} must be an ISO 8601 instant, got ${JSON.stringify(raw)}`);
  return date;
}

class UsageError extends Error {}

async function verifyOffline(file: string): Promise<boolean> {
  const pinned = values['trusted-keys'] ? parseTrustedKeys(await readFile(values['trusted-keys'], 'utf8')) : undefined;
  const trusted = pinned ?? (values.key ? await readFile(values.key, 'utf8') : undefined);
  if (!trusted) console.log('note: no --key given; signatures are checked against the key inside the bundle');
  const report = verifyBundle(parseBundle(await readFile(file, 'utf8')), trusted);
  report.findings.forEach(printFinding);
  console.log(
    `${report.ok ? 'OK' : 'FAILED'}: ${report.eventsChecked} events, ${report.blocksSeen} blocks, ${report.findings.length} findings`,
  );
  return report.ok;
}

/** The local stack's table, archive folder and key, found through runtime.json. */
async function localStack(): Promise<{
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  hotWindowSeconds?: number;
  adapters: IntegrityAdapters;
}> {
  const dir = resolve(values['local-dir'] ?? '.local');
  const info = JSON.parse(await readFile(join(dir, 'runtime.json'), 'utf8')) as {
    dynamodbEndpoint: string;
    tableName: string;
    hotWindowSeconds?: number;
  };
  // Read, never create: a verifier must not mint the key it is checking against.
  const signer = signerFromPrivateKey(createPrivateKey(await readFile(join(dir, LOCAL_KEY_FILE), 'utf8')));
  const adapters = {
    archive: new LocalBlockArchive(localArchiveDir(dir)),
    signer,
    sealer: sealerConfigOf(readEnvironment(SEALER_TIMING_ENVIRONMENT), LOCAL_SEAL_GRACE_SECONDS),
    trustedKeys: () => readLocalTrustedKeys(dir),
  };
  return {
    documentClient: createLocalClients(info.dynamodbEndpoint).documentClient,
    tableName: info.tableName,
    ...(info.hotWindowSeconds === undefined ? {} : { hotWindowSeconds: info.hotWindowSeconds }),
    adapters,
  };
}

/** The deployed table, archive and key, from the sealer's environment contract. */
function awsStack(): AuditTableOptions & { adapters: IntegrityAdapters } {
  // The sealer's contract: the table, the archive and the signing key, and the same timing.
  const env = readEnvironment(FUNCTION_ENVIRONMENTS.sealer);
  const adapters = awsIntegrityAdapters(env, { s3: new S3Client({}), kms: new KMSClient({}) });
  return { documentClient: documentClientFor(), ...tableOptionsFrom(env), adapters };
}

async function verifyStack(): Promise<boolean> {
  const { adapters, ...tableOptions } = values.aws ? awsStack() : await localStack();
  const table = await verifyDepsForTable({ ...adapters, ...(await pinnedKeys()), ...tableOptions });
  const deps = values.key
    ? { ...table, signatures: createSingleKeyVerifier(await readFile(values.key, 'utf8')) }
    : table;
  let lastPrint = 0;
  const report = await verifyPeriod(deps, {
    ...optional('from', instant('from')),
    ...optional('to', instant('to')),
    now: new Date(),
    graceSeconds: adapters.sealer.graceSeconds,
    ...optional('checkpoint', await keptCheckpoint(adapters)),
    onProgress: ({ done, total }) => {
      if (Date.now() - lastPrint < 1000 && done < total) return;
      lastPrint = Date.now();
      process.stderr.write(`\rverified ${done}/${total} blocks`);
      if (done === total) process.stderr.write('\n');
    },
  });
  report.findings.forEach(printFinding);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  console.log(
    `${report.ok ? 'OK' : 'FAILED'}: blocks ${report.fromSeq}..${report.toSeq - 1} (${report.blocksChecked}), ${report.eventsChecked} events, ${errors} errors, ${report.findings.length - errors} notes`,
  );
  // Monitoring exists only on AWS: locally the rules are evaluated in-process.
  const monitoringOk = values.aws ? await checkDeployedMonitoring() : true;
  return report.ok && monitoringOk;
}

/** `--checkpoint <file>`, its signature checked with `--key`, else every trusted key, else the signer's. */
async function keptCheckpoint(adapters: IntegrityAdapters): Promise<Checkpoint | undefined> {
  if (!values.checkpoint) return undefined;
  const note = await readFile(values.checkpoint, 'utf8');
  const trusted = (await pinnedKeys()).trustedKeys ?? adapters.trustedKeys;
  const pems = values.key
    ? [await readFile(values.key, 'utf8')]
    : ((await trusted?.())?.map((k) => publicKeyOf(k).export({ type: 'spki', format: 'pem' }).toString()) ?? [
        await adapters.signer.publicKeyPem(),
      ]);
  const checkpoint = openKeptCheckpoint(note, values['log-origin'] ?? DEFAULT_LOG_ORIGIN, pems);
  console.log(`checkpoint: tree size ${checkpoint.treeSize}, root ${checkpoint.rootHex}`);
  return checkpoint;
}

/** `--trusted-keys <file>`, pinned over whatever the stack publishes. */
async function pinnedKeys(): Promise<{ trustedKeys?: () => Promise<ReturnType<typeof parseTrustedKeys>> }> {
  const file = values['trusted-keys'];
  if (!file) return {};
  const keys = parseTrustedKeys(await readFile(file, 'utf8'));
  return { trustedKeys: async () => keys };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

try {
  const ok = values.bundle ? await verifyOffline(values.bundle) : await verifyStack();
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `verify failed: ${(error as Error).message}`);
  process.exit(2);
}
