import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ArchiveJobCodec, type ArchiveJobStart } from '../../../lambdas/core/query/archive-job-codec';
import { MAX_JOB_ID_CHARS } from '../../../lambdas/core/query/api-schemas';
import { ARCHIVE_JOB_TTL_MS, ArchiveJobContext, archiveQueryKey, jobParamsOf } from '../../../lambdas/core/query/archive-jobs';
import { CursorCodec } from '../../../lambdas/core/query/cursor';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const CALLER = { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/alice' };
const JOB: ArchiveJobStart = {
  route: 'GET /v1/events',
  params: jobParamsOf({ from: '2024-01-01T00:00:00.000Z', actor: 'jdoe@example.org', limit: '50' }),
  principal: CALLER.principal,
  requestedAt: new Date(T0).toISOString(),
  executions: { [archiveQueryKey('SELECT 1', ['a'])]: '0b8a9f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' },
};

function codecAt(clock: { now: number }, key = randomBytes(32)) {
  return new ArchiveJobCodec(key, () => new Date(clock.now));
}

describe('ArchiveJobCodec', () => {
  it('opens its own job for the caller that started it, with every field as sealed', () => {
    const codec = codecAt({ now: T0 });
    expect(codec.open(codec.start(JOB), CALLER)).toEqual({ ...JOB, expiresAt: T0 + ARCHIVE_JOB_TTL_MS });
  });

  it('keeps the parameters out of sight: the id is encrypted, not only signed', () => {
    const jobId = codecAt({ now: T0 }).start(JOB);
    expect(Buffer.from(jobId, 'base64url').toString('latin1')).not.toMatch(/jdoe|actor|GET \/v1|AuditReader/);
  });

  it('rejects the id with any one byte changed', () => {
    const codec = codecAt({ now: T0 });
    const bytes = Buffer.from(codec.start(JOB), 'base64url');
    const accepted = [];
    for (let i = 0; i < bytes.byteLength; i += 1) {
      const altered = Buffer.from(bytes);
      altered[i] = (altered[i] as number) ^ 0x01;
      try {
        codec.open(altered.toString('base64url'), CALLER);
        accepted.push(i);
      } catch (error) {
        expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/no such job/) });
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects a truncated, extended or foreign-alphabet id', () => {
    const codec = codecAt({ now: T0 });
    const jobId = codec.start(JOB);
    for (const bad of [jobId.slice(0, -1), `${jobId}A`, `${jobId.slice(0, 10)}.${jobId.slice(10)}`, '', 'A'.repeat(40)])
      expect(() => codec.open(bad, CALLER)).toThrow(/no such job/);
  });

  it('rejects another caller with the same answer as a forged id', () => {
    const codec = codecAt({ now: T0 });
    const jobId = codec.start(JOB);
    expect(() => codec.open(jobId, { principal: 'arn:aws:sts::123456789012:assumed-role/AuditReader/mallory' })).toThrow(/no such job/);
    expect(() => codec.open(jobId, { ...CALLER, signedInUser: 'cognito:0f8fad5b-d9cb-469f-a165-70867728950e' })).toThrow(/no such job/);
  });

  it('rejects a job once it has expired, and a poll does not extend it', () => {
    const clock = { now: T0 };
    const codec = codecAt(clock);
    const first = codec.start(JOB);
    clock.now = T0 + ARCHIVE_JOB_TTL_MS - 1;
    const polled = codec.seal(codec.open(first, CALLER));
    clock.now = T0 + ARCHIVE_JOB_TTL_MS + 1;
    expect(() => codec.open(first, CALLER)).toThrow(/expired/);
    expect(() => codec.open(polled, CALLER)).toThrow(/expired/);
  });

  it('opens no id sealed under another key, and no cursor of the same key', () => {
    const key = randomBytes(32);
    const jobId = codecAt({ now: T0 }).start(JOB);
    expect(() => codecAt({ now: T0 }, key).open(jobId, CALLER)).toThrow(/no such job/);
    const cursor = new CursorCodec(key, () => new Date(T0)).seal('f', { occurredAt: JOB.requestedAt, eventId: 'e' });
    expect(() => codecAt({ now: T0 }, key).open(cursor, CALLER)).toThrow(/no such job/);
  });

  it('refuses a short key', () => {
    expect(() => new ArchiveJobCodec(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('refuses to seal a job too large for a URL, with a 400 that says what to do', () => {
    const codec = codecAt({ now: T0 });
    const executions = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [archiveQueryKey('SELECT ?', [String(i)]), `execution-${i}-0b8a9f6e-1c2d-4e5f`]));
    expect(() => codec.start({ ...JOB, executions })).toThrow(expect.objectContaining({ code: 'invalid_request', message: expect.stringMatching(/narrow the period/) }));
    expect(codec.start({ ...JOB, executions: Object.fromEntries(Object.entries(executions).slice(0, 60)) }).length).toBeLessThanOrEqual(MAX_JOB_ID_CHARS);
  });
});

describe('archive job parts', () => {
  it('keeps a request\'s parameters sorted by name, absent ones dropped', () => {
    expect(Object.entries(jobParamsOf({ to: 'b', from: 'a', limit: undefined }))).toEqual([['from', 'a'], ['to', 'b']]);
  });

  it('keys a query by its statement and every parameter', () => {
    const key = archiveQueryKey('SELECT ? ', ['a']);
    expect([archiveQueryKey('SELECT ?', ['a']), archiveQueryKey('SELECT ? ', ['b']), archiveQueryKey('SELECT ? ', ['a', ''])]).not.toContain(key);
    expect(archiveQueryKey('SELECT ? ', ['a'])).toBe(key);
  });

  it('remembers the executions it is given and those started since', () => {
    const job = new ArchiveJobContext({ k1: 'e1' });
    job.started('k2', 'e2');
    expect([job.executionOf('k1'), job.executionOf('k2'), job.executionOf('k3'), job.executions()]).toEqual(['e1', 'e2', undefined, { k1: 'e1', k2: 'e2' }]);
  });
});
