import { describe, expect, it } from '@jest/globals';
import { monitoringRules } from '../../../lambdas/core/monitoring/rules';
import { createSealerHandler } from '../../../lambdas/functions/sealer/handler';
import { storedEventAt } from '../../fixtures/integrity/events';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';

/** A late-sealed event is a metric with an alarm, not only a log line. */
describe('LateSealedEvents', () => {
  it('counts the events a sealer run sealed late', async () => {
    // Prepare: block 0 is sealed, then an event claiming a time inside it arrives.
    const h = new IntegrityHarness();
    await h.seal(70);
    h.ingest(storedEventAt(at(30)), storedEventAt(at(31)));
    const metrics: Record<string, number> = {};
    const handler = createSealerHandler({
      sealDeps: h.sealDeps,
      config: h.config,
      metric: (name, value) => void (metrics[name] = value),
      now: () => new Date(at(130)),
    });
    // Act
    const summary = await handler();
    // Assess
    expect(summary.lateEventIds).toHaveLength(2);
    expect(metrics.LateSealedEvents).toBe(2);
  });

  it('publishes zero when nothing was late, so the alarm sees data', async () => {
    // Prepare
    const h = new IntegrityHarness();
    h.ingest(storedEventAt(at(5)));
    const metrics: Record<string, number> = {};
    const handler = createSealerHandler({
      sealDeps: h.sealDeps,
      config: h.config,
      metric: (name, value) => void (metrics[name] = value),
      now: () => new Date(at(70)),
    });
    // Act
    await handler();
    // Assess
    expect(metrics.LateSealedEvents).toBe(0);
  });

  it('has an alarm rule on the sealer metric', () => {
    // Act
    const rule = monitoringRules().find((r) => r.name === 'late-sealed-events');
    // Assess
    expect(rule).toMatchObject({ source: 'metric', metric: { kind: 'audit', name: 'LateSealedEvents' }, threshold: 1 });
  });
});
