/**
 * DmisAudit log and archive rules: security log groups (recognised by a metric filter,
 * a WAF log name or a mark) keep seven years or are exported to the archive, and are
 * KMS-encrypted; the archive bucket has Object Lock in COMPLIANCE mode.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from '@jest/globals';
import { markAuditResource } from '../../lib/compliance/audit-resources';
import { aKey, aStack, findingsOfRule } from './compliance-fixture';

/** A log group a metric filter reads: what makes it a security log group. */
function securityLog(stack: Stack, props: logs.LogGroupProps): logs.LogGroup {
  const group = new logs.LogGroup(stack, 'SecurityLog', props);
  group.addMetricFilter('Failures', {
    filterPattern: logs.FilterPattern.allEvents(),
    metricNamespace: 'T',
    metricName: 'M',
  });
  return group;
}

function archiveBucket(stack: Stack, props: s3.BucketProps): s3.Bucket {
  return new s3.Bucket(stack, 'ArchiveBucket', props);
}

describe('DmisAudit security log rules', () => {
  it('pass a ten-year, KMS-encrypted security log group', () => {
    const stack = aStack();
    securityLog(stack, { retention: logs.RetentionDays.TEN_YEARS, encryptionKey: aKey(stack) });

    expect([
      ...findingsOfRule(stack, 'SecurityLogRetention'),
      ...findingsOfRule(stack, 'SecurityLogEncrypted'),
    ]).toEqual([]);
  });

  it('SecurityLogRetention flags a security log group kept one year', () => {
    const stack = aStack();
    securityLog(stack, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: aKey(stack) });

    expect(findingsOfRule(stack, 'SecurityLogRetention')).toEqual([
      'DmisAudit-SecurityLogRetention at Rules/SecurityLog/Resource',
    ]);
  });

  it('SecurityLogRetention flags a WAF log group (aws-waf-logs-*) kept one year', () => {
    const stack = aStack();
    new logs.LogGroup(stack, 'WafLogs', {
      logGroupName: 'aws-waf-logs-x',
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: aKey(stack),
    });

    expect(findingsOfRule(stack, 'SecurityLogRetention')).toEqual([
      'DmisAudit-SecurityLogRetention at Rules/WafLogs/Resource',
    ]);
  });

  it('SecurityLogRetention passes a one-year security log group exported through Firehose to the archive bucket', () => {
    const stack = aStack();
    const group = securityLog(stack, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: aKey(stack) });
    const archive = archiveBucket(stack, {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(2557)),
    });
    const stream = new firehose.DeliveryStream(stack, 'Export', { destination: new firehose.S3Bucket(archive) });
    new logs.CfnSubscriptionFilter(stack, 'ToArchive', {
      logGroupName: group.logGroupName,
      filterPattern: '',
      destinationArn: stream.deliveryStreamArn,
    });

    expect(findingsOfRule(stack, 'SecurityLogRetention')).toEqual([]);
  });

  it('SecurityLogEncrypted flags a marked security log group without a KMS key', () => {
    const stack = aStack();
    markAuditResource(new logs.LogGroup(stack, 'Marked', { retention: logs.RetentionDays.INFINITE }), 'security-log');

    expect(findingsOfRule(stack, 'SecurityLogEncrypted')).toEqual([
      'DmisAudit-SecurityLogEncrypted at Rules/Marked/Resource',
    ]);
  });

  it('leave an ordinary one-year log group (no filter, no WAF name, no mark) alone', () => {
    const stack = aStack();
    new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_YEAR });

    expect([
      ...findingsOfRule(stack, 'SecurityLogRetention'),
      ...findingsOfRule(stack, 'SecurityLogEncrypted'),
    ]).toEqual([]);
  });
});

describe('DmisAudit archive rule', () => {
  it('ArchiveObjectLockCompliance passes an archive bucket locked in COMPLIANCE mode', () => {
    const stack = aStack();
    archiveBucket(stack, {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(2557)),
    });

    expect(findingsOfRule(stack, 'ArchiveObjectLockCompliance')).toEqual([]);
  });

  it('ArchiveObjectLockCompliance flags an archive bucket locked in GOVERNANCE mode', () => {
    const stack = aStack();
    archiveBucket(stack, {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(2557)),
    });

    expect(findingsOfRule(stack, 'ArchiveObjectLockCompliance')).toEqual([
      'DmisAudit-ArchiveObjectLockCompliance at Rules/ArchiveBucket/Resource',
    ]);
  });

  it('ArchiveObjectLockCompliance flags an archive bucket without Object Lock', () => {
    const stack = aStack();
    archiveBucket(stack, { versioned: true });

    expect(findingsOfRule(stack, 'ArchiveObjectLockCompliance')).toEqual([
      'DmisAudit-ArchiveObjectLockCompliance at Rules/ArchiveBucket/Resource',
    ]);
  });

  it('ArchiveObjectLockCompliance flags a bucket marked as the archive whatever its id', () => {
    const stack = aStack();
    markAuditResource(new s3.Bucket(stack, 'Blocks'), 'audit-archive');

    expect(findingsOfRule(stack, 'ArchiveObjectLockCompliance')).toEqual([
      'DmisAudit-ArchiveObjectLockCompliance at Rules/Blocks/Resource',
    ]);
  });

  it("ArchiveObjectLockCompliance leaves the archive's access-log bucket alone", () => {
    const stack = aStack();
    new s3.Bucket(stack, 'ArchiveAccessLogs');

    expect(findingsOfRule(stack, 'ArchiveObjectLockCompliance')).toEqual([]);
  });
});
