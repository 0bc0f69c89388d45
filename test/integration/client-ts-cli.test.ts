import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditClient, events, httpsTransport, localTransportOptions } from '../../clients/typescript/src/index';
import { ClientStack } from '../fixtures/client-stack';
import { runTsx } from '../fixtures/run-tsx';

/** `dmis-audit outbox status|drain --dir D` on an outbox a client left behind while the API was down. */

let stack: ClientStack;
beforeAll(async () => {
  stack = await ClientStack.start();
});
afterAll(() => stack?.stop());

describe('dmis-audit outbox', () => {
  it('shows the queue length and oldest age, then drains it to the API', async () => {
    // Prepare: five events spooled while the API is down.
    const dir = await mkdtemp(join(tmpdir(), 'dmis-outbox-cli-'));
    await stack.stopApi();
    const client = await AuditClient.create({ transport: httpsTransport(await localTransportOptions(stack.localDir)), outbox: { dir }, retry: { maxAttempts: 1 } });
    const queued = await Promise.all([1, 2, 3, 4, 5].map((n) => client.record(events.transferCreate({ actor: { userId: 'cli' }, outcome: 'success', metadata: { n } }))));
    await client.close();
    await stack.startApi();
    // Act
    const before = await runTsx('bin/cli.ts', ['outbox', 'status', '--dir', dir, '--json']);
    const drain = await runTsx('bin/cli.ts', ['outbox', 'drain', '--dir', dir, '--local-dir', stack.localDir]);
    const after = await runTsx('bin/cli.ts', ['outbox', 'status', '--dir', dir]);
    const missingDir = await runTsx('bin/cli.ts', ['outbox', 'status']);
    // Assess
    expect(queued.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
    expect(JSON.parse(before.stdout)).toMatchObject({ pendingEvents: 5, oldestAgeMs: expect.any(Number) });
    expect([drain.code, drain.stdout.trim()]).toEqual([0, 'outbox drain: sent 5 events; the outbox is empty']);
    expect(after.stdout).toMatch(/pending events: 0/);
    expect([missingDir.code, missingDir.stderr]).toEqual([1, expect.stringContaining('--dir DIR is required')]);
    const stored = new Set((await stack.storedRows()).map((row) => row.eventId));
    expect(queued.every((r) => stored.has(r.eventId))).toBe(true);
  }, 120_000);
});
