/**
 * Rotation on AWS (`signingKeyArn`) and the auditors' daily checkpoint mail
 * (`auditorEmails`) in the synthesized template: who may sign with and read which key,
 * and the encrypted topic the verifier alone publishes to.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  actionsOf, buildAuditStack, logicalIdOf, onlyResourceId, statementsOfRole, SYNTH_TIMEOUT_MS, TEST_CONFIG,
} from './audit-stack-fixture';
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AuditIntegrity } from '../../lib/constructs/audit-integrity';
import { TRUSTED_KEYS_OBJECT_KEY } from '../../lambdas/adapters/s3/s3-checkpoints';

const CONFIGURED = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const AUDITORS = ['auditor@example.gov', 'witness@example.org'];

let template: Template;
let integrity: AuditIntegrity;
beforeAll(() => {
  const evidence = { account: '444444444444', bucketName: 'dmis-evidence-checkpoints' };
  const { stack } = buildAuditStack(
    { ...TEST_CONFIG, signingKeyArn: CONFIGURED, auditorEmails: AUDITORS, evidence },
    { bundle: false },
  );
  template = Template.fromStack(stack);
  integrity = integrityOf(stack);
}, SYNTH_TIMEOUT_MS);

const integrityOf = (stack: Stack): AuditIntegrity =>
  stack.node.findAll().find((c): c is AuditIntegrity => c instanceof AuditIntegrity) as AuditIntegrity;

/** A function's synthesized environment variables. */
const envOf = (fn: IConstruct): Record<string, unknown> =>
  (template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)] as { Properties: { Environment: { Variables: Record<string, unknown> } } })
    .Properties.Environment.Variables;
const stackKey = () => ({ 'Fn::GetAtt': [onlyResourceId(template, 'AWS::KMS::Key', { KeyUsage: 'SIGN_VERIFY' }), 'Arn'] });
/** Resources of the role's statements that allow `action`. */
const resourcesFor = (role: RegExp, action: string) =>
  statementsOfRole(template, role)
    .filter((s) => actionsOf(s).includes(action))
    .flatMap((s) => [s.Resource].flat());

describe('signing with a configured key (rotation)', () => {
  it('keeps the stack signing key', () => {
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ KeyUsage: 'SIGN_VERIFY' }), DeletionPolicy: 'Retain' });
  });

  it('lets the sealer sign and read the public key of the configured key only', () => {
    expect(resourcesFor(/audit-sealer/, 'kms:Sign')).toEqual([CONFIGURED]);
    expect(resourcesFor(/audit-sealer/, 'kms:GetPublicKey')).toEqual([CONFIGURED]);
  });

  it('lets the verifier and the query function read both public keys, and sign with neither', () => {
    for (const role of [/audit-verifier/, /audit-query/]) {
      expect(resourcesFor(role, 'kms:GetPublicKey')).toEqual(expect.arrayContaining([stackKey(), CONFIGURED]));
      expect(resourcesFor(role, 'kms:Sign')).toEqual([]);
    }
  });

  it('names the configured key as SIGNING_KEY_ARN of the sealer and the verifier', () => {
    expect(envOf(integrity.sealer.function)).toMatchObject({ SIGNING_KEY_ARN: CONFIGURED });
    expect(envOf(integrity.verifier.function)).toMatchObject({ SIGNING_KEY_ARN: CONFIGURED });
  });
});

describe('published trusted keys', () => {
  it('are replicated to the evidence bucket with the checkpoints: the rule filters no prefix out', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: { LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'checkpoints/' }) },
    });
    const rules = Object.values(buckets).flatMap(
      (b) => (b as { Properties: { ReplicationConfiguration: { Rules: Array<Record<string, unknown>> } } }).Properties.ReplicationConfiguration.Rules,
    );
    expect(rules).toHaveLength(1);
    const prefix = (rules[0]?.Filter as { Prefix?: string } | undefined)?.Prefix ?? '';
    expect(TRUSTED_KEYS_OBJECT_KEY.startsWith(prefix)).toBe(true);
    expect(TRUSTED_KEYS_OBJECT_KEY).toBe('checkpoints/trusted-keys.json');
  });
});

describe('daily checkpoint mail to auditors', () => {
  it('is a KMS-encrypted topic with each auditor subscribed by e-mail with a dead-letter queue', () => {
    expect(integrity.checkpointMail).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'DMIS audit checkpoints',
      KmsMasterKeyId: Match.anyValue(),
    });
    for (const email of AUDITORS)
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
      });
  });

  it('tells the verifier the topic and lets it publish there', () => {
    expect(envOf(integrity.verifier.function)).toMatchObject({ CHECKPOINT_TOPIC_ARN: expect.anything() });
    const publish = statementsOfRole(template, /audit-verifier/).filter((s) => actionsOf(s).includes('sns:Publish'));
    expect(publish).toEqual([expect.objectContaining({ Resource: expect.objectContaining({ Ref: expect.stringMatching(/CheckpointMailTopic/) }) })]);
    expect(resourcesFor(/audit-sealer/, 'sns:Publish')).toEqual([]);
  });

  it('is absent without auditorEmails', () => {
    expect(integrityOf(buildAuditStack(TEST_CONFIG, { bundle: false }).stack).checkpointMail).toBeUndefined();
  }, SYNTH_TIMEOUT_MS);
});
