/** Service names: an alarm on an audit metric only sees it under its publisher's exact `service` dimension. */
import { describe, expect, it } from '@jest/globals';
import { AUDIT_METRIC_PUBLISHERS } from '../../../lambdas/core/monitoring/rule-types';
import { SERVICE_NAMES } from '../../../lambdas/core/service-names';

describe('service names', () => {
  it('name the sealer and verifier as the publishers the metric alarms expect', () => {
    // Act
    const publishers = { ...AUDIT_METRIC_PUBLISHERS };
    // Assess
    expect(publishers).toEqual({
      IntegrityFailures: SERVICE_NAMES.verifier,
      SealLagSeconds: SERVICE_NAMES.sealer,
      UnsealedEvents: SERVICE_NAMES.sealer,
      MonitoringDrift: SERVICE_NAMES.verifier,
      LateSealedEvents: SERVICE_NAMES.sealer,
      ResealRefused: SERVICE_NAMES.sealer,
    });
  });

  it('are distinct, so no two functions share log, metric or trace identity', () => {
    // Act
    const names = Object.values(SERVICE_NAMES);
    // Assess
    expect(new Set(names).size).toBe(names.length);
  });
});
