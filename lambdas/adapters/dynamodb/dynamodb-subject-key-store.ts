/**
 * The subject key store on its own DynamoDB table (subject-key-table-schema.ts). Keys are
 * wrapped by a KeyWrapper (KMS on AWS, a key file locally) and unwrapped on read; subjects
 * are named by a keyed hash, never in clear. Concurrent first uses of a subject converge:
 * each creator writes its key, one conditional update makes one of them current, and the
 * losers destroy theirs (no event was sealed under it) and read the winner's.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { subjectRefOf } from '../../core/privacy/field-cipher';
import type { BlindIndexKeySource, ExpiringKey, KeyState, KeyWrapper, SubjectKey, SubjectKeyStore } from '../../core/privacy/ports';
import { WRITER_SEND_OPTIONS } from './document-client';
import { translateStoreError } from './store-errors';
import { readKeyStates } from './subject-key-reads';
import { SUBJECT_KEY_ITEMS, SUBJECT_KEY_TABLE } from './subject-key-table-schema';

// Each round either finds a current key or makes one current; a round is lost only to a
// concurrent erasure or creator, so a few rounds suffice.
const MAX_ROUNDS = 4;

/** What the store is built from. */
export interface SubjectKeyStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly wrapper: KeyWrapper;
  /** The secret subjects are named by (the blind-index secret). */
  readonly blindIndexKey: BlindIndexKeySource;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** SubjectKeyStore on DynamoDB. */
export class DynamoDbSubjectKeyStore implements SubjectKeyStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;

  constructor(private readonly options: SubjectKeyStoreOptions) {
    this.db = options.documentClient;
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  /** Outages and throttling of the store or KMS become 503 / 429 (store-errors.ts), as for the event store. */
  keyFor(subjectId: string, retainUntil: string): Promise<SubjectKey> {
    return this.findOrCreate(subjectId, retainUntil).catch((error: unknown) => Promise.reject(translateStoreError(error)));
  }

  private async findOrCreate(subjectId: string, retainUntil: string): Promise<SubjectKey> {
    const ref = subjectRefOf(subjectId, await this.options.blindIndexKey());
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const subject = await this.get(SUBJECT_KEY_ITEMS.subjectPk(ref));
      const current = subject?.currentKeyId as string | undefined;
      const key = current ? await this.usableKey(current, retainUntil) : await this.createKey(ref, retainUntil);
      if (key) return key;
    }
    throw new Error('no subject key could be agreed on after repeated concurrent attempts');
  }

  keysById(keyIds: readonly string[]): Promise<ReadonlyMap<string, KeyState>> {
    return readKeyStates(this.db, this.table, this.options.wrapper, keyIds).catch((error: unknown) => Promise.reject(translateStoreError(error)));
  }

  async eraseSubject(subjectId: string, at: Date): Promise<readonly string[]> {
    const ref = subjectRefOf(subjectId, await this.options.blindIndexKey());
    let keyIds: string[];
    try {
      // No current key first, so no new event is sealed under a key about to be destroyed.
      const out = await this.db.send(new UpdateCommand({
        TableName: this.table, Key: { pk: SUBJECT_KEY_ITEMS.subjectPk(ref) },
        UpdateExpression: 'REMOVE currentKeyId SET erasedAt = :at', ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() }, ReturnValues: 'ALL_OLD',
      }), WRITER_SEND_OPTIONS);
      keyIds = [...((out.Attributes?.keyIds as Set<string> | undefined) ?? [])].sort();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return [];
      throw error;
    }
    await Promise.all(keyIds.map((keyId) => this.destroyKey(keyId, at)));
    return keyIds;
  }

  async listExpired(before: Date, limit: number): Promise<readonly ExpiringKey[]> {
    const expiring: ExpiringKey[] = [];
    const index = SUBJECT_KEY_TABLE.indexes[0];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({
        TableName: this.table, IndexName: index.indexName, Limit: limit - expiring.length, ExclusiveStartKey: start,
        KeyConditionExpression: '#live = :live AND #until < :before',
        ExpressionAttributeNames: { '#live': index.partitionKey.name, '#until': index.sortKey.name },
        ExpressionAttributeValues: { ':live': SUBJECT_KEY_ITEMS.liveKey, ':before': before.toISOString() },
      }), WRITER_SEND_OPTIONS);
      for (const item of out.Items ?? []) {
        expiring.push({ keyId: (item.pk as string).slice(SUBJECT_KEY_ITEMS.keyPk('').length), retainUntil: item.retainUntil as string });
      }
      start = out.LastEvaluatedKey;
    } while (start && expiring.length < limit);
    return expiring;
  }

  async destroyKey(keyId: string, at: Date): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.table, Key: { pk: SUBJECT_KEY_ITEMS.keyPk(keyId) },
        UpdateExpression: 'REMOVE wrappedKey, expiryKey SET erasedAt = if_not_exists(erasedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at.toISOString() },
      }), WRITER_SEND_OPTIONS);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // no such key: nothing to destroy
    }
  }

  /** The current key unwrapped, its retention end pushed to `retainUntil`; undefined when it was destroyed meanwhile. */
  private async usableKey(keyId: string, retainUntil: string): Promise<SubjectKey | undefined> {
    const item = await this.get(SUBJECT_KEY_ITEMS.keyPk(keyId));
    if (!(item?.wrappedKey instanceof Uint8Array)) return undefined;
    const [key] = await Promise.all([this.options.wrapper.unwrap(keyId, item.wrappedKey), this.extend(keyId, retainUntil)]);
    return { keyId, key };
  }

  private async extend(keyId: string, retainUntil: string): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.table, Key: { pk: SUBJECT_KEY_ITEMS.keyPk(keyId) }, UpdateExpression: 'SET retainUntil = :until',
        ConditionExpression: 'attribute_exists(wrappedKey) AND retainUntil < :until', ExpressionAttributeValues: { ':until': retainUntil },
      }), WRITER_SEND_OPTIONS);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // already later, or destroyed
    }
  }

  /** A new key made current for the subject; undefined when another creator won (its key is then read). */
  private async createKey(ref: string, retainUntil: string): Promise<SubjectKey | undefined> {
    const keyId = randomBytes(16).toString('base64url');
    const { plaintext, wrapped } = await this.options.wrapper.generate(keyId);
    await this.db.send(new PutCommand({
      TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: SUBJECT_KEY_ITEMS.keyPk(keyId), wrappedKey: wrapped, subjectRef: ref, createdAt: this.now().toISOString(), retainUntil, expiryKey: SUBJECT_KEY_ITEMS.liveKey },
    }), WRITER_SEND_OPTIONS);
    try {
      await this.db.send(new UpdateCommand({
        TableName: this.table, Key: { pk: SUBJECT_KEY_ITEMS.subjectPk(ref) },
        UpdateExpression: 'SET currentKeyId = :key ADD keyIds :keys', ConditionExpression: 'attribute_not_exists(currentKeyId)',
        ExpressionAttributeValues: { ':key': keyId, ':keys': new Set([keyId]) },
      }), WRITER_SEND_OPTIONS);
      return { keyId, key: plaintext };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.destroyKey(keyId, this.now());
      return undefined;
    }
  }

  private async get(pk: string): Promise<Record<string, unknown> | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }), WRITER_SEND_OPTIONS)).Item;
  }
}
