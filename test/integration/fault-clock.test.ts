import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { buildIngestServices } from '../../lambdas/composition/ingest-services';
import { ValidationError } from '../../lambdas/core/errors';
import { DynamoDbIntegrityHarness } from '../fixtures/integrity/dynamodb-harness';
import { at } from '../fixtures/integrity/harness';
import { anEvent } from '../fixtures/events';

/**
 * Clock skew, with an injected server clock over DynamoDB Local: a client's occurredAt far
 * off is refused; the server's clock stepping backwards stamps ingestedAt in an interval
 * already sealed, which the sealer's late lookback seals in the next block, and which the
 * verifier names when the step is longer than the lookback.
 */

let h: DynamoDbIntegrityHarness;
let clock: Date;
let ingest: (occurredAt?: string) => Promise<string>;
beforeEach(async () => {
  h = await DynamoDbIntegrityHarness.create();
  const { ingestEvents } = buildIngestServices({ ...h.table, clock: () => clock });
  ingest = async (occurredAt = clock.toISOString()) => {
    const [accepted] = await ingestEvents.execute(anEvent({ occurredAt }), { principal: 'test' });
    return accepted?.eventId as string;
  };
});
afterEach(async () => {
  await h.dispose();
});

describe("a client's clock far off", () => {
  it.each([
    ['a day in the future', 86_400],
    ['before 2000', -Date.parse(at(0)) / 1000 + Date.parse('1999-12-31T00:00:00Z') / 1000],
  ])('refuses occurredAt %s with a 400 that names the field, storing nothing', async (_, offsetSeconds) => {
    // Prepare
    clock = new Date(at(30));
    // Act
    const refused = ingest(at(offsetSeconds));
    // Assess
    await expect(refused).rejects.toMatchObject({ constructor: ValidationError, details: [{ path: 'occurredAt' }] });
    expect(await h.source.eventsIngestedIn(new Date(at(0)), new Date(at(3600)))).toEqual([]);
  });
});

describe('the server clock stepping backwards', () => {
  it('seals an event stamped into a sealed interval late, in the next block, and verify names only that', async () => {
    // Prepare: block 0 sealed at 75 s; then the clock steps back 40 s, to 35 s.
    clock = new Date(at(30));
    const before = await ingest();
    await h.seal(75);
    clock = new Date(at(35));
    const stepped = await ingest(at(80));
    // Act: the sealer, on a clock that stepped back too, then caught up.
    const whileBehind = await h.seal(70);
    const caughtUp = await h.seal(135);
    // Assess
    expect(whileBehind.sealed).toEqual([]);
    expect(caughtUp.sealed.map((b) => ({ seq: b.seq, late: b.late }))).toEqual([{ seq: 1, late: [stepped] }]);
    const leaves = await Promise.all([0, 1].map(async (s) => (await h.archive.getBlock(s))?.leaves.map((l) => l.eventId)));
    expect(leaves).toEqual([[before], [stepped]]);
    const errors = (await h.verify(135)).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => ({ code: f.code, eventId: f.eventId }))).toEqual([{ code: 'late_sealed_event', eventId: stepped }]);
  });

  it('names an event stamped further back than the late lookback, never dropping it silently', async () => {
    // Prepare: blocks 0-4 sealed; then the clock steps back five minutes, behind the 2-block lookback.
    clock = new Date(at(10));
    await ingest();
    await h.seal(310);
    clock = new Date(at(20));
    const stepped = await ingest(at(310));
    // Act
    await h.seal(370);
    const report = await h.verify(370);
    // Assess
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.eventId)).toContain(stepped);
  });
});
