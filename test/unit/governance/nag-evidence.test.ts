/**
 * The evidence pack's cdk-nag part: open findings, acknowledged findings with the reason
 * and place of their acknowledgement, and acknowledgements nothing needs any more.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from '@jest/globals';
import { DmisAuditChecks } from '../../../lib/compliance/dmis-audit-checks';
import { collectNagEvidence } from '../../../lib/compliance/nag-evidence';

function wafLogs(stack: Stack, id: string): logs.LogGroup {
  return new logs.LogGroup(stack, id, { logGroupName: `aws-waf-logs-${id}`, retention: logs.RetentionDays.ONE_YEAR });
}

describe('collectNagEvidence', () => {
  it('reports an unacknowledged finding as open', () => {
    const stack = new Stack(new App(), 'E');
    wafLogs(stack, 'Open');

    const evidence = collectNagEvidence(stack, [new DmisAuditChecks()]);

    expect(evidence.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'DmisAudit-SecurityLogRetention', constructPath: 'E/Open/Resource' }),
    );
    expect(evidence.findings.find((f) => f.constructPath === 'E/Open/Resource')?.acknowledgedBy).toBeUndefined();
  });

  it('reports an acknowledged finding with the reason and the construct that acknowledged it', () => {
    const stack = new Stack(new App(), 'E');
    const group = wafLogs(stack, 'Accepted');
    Validations.of(group).acknowledge({ id: 'DmisAudit-SecurityLogRetention', reason: 'exported nightly by the SIEM' });

    const evidence = collectNagEvidence(stack, [new DmisAuditChecks()]);

    const finding = evidence.findings.find((f) => f.ruleId === 'DmisAudit-SecurityLogRetention');
    expect(finding?.acknowledgedBy).toEqual({
      ruleId: 'DmisAudit-SecurityLogRetention',
      constructPath: 'E/Accepted',
      reason: 'exported nightly by the SIEM',
    });
  });

  it('lists an acknowledgement that no finding needs as unused', () => {
    const stack = new Stack(new App(), 'E');
    const group = new logs.LogGroup(stack, 'Fine', { retention: logs.RetentionDays.TEN_YEARS });
    Validations.of(group).acknowledge({ id: 'DmisAudit-SecurityLogEncrypted', reason: 'left over' });

    const evidence = collectNagEvidence(stack, [new DmisAuditChecks()]);

    expect(evidence.unusedAcknowledgements.map((a) => a.ruleId)).toEqual(['DmisAudit-SecurityLogEncrypted']);
  });

  it('leaves the pack reporting only open findings afterwards for a fresh instance', () => {
    const stack = new Stack(new App(), 'E');
    const group = wafLogs(stack, 'Accepted');
    Validations.of(group).acknowledge({ id: 'DmisAudit-SecurityLogRetention', reason: 'r' });
    collectNagEvidence(stack, [new DmisAuditChecks()]);

    const report = new DmisAuditChecks().validateScope(stack);

    expect(report.violations.map((v) => v.ruleName)).not.toContain('DmisAudit-SecurityLogRetention');
  });
});
