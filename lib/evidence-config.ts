/**
 * Contexts of the evidence account. On the audit stack, `evidenceAccount` and
 * `evidenceBucket` (both or neither) make the checkpoint bucket replicate every note
 * there. `evidenceStack=true` with `sourceAccount=<id>` synthesises the evidence account's
 * own stack instead (lib/evidence-stack.ts), deployed with that account's credentials.
 */
import { ConfigError, readOptional, type ConfigSource } from './config-readers';

/** Where the published checkpoints are replicated. */
export interface EvidenceConfig {
  readonly account: string;
  readonly bucketName: string;
}

const ACCOUNT = /^\d{12}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `evidenceAccount` + `evidenceBucket`; undefined when neither is set. */
export function readEvidence(source: ConfigSource): EvidenceConfig | undefined {
  const account = readOptional(source, 'evidenceAccount', ACCOUNT, 'a 12-digit AWS account id');
  const bucketName = readOptional(source, 'evidenceBucket', BUCKET_NAME, 'an S3 bucket name');
  if (account === undefined && bucketName === undefined) return undefined;
  if (account === undefined) throw new ConfigError('evidenceAccount', 'is required with evidenceBucket');
  if (bucketName === undefined) throw new ConfigError('evidenceBucket', 'is required with evidenceAccount');
  return { account, bucketName };
}

/** With `evidenceStack=true`: the account running the trail, whose replication the evidence bucket accepts. */
export function readEvidenceStackSource(source: ConfigSource): string | undefined {
  const wanted = source('evidenceStack');
  if (wanted !== true && wanted !== 'true') return undefined;
  const account = readOptional(source, 'sourceAccount', ACCOUNT, 'a 12-digit AWS account id');
  if (account === undefined) throw new ConfigError('sourceAccount', 'is required with evidenceStack=true');
  return account;
}
