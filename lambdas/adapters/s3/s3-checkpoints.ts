import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { VerifiedCheckpointStore } from '../../core/integrity/kept-checkpoint';
import type { CheckpointLog } from '../../core/integrity/ports';
import type { TrustedKeysStore } from '../../core/integrity/publish-keys';
import { TRUSTED_KEYS_FILE } from '../../core/integrity/trusted-keys';
import { isExistingObject, readObject } from './s3-objects';

/**
 * The checkpoint bucket on AWS (lib/constructs/checkpoint-publishing.ts): versioned, with
 * Object Lock, so every published note stays retrievable. The sealer writes
 * `checkpoints/<treeSize>.txt` once (conditional put) and `checkpoints/latest` as a new
 * version each block; the daily verifier alone writes `verified/checkpoint`.
 */

const CHECKPOINT_PREFIX = 'checkpoints/';
/** The object the daily verifier remembers its last verified checkpoint in. */
export const VERIFIED_CHECKPOINT_KEY = 'verified/checkpoint';

/** Published checkpoints in an S3 bucket. */
export class S3CheckpointLog implements CheckpointLog {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  async publish(treeSize: number, note: string): Promise<void> {
    try {
      await put(this.client, this.bucket, `${CHECKPOINT_PREFIX}${treeSize}.txt`, note, true);
    } catch (error) {
      // A heartbeat block repeats its predecessor's size: the first note of a size stays.
      if (!isExistingObject(error)) throw error;
    }
    await put(this.client, this.bucket, `${CHECKPOINT_PREFIX}latest`, note, false);
  }

  latest(): Promise<string | undefined> {
    return read(this.client, this.bucket, `${CHECKPOINT_PREFIX}latest`);
  }
}

/** The daily verifier's memory, under a prefix only its role may write. */
export class S3VerifiedCheckpoint implements VerifiedCheckpointStore {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  read(): Promise<string | undefined> {
    return read(this.client, this.bucket, VERIFIED_CHECKPOINT_KEY);
  }

  async write(note: string): Promise<void> {
    await put(this.client, this.bucket, VERIFIED_CHECKPOINT_KEY, note, false);
  }
}

async function put(
  client: Pick<S3Client, 'send'>,
  bucket: string,
  key: string,
  note: string,
  once: boolean,
  contentType = 'text/plain; charset=utf-8',
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: note,
      ContentType: contentType,
      ...(once ? { IfNoneMatch: '*' } : {}),
      // Object Lock buckets require an integrity checksum on every put.
      ChecksumAlgorithm: 'SHA256',
    }),
  );
}

function read(client: Pick<S3Client, 'send'>, bucket: string, key: string): Promise<string | undefined> {
  return readObject(client, { bucket, key }, (body) => body.transformToString('utf-8'));
}

/** Key of the published trusted keys: beside the checkpoints, so the sealer's grant and the replication cover it. */
export const TRUSTED_KEYS_OBJECT_KEY = `${CHECKPOINT_PREFIX}${TRUSTED_KEYS_FILE}`;

/** The published trusted keys in the checkpoint bucket; every version stays (versioning, Object Lock). */
export class S3TrustedKeys implements TrustedKeysStore {
  constructor(
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  read(): Promise<string | undefined> {
    return read(this.client, this.bucket, TRUSTED_KEYS_OBJECT_KEY);
  }

  async write(text: string): Promise<void> {
    await put(this.client, this.bucket, TRUSTED_KEYS_OBJECT_KEY, text, false, 'application/json');
  }
}
