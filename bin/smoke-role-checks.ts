/**
 * The smoke test's role check: each role is refused the other's routes (403), as the
 * route table grants them. It needs two different identities, so on AWS it runs only
 * when a profile is given for each role.
 */
import { randomUUID } from 'node:crypto';
import { pathOf } from '../lambdas/core/api/route-match';
import type { SmokeCall } from './smoke-client';
import { smokeEvent } from './smoke-event-checks';
import { expectThat, timed, type SmokeRow } from './smoke-report';

/** The row's name, shared with the skipped row. */
export const ROLE_CHECK = 'roles kept apart';

/** Reader may not write, writer may not read. */
export async function roleChecks(call: SmokeCall, run: boolean): Promise<SmokeRow[]> {
  if (!run) return [{ check: ROLE_CHECK, status: 'skipped', detail: 'give --writer-profile and --reader-profile (two identities)', seconds: 0 }];
  return [
    await timed(ROLE_CHECK, async () => {
      const readerWrites = await call('reader', pathOf('POST /v1/events'), smokeEvent());
      const writerReads = await call('writer', pathOf('GET /v1/events/{eventId}', { eventId: randomUUID() }));
      return expectThat(
        readerWrites.status === 403 && writerReads.status === 403,
        'reader POST 403, writer GET 403',
        `reader POST answered ${readerWrites.status}, writer GET answered ${writerReads.status} (expected 403 both)`,
      );
    }),
  ];
}
