/**
 * The subject key store's table: the one definition used by the CDK construct
 * (lib/constructs/subject-key-store.ts) and the local runtime's table creation
 * (local/create-subject-key-table.ts). Pure data, no AWS SDK import.
 *
 * Items (dynamodb-subject-key-store.ts):
 * - `SUBJECT#<ref>`: `currentKeyId`, `keyIds` (string set of every key the subject had),
 *   `erasedAt`. `ref` is HMAC-SHA-256(blind-index secret, `subject\n<subjectId>`): the
 *   store never holds a subject id in clear.
 * - `KEY#<keyId>`: `wrappedKey` (binary), `subjectRef`, `createdAt`, `retainUntil`,
 *   `erasedAt`, and `expiryKey` while the key material exists (the byExpiry index is
 *   sparse: a destroyed key leaves it).
 */
import type { KeyAttribute } from './table-schema';

export const SUBJECT_KEY_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  indexes: [
    {
      indexName: 'byExpiry',
      partitionKey: { name: 'expiryKey', type: 'S' },
      sortKey: { name: 'retainUntil', type: 'S' },
      serves: 'keys not yet destroyed, by retention end, for the retention sweep',
    },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  indexes: readonly { indexName: string; partitionKey: KeyAttribute; sortKey: KeyAttribute; serves: string }[];
};

/** Item keys and the one value of the expiry index's partition key. */
export const SUBJECT_KEY_ITEMS = {
  subjectPk: (subjectRef: string) => `SUBJECT#${subjectRef}`,
  keyPk: (keyId: string) => `KEY#${keyId}`,
  /** `expiryKey` of every key whose material still exists. */
  liveKey: 'LIVE',
} as const;
