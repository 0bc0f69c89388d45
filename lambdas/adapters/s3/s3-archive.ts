import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StoredEvent } from '../../core/event-schema';
import {
  blockObjectKey,
  blockRetainUntil,
  decodeArchivedBlock,
  decodeEvents,
  encodeArchivedBlock,
  encodeEvents,
  eventsOfBlockObjects,
  isEventPartitionOf,
  partitionEvents,
} from '../../core/integrity/archive-codec';
import { ArchiveObjectExistsError, type ArchivedBlock, type BlockArchive } from '../../core/integrity/ports';
import { isExistingObject, readObject } from './s3-objects';

/** Where the archive lives and which KMS key encrypts new objects. */
export interface S3ArchiveOptions {
  readonly bucket: string;
  /** Key ARN for SSE-KMS; the bucket's default encryption uses the same key. */
  readonly kmsKeyArn: string;
  /**
   * Days block files and the longest class's partitions are locked (archiveRetentionDays of
   * config `archiveRetentionYears`, ARCHIVE_RETENTION_YEARS). @default the records retention
   */
  readonly archiveRetentionDays?: number;
}

/** One object to put once, with its lock. */
interface LockedObject {
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly retainUntil: Date;
}

/**
 * The write-once archive on S3: a bucket with Object Lock in COMPLIANCE mode, so no one,
 * not even the account root, can delete or replace an object before its retention ends.
 * Each put sets its own lock: an event partition until the latest retention end of its
 * events plus a day (a debug partition about 31 days, a security one 7 years or the
 * configured archive retention if longer), a block file for the archive retention. Every put is conditional (`If-None-Match: *`): an existing key
 * is never replaced by a new version either. Same keys and bytes as the local folder
 * archive (archive-codec.ts).
 */
export class S3BlockArchive implements BlockArchive {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly options: S3ArchiveOptions,
  ) {}

  async putEvents(seq: number, events: readonly StoredEvent[]): Promise<void> {
    for (const partition of partitionEvents(seq, events, this.options.archiveRetentionDays)) {
      const object: LockedObject = {
        key: partition.key,
        body: encodeEvents(partition.events),
        contentType: 'application/x-ndjson',
        contentEncoding: 'gzip',
        retainUntil: partition.retainUntil,
      };
      const existing = await this.putOnce(object);
      // A resumed seal rewriting what a crashed run wrote: the same bytes are success.
      if (existing && !Buffer.from((await this.read(object.key)) ?? []).equals(object.body))
        throw new ArchiveObjectExistsError(object.key);
    }
  }

  async putBlock(archived: ArchivedBlock): Promise<void> {
    const key = blockObjectKey(archived.block.seq);
    const body = encodeArchivedBlock(archived);
    const retainUntil = blockRetainUntil(archived.block, this.options.archiveRetentionDays);
    if (await this.putOnce({ key, body, contentType: 'application/json', retainUntil }))
      throw new ArchiveObjectExistsError(key);
  }

  async getBlock(seq: number): Promise<ArchivedBlock | undefined> {
    const body = await this.read(blockObjectKey(seq));
    return body && decodeArchivedBlock(body);
  }

  async getEvents(seq: number): Promise<StoredEvent[] | undefined> {
    const archived = await this.getBlock(seq);
    const keys = archived ? archived.eventObjects : await this.partitionsOf(seq);
    return eventsOfBlockObjects(archived, keys, (key) => this.read(key));
  }

  async getEventObject(key: string): Promise<StoredEvent[] | undefined> {
    const body = await this.read(key);
    return body && decodeEvents(body);
  }

  async listBlockSeqs(): Promise<number[]> {
    const keys = await this.listKeys('blocks/');
    return keys
      .map((key) => /^blocks\/(\d+)\.json$/.exec(key)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * The partitions of block `seq`, by listing `events/`: only for a block whose block file
   * is missing (a seal that crashed after its events), never on the normal seal path.
   */
  private async partitionsOf(seq: number): Promise<string[]> {
    return (await this.listKeys('events/')).filter((key) => isEventPartitionOf(key, seq)).sort();
  }

  private async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Puts the object unless its key exists; true when it existed (nothing written). */
  private async putOnce(object: LockedObject): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
          IfNoneMatch: '*',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: object.retainUntil,
          // Object Lock buckets require an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.options.kmsKeyArn,
        }),
      );
      return false;
    } catch (error) {
      if (isExistingObject(error)) return true;
      throw error;
    }
  }

  private read(key: string): Promise<Uint8Array | undefined> {
    return readObject(this.client, { bucket: this.options.bucket, key }, (body) => body.transformToByteArray());
  }
}
