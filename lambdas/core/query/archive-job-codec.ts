import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors';
import type { Caller } from '../ports';
import { MAX_JOB_ID_CHARS } from './api-schemas';
import { ARCHIVE_JOB_ROUTES, ARCHIVE_JOB_TTL_MS, type ArchiveJob, type ArchiveJobRoute } from './archive-jobs';

/**
 * Job ids: `base64url(iv ‖ AES-256-GCM(payload) ‖ tag)` under a key derived (HKDF) from
 * the search cursor key. Encrypted, not only signed: the id travels in URLs and access
 * logs, and the parameters it seals can name people. Any changed byte fails the tag;
 * a job is only opened for the caller that started it, before its expiry.
 */

const KEY_INFO = 'dmis-audit/archive-job/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Base64url, long enough for iv and tag. */
const JOB_ID = /^[A-Za-z0-9_-]{38,}$/;

/** What the first request fixes; the codec adds the expiry. */
export type ArchiveJobStart = Omit<ArchiveJob, 'expiresAt'>;

/** Seals and opens job ids with one secret key. */
export class ArchiveJobCodec {
  private readonly key: Buffer;

  constructor(
    cursorKey: Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (cursorKey.byteLength < 32) throw new TypeError('a job key needs a cursor key of at least 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', cursorKey, Buffer.alloc(0), KEY_INFO, 32));
  }

  /** A new job, valid for ARCHIVE_JOB_TTL_MS from now. */
  start(job: ArchiveJobStart): string {
    return this.seal({ ...job, expiresAt: this.now().getTime() + ARCHIVE_JOB_TTL_MS });
  }

  /** The id of a job (a poll's successor keeps the first expiry: polling never extends a job). */
  seal(job: ArchiveJob): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(job), 'utf8'), cipher.final()]);
    const jobId = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    if (jobId.length > MAX_JOB_ID_CHARS)
      throw new ValidationError('this read needs more archive queries than one job can follow; narrow the period or add filters', [
        { path: 'from', message: 'the period reaches too far into the archive for one job' },
      ]);
    return jobId;
  }

  /**
   * The job behind `jobId`, for `caller` only. A malformed, altered or foreign id is one
   * and the same 404, so an id tells nothing about whose it is; an expired one says so.
   */
  open(jobId: string, caller: Caller): ArchiveJob {
    const job = this.decrypt(jobId);
    if (!job || job.principal !== caller.principal || job.signedInUser !== caller.signedInUser) throw noSuchJob();
    if (job.expiresAt < this.now().getTime())
      throw new NotFoundError('the job has expired; send the original request again to start a new one');
    return job;
  }

  private decrypt(jobId: string): ArchiveJob | undefined {
    if (jobId.length > MAX_JOB_ID_CHARS || !JOB_ID.test(jobId)) return undefined;
    const bytes = Buffer.from(jobId, 'base64url');
    if (bytes.byteLength <= IV_BYTES + TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES)), decipher.final()]);
      const job = JSON.parse(plain.toString('utf8')) as ArchiveJob;
      return isArchiveJobRoute(job.route) ? job : undefined;
    } catch {
      return undefined;
    }
  }
}

function isArchiveJobRoute(route: unknown): route is ArchiveJobRoute {
  return (ARCHIVE_JOB_ROUTES as readonly unknown[]).includes(route);
}

function noSuchJob(): NotFoundError {
  return new NotFoundError('no such job for this caller; send the original request again to start one');
}
