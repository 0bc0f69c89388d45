/**
 * Findings of a scan of the synthesised template, protection side: fixed-name resources
 * kept except on a failed create, the backup vault lock per stage, key policies that
 * deny deletion outside a break-glass role with an alert on any attempt, and an archive
 * whose objects nobody may delete.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, type AuditConfig } from '../../lib/config';
import { buildAuditStack, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

const BREAK_GLASS = 'arn:aws:iam::123456789012:role/audit-break-glass';
const synth = (config: AuditConfig): Template => Template.fromStack(buildAuditStack(config, { bundle: false }).stack);
/** The parts of the resources these tests read. */
interface Resource {
  Properties: {
    LockConfiguration?: unknown;
    KeyPolicy: { Statement: Array<Record<string, unknown>> };
    EventPattern: { detail: { eventName: string[]; requestParameters: { keyId: unknown[] } } };
    Targets: unknown[];
  };
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
const only = (template: Template, type: string, props: Record<string, unknown> = {}): Resource => {
  const found = Object.values(template.findResources(type, { Properties: props }));
  expect(found).toHaveLength(1);
  return found[0] as Resource;
};

let staging: Template;
beforeAll(() => {
  staging = synth({ ...TEST_CONFIG, breakGlassRoleArn: BREAK_GLASS });
}, SYNTH_TIMEOUT_MS);

describe('fixed-name resources', () => {
  it.each([
    ['WAF log group', 'AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-dmis-audit-staging' }],
    ['backup vault', 'AWS::Backup::BackupVault', {}],
  ])('keep the %s on deletion and replacement, but not after a failed create', (_name, type, props) => {
    const { DeletionPolicy, UpdateReplacePolicy } = only(staging, type, props);

    expect({ DeletionPolicy, UpdateReplacePolicy }).toEqual({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });
});

describe('backup vault lock', () => {
  it('is COMPLIANCE in prod: a 3-day grace period, then immutable', () => {
    const prod = synth({ ...TEST_CONFIG, stage: 'prod', backupVaultLock: 'compliance' });

    expect(only(prod, 'AWS::Backup::BackupVault').Properties.LockConfiguration).toEqual({ MinRetentionDays: 35, ChangeableForDays: 3 });
  });

  it('is GOVERNANCE by default elsewhere (no grace period: removable by a privileged user)', () => {
    expect(only(staging, 'AWS::Backup::BackupVault').Properties.LockConfiguration).toEqual({ MinRetentionDays: 35 });
  });

  it('is absent when backupVaultLock is none', () => {
    const dev = synth({ ...DEFAULT_CONFIG, backupVaultLock: 'none' });

    expect(only(dev, 'AWS::Backup::BackupVault').Properties.LockConfiguration).toBeUndefined();
  });
});

describe('key guard', () => {
  const denyOf = (key: Resource): unknown =>
    key.Properties.KeyPolicy.Statement.find((s) => s.Effect === 'Deny');

  it.each([
    ['data key', { Description: 'DMIS audit trail data key' }],
    ['block signing key', { KeySpec: 'ECC_NIST_P256' }],
  ])('the %s denies deletion and disabling to all but the break-glass role', (_name, props) => {
    expect(denyOf(only(staging, 'AWS::KMS::Key', props))).toEqual({
      Sid: 'DenyKeyDestructionOutsideBreakGlass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:DisableKey', 'kms:DisableKeyRotation', 'kms:ScheduleKeyDeletion'],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': BREAK_GLASS } },
    });
  });

  it('denies them to everyone when no break-glass role is configured', () => {
    const dev = synth(DEFAULT_CONFIG);

    expect(denyOf(only(dev, 'AWS::KMS::Key', { Description: 'DMIS audit trail data key' }))).not.toHaveProperty('Condition');
  });

  it('sends any deletion, disabling or key-policy change on the audit keys to the alarm topic', () => {
    const rule = only(staging, 'AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.kms'] }) });

    expect(rule.Properties.EventPattern.detail.eventName).toEqual(['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy']);
    // Six keys, each by id and by ARN: data, signing, alarm topic, and the three personal-data keys.
    expect(rule.Properties.EventPattern.detail.requestParameters.keyId).toHaveLength(12);
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { Ref: expect.stringMatching(/^DetectionAlarmTopic/) },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^KeyGuardDeadLetters/), 'Arn'] } },
      }),
    ]);
  });
});

describe('archive', () => {
  it('locks every object by default for the shortest retention class; each put carries its own, longer lock', () => {
    const dev = synth(DEFAULT_CONFIG);

    only(dev, 'AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 31 } } },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'archive/' }),
    });
  });

  it('denies deleting objects and object versions to every principal', () => {
    const bucketId = Object.keys(staging.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }))[0];
    staging.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'] }),
        ]),
      },
    });
  });
});
