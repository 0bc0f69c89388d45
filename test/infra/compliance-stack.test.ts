/**
 * The DmisAudit pack on the real audit stack: it recognises the stack's audit table and
 * security log groups, finds nothing unacknowledged, and fails a synthesis when a
 * violation is registered the way bin/app.ts registers it.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { auditTableIds, isArchiveBucket, isSecurityLogGroup } from '../../lib/compliance/audit-resources';
import { logicalIdOf, resourcesOfType } from '../../lib/compliance/cfn-view';
import { DmisAuditChecks } from '../../lib/compliance/dmis-audit-checks';
import type { AuditStack } from '../../lib/audit-stack';
import { buildAuditStack, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';
import { dmisFindings } from './compliance-fixture';

describe('DmisAudit pack on the audit stack', () => {
  let stack: AuditStack;
  beforeAll(() => {
    stack = buildAuditStack().stack;
  }, SYNTH_TIMEOUT_MS);

  it('finds nothing unacknowledged', () => {
    expect(dmisFindings(stack)).toEqual([]);
  });

  it('recognises exactly one audit table, the AuditTable construct', () => {
    const ids = auditTableIds(stack);

    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^AuditTable/);
  });

  it('treats the security-line log group and the WAF log group as security logs', () => {
    const security = resourcesOfType(stack, 'AWS::Logs::LogGroup')
      .filter(isSecurityLogGroup)
      .map((g) => g.node.path);

    expect(security).toEqual(
      expect.arrayContaining([expect.stringMatching(/StreamProcessor/), expect.stringMatching(/Waf/)]),
    );
  });

  it('recognises the Object Lock buckets (archive, published checkpoints) as archives and not the access-log bucket', () => {
    const archives = resourcesOfType(stack, 'AWS::S3::Bucket')
      .filter(isArchiveBucket)
      .map((b) => b.node.path);

    expect(archives.sort()).toEqual([
      expect.stringMatching(/Archive\/Bucket\/Resource$/),
      expect.stringMatching(/Checkpoints\/Bucket\/Resource$/),
    ]);
  });

  it('does not treat the ingest function log group as a security log', () => {
    const ingestLogs = resourcesOfType(stack, 'AWS::Logs::LogGroup').filter((g) =>
      g.node.path.startsWith('AuditTest/Ingest/'),
    );

    expect(ingestLogs.map(logicalIdOf)).toHaveLength(1);
    expect(ingestLogs.filter(isSecurityLogGroup)).toEqual([]);
  });
});

describe('DmisAudit pack at synthesis', () => {
  it(
    'fails synthesis with the rule id when a security log group keeps one year',
    () => {
      const app = new App();
      const stack = new Stack(app, 'Synth');
      new logs.LogGroup(stack, 'WafLogs', { logGroupName: 'aws-waf-logs-t', retention: logs.RetentionDays.ONE_YEAR });
      Validations.of(app).addPlugins(new DmisAuditChecks(app));

      expect(() => app.synth()).toThrow(/DmisAudit-SecurityLogRetention/);
    },
    SYNTH_TIMEOUT_MS,
  );
});
