/**
 * Reads the state of many subject keys at once (for decryption): BatchGetItem over the
 * key items, 100 at a time, unprocessed keys retried, each wrapped key unwrapped.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeyState, KeyWrapper } from '../../core/privacy/ports';
import { SUBJECT_KEY_ITEMS } from './subject-key-table-schema';

const BATCH_GET_LIMIT = 100;
const MAX_ATTEMPTS = 8;

/** The state of each key id: usable (unwrapped), erased, or unknown. */
export async function readKeyStates(
  db: DynamoDBDocumentClient,
  tableName: string,
  wrapper: KeyWrapper,
  keyIds: readonly string[],
): Promise<ReadonlyMap<string, KeyState>> {
  const ids = [...new Set(keyIds)];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += BATCH_GET_LIMIT) {
    items.push(...(await batchGet(db, tableName, ids.slice(i, i + BATCH_GET_LIMIT))));
  }
  const byId = new Map(items.map((item) => [(item.pk as string).slice(SUBJECT_KEY_ITEMS.keyPk('').length), item]));
  const states = await Promise.all(ids.map((keyId) => stateOf(keyId, byId.get(keyId), wrapper)));
  return new Map(ids.map((keyId, i) => [keyId, states[i] as KeyState]));
}

async function stateOf(keyId: string, item: Record<string, unknown> | undefined, wrapper: KeyWrapper): Promise<KeyState> {
  if (item?.wrappedKey instanceof Uint8Array) return { kind: 'usable', key: { keyId, key: await wrapper.unwrap(keyId, item.wrappedKey) } };
  if (typeof item?.erasedAt === 'string') return { kind: 'erased', keyId, erasedAt: item.erasedAt };
  return { kind: 'unknown', keyId };
}

async function batchGet(db: DynamoDBDocumentClient, tableName: string, keyIds: readonly string[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let keys: Record<string, unknown>[] = keyIds.map((keyId) => ({ pk: SUBJECT_KEY_ITEMS.keyPk(keyId) }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === MAX_ATTEMPTS) throw new Error('the key store left keys unread after repeated attempts');
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    const out = await db.send(new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, wrappedKey, erasedAt' } },
    }));
    found.push(...(out.Responses?.[tableName] ?? []));
    keys = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return found;
}
