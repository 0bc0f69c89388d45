import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StoredEvent } from '../../core/event-schema';
import {
  blockObjectKey,
  decodeArchivedBlock,
  decodeEvents,
  encodeArchivedBlock,
  encodeEvents,
  eventsObjectKey,
} from '../../core/integrity/archive-codec';
import { ArchiveObjectExistsError, type ArchivedBlock, type BlockArchive } from '../../core/integrity/ports';
import { isExistingObject, readObject } from './s3-objects';

/** Where the archive lives and which KMS key encrypts new objects. */
export interface S3ArchiveOptions {
  readonly bucket: string;
  /** Key ARN for SSE-KMS; the bucket's default encryption uses the same key. */
  readonly kmsKeyArn: string;
}

/**
 * The write-once archive on S3: a bucket with Object Lock in COMPLIANCE mode, so no one,
 * not even the account root, can delete or replace an object before its retention ends.
 * Every put is conditional (`If-None-Match: *`): an existing key is never replaced by a
 * new version either. Same keys and bytes as the local folder archive (archive-codec.ts).
 */
export class S3BlockArchive implements BlockArchive {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly options: S3ArchiveOptions,
  ) {}

  async putBlock(archived: ArchivedBlock): Promise<void> {
    await this.putOnce(blockObjectKey(archived.block.seq), encodeArchivedBlock(archived), 'application/json');
  }

  async putEvents(seq: number, events: readonly StoredEvent[]): Promise<void> {
    await this.putOnce(eventsObjectKey(seq), encodeEvents(events), 'application/x-ndjson', 'gzip');
  }

  async getBlock(seq: number): Promise<ArchivedBlock | undefined> {
    const body = await this.read(blockObjectKey(seq));
    return body && decodeArchivedBlock(body);
  }

  async getEvents(seq: number): Promise<StoredEvent[] | undefined> {
    const body = await this.read(eventsObjectKey(seq));
    return body && decodeEvents(body);
  }

  async listBlockSeqs(): Promise<number[]> {
    const seqs: number[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: 'blocks/', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const digits = /^blocks\/(\d+)\.json$/.exec(object.Key ?? '')?.[1];
        if (digits !== undefined) seqs.push(Number(digits));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return seqs.sort((a, b) => a - b);
  }

  private async putOnce(key: string, body: Buffer, contentType: string, contentEncoding?: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(contentEncoding ? { ContentEncoding: contentEncoding } : {}),
          IfNoneMatch: '*',
          // Object Lock buckets require an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.options.kmsKeyArn,
        }),
      );
    } catch (error) {
      if (isExistingObject(error)) throw new ArchiveObjectExistsError(key);
      throw error;
    }
  }

  private read(key: string): Promise<Uint8Array | undefined> {
    return readObject(this.client, { bucket: this.options.bucket, key }, (body) => body.transformToByteArray());
  }
}
