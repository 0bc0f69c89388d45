/**
 * The subject key store and blind-index secret, wired once for every function that seals
 * or reads personal data: on AWS from SUBJECT_KEY_ENVIRONMENT (DynamoDB table, KMS wrapping
 * key, KMS HMAC key), locally from `.local/` key files over DynamoDB Local. The same
 * DynamoDbSubjectKeyStore either way; only the wrapper and the secret's source differ.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbSubjectKeyStore } from '../adapters/dynamodb/dynamodb-subject-key-store';
import { kmsBlindIndexKey } from '../adapters/kms/kms-blind-index-key';
import { kmsKeyWrapper } from '../adapters/kms/kms-key-wrapper';
import { fileBlindIndexKey } from '../adapters/local/file-blind-index-key';
import { fileKeyWrapper } from '../adapters/local/file-key-wrapper';
import type { BlindIndexKeySource, SubjectKeyStore } from '../core/privacy/ports';
import { EnvironmentError, type EnvironmentOf } from './environment';
import type { PERSONAL_DATA_ENVIRONMENT, SUBJECT_KEY_ENVIRONMENT } from './function-environments';

/** The key store and the blind-index secret, as the use cases take them. */
export interface SubjectKeys {
  readonly keyStore: SubjectKeyStore;
  readonly blindIndexKey: BlindIndexKeySource;
}

/** On AWS: the key store table, subject keys wrapped by KMS, the secret derived by KMS GenerateMac. */
export function awsSubjectKeys(
  env: EnvironmentOf<typeof SUBJECT_KEY_ENVIRONMENT>,
  clients: { readonly documentClient: DynamoDBDocumentClient; readonly kms: KMSClient },
): SubjectKeys {
  const blindIndexKey = kmsBlindIndexKey(clients.kms, env.BLIND_INDEX_KEY_ARN);
  const wrapper = kmsKeyWrapper(clients.kms, env.SUBJECT_KEY_WRAPPING_KEY_ARN);
  return { blindIndexKey, keyStore: new DynamoDbSubjectKeyStore({ documentClient: clients.documentClient, tableName: env.SUBJECT_KEY_TABLE, wrapper, blindIndexKey }) };
}

/** Locally: the key store table in DynamoDB Local, the wrapping key and the secret in files under `localDir`. */
export function localSubjectKeys(options: { readonly localDir: string; readonly documentClient: DynamoDBDocumentClient; readonly tableName: string }): SubjectKeys {
  const blindIndexKey = fileBlindIndexKey(options.localDir);
  const wrapper = fileKeyWrapper(options.localDir);
  return { blindIndexKey, keyStore: new DynamoDbSubjectKeyStore({ documentClient: options.documentClient, tableName: options.tableName, wrapper, blindIndexKey }) };
}

/**
 * The extra personal key names of PERSONAL_DATA_KEYS (a JSON array of strings); left out,
 * none. A malformed value fails the cold start naming the variable.
 */
export function personalDataKeysFrom(env: EnvironmentOf<typeof PERSONAL_DATA_ENVIRONMENT>): string[] {
  if (env.PERSONAL_DATA_KEYS === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.PERSONAL_DATA_KEYS);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((k) => typeof k === 'string' && k.length > 0 && k.length <= 128)) {
    throw new EnvironmentError('PERSONAL_DATA_KEYS', 'environment variable PERSONAL_DATA_KEYS must be a JSON array of key names (1 to 128 characters)');
  }
  return parsed as string[];
}
