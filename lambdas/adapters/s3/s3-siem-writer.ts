/**
 * An S3 SIEM destination (Security Lake style, OCSF or JSON): each batch becomes one NDJSON
 * object `<prefix>/yyyy/mm/dd/<first eventId>.ndjson`, dated by the first record's
 * ingestedAt, written SSE-KMS and only if the key is new (`If-None-Match: *`), so a retried
 * batch never replaces what was written. The key follows from the batch alone, so a retry
 * finds its own earlier object: the object says how many records it holds (metadata
 * `event-count`), and only records beyond those are written, under the key of the first of
 * them. Any failure is a SiemDeliveryError: the forwarder keeps the records in the backlog.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiemFormat } from '../../core/siem/destinations';
import { SiemDeliveryError, type SiemRecord, type SiemSender } from '../../core/siem/ports';
import { isExistingObject } from './s3-objects';

/** Where one S3 destination writes. */
export interface S3SiemWriterOptions {
  readonly destination: string;
  readonly bucket: string;
  /** Key prefix, without a trailing `/`. @default none: keys start at the year */
  readonly prefix?: string;
  readonly format: SiemFormat;
  /** The KMS key objects are encrypted with. @default the account's aws/s3 key */
  readonly kmsKeyId?: string;
}

const COUNT_METADATA = 'event-count';

/** Writes batches of records as NDJSON objects. */
export class S3SiemWriter implements SiemSender {
  readonly destination: string;

  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly options: S3SiemWriterOptions,
  ) {
    this.destination = options.destination;
  }

  async send(records: readonly SiemRecord[]): Promise<void> {
    let rest = records;
    while (rest.length > 0) {
      const key = this.keyOf(rest[0] as SiemRecord);
      const written = await this.putOnce(key, rest);
      rest = rest.slice(written ?? (await this.countIn(key)));
    }
  }

  async close(): Promise<void> {}

  /** `prefix/yyyy/mm/dd/<eventId>.ndjson` from the record's ingestedAt (UTC). */
  keyOf(first: SiemRecord): string {
    const day = first.ingestedAt.slice(0, 10).replaceAll('-', '/');
    const prefix = this.options.prefix?.replace(/\/+$/, '');
    return `${prefix ? `${prefix}/` : ''}${day}/${first.eventId}.ndjson`;
  }

  /** How many records it wrote, or undefined when the key already exists. */
  private async putOnce(key: string, records: readonly SiemRecord[]): Promise<number | undefined> {
    const { bucket, kmsKeyId } = this.options;
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: ndjson(this.options.format, records),
          ContentType: 'application/x-ndjson',
          IfNoneMatch: '*',
          ServerSideEncryption: 'aws:kms',
          ...(kmsKeyId ? { SSEKMSKeyId: kmsKeyId } : {}),
          Metadata: { [COUNT_METADATA]: String(records.length) },
        }),
      );
      return records.length;
    } catch (error) {
      if (isExistingObject(error)) return undefined;
      throw this.failure('PutObject', error);
    }
  }

  /** The record count an earlier write left on the object. */
  private async countIn(key: string): Promise<number> {
    let count: number;
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      count = Number(head.Metadata?.[COUNT_METADATA]);
    } catch (error) {
      throw this.failure('HeadObject', error);
    }
    if (!Number.isInteger(count) || count < 1)
      throw new SiemDeliveryError(this.destination, `s3://${this.options.bucket}/${key} exists and was not written by the forwarder`);
    return count;
  }

  private failure(call: string, error: unknown): SiemDeliveryError {
    const name = error instanceof Error ? error.name : 'unknown error';
    return new SiemDeliveryError(this.destination, `S3 ${call} failed: ${name}`, { cause: error });
  }
}

/** One record per line: JSON and OCSF records as they are, CEF lines as JSON strings. */
export function ndjson(format: SiemFormat, records: readonly SiemRecord[]): string {
  const line = format === 'cef' ? (r: SiemRecord) => JSON.stringify(r.body) : (r: SiemRecord) => r.body;
  return `${records.map(line).join('\n')}\n`;
}
