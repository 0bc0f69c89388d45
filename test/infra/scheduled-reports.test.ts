/**
 * The scheduled reports in the synthesized template: the function and its grants, the
 * encrypted, versioned, logged reports bucket, the encrypted topic with the security team's
 * e-mail subscriptions, and the two schedules from config; and the config and prop checks.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { resolveAuditConfig } from '../../lib/config';
import { scheduleProblem } from '../../lib/constructs/scheduled-reports-cron';
import { ScheduledReports } from '../../lib/constructs/scheduled-reports';
import { actionsOf, buildAuditStack, environmentOf, logicalIdOf, statementsOfRole, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';
import { AuditFunction } from '../../lib/constructs/audit-function';

const EMAILS = ['secops@example.gov', 'ciso@example.gov'];
const REPORTS_ROLE = /audit-reports/;

let template: Template;
let reports: ScheduledReports;
let reportsFunction: AuditFunction;
beforeAll(() => {
  const config = { ...TEST_CONFIG, reports: { emails: EMAILS, dailySchedule: '30 5 * * ? *', weeklySchedule: '0 7 ? * SUN *' } };
  const { stack } = buildAuditStack(config, { bundle: false });
  template = Template.fromStack(stack);
  reports = stack.node.findAll().find((c): c is ScheduledReports => c instanceof ScheduledReports) as ScheduledReports;
  reportsFunction = reports.node.findAll().find((c): c is AuditFunction => c instanceof AuditFunction) as AuditFunction;
}, SYNTH_TIMEOUT_MS);

const ref = (construct: Parameters<typeof logicalIdOf>[0]) => ({ Ref: logicalIdOf(construct) });
const statementsWith = (action: string) => statementsOfRole(template, REPORTS_ROLE).filter((s) => actionsOf(s).includes(action));

describe('reports bucket', () => {
  it('is SSE-KMS with the data key, versioned, TLS only, private, logged, with a lifecycle', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }), BucketKeyEnabled: true })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'reports/' }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireReports', Prefix: 'reports/', ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(reports.bucket),
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets the function put objects under reports/ only, and read none', () => {
    const puts = statementsWith('s3:PutObject');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(reports.bucket), 'Arn'] }, '/reports/*']] });
    expect(statementsWith('s3:GetObject').flatMap((s) => [s.Resource].flat())).not.toContainEqual(expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining(['/reports/*'])]) }));
  });
});

describe('reports topic', () => {
  it('is encrypted with a key of its own and TLS only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'DMIS audit reports', KmsMasterKeyId: Match.anyValue() });
  });

  it('mails every configured address, each with the dead-letter queue', () => {
    for (const email of EMAILS) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email', Endpoint: email, TopicArn: ref(reports.topic), RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
      });
    }
  });

  it('lets only the reports function publish to it', () => {
    const publishers = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Resource: ref(reports.topic) })]) } },
    });
    expect(Object.keys(publishers)).toHaveLength(1);
    expect(statementsWith('sns:Publish').map((s) => s.Resource)).toEqual([ref(reports.topic)]);
  });
});

describe('schedules', () => {
  it.each([
    ['daily-logins', 'cron(30 5 * * ? *)'],
    ['weekly-changes', 'cron(0 7 ? * SUN *)'],
  ])('runs %s at %s with its report name as the payload', (report, expression) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: expression,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(reportsFunction.function), 'Arn'] }, Input: JSON.stringify({ report }), RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
  });
});

describe('reports function', () => {
  it('reads the table, appends its audit.read events, and reads the archive for integrity', () => {
    expect(statementsWith('dynamodb:Query')).not.toHaveLength(0);
    expect(statementsWith('dynamodb:PutItem')[0]?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [expect.stringMatching(/\*$/)] } });
    expect(statementsWith('kms:GetPublicKey')).not.toHaveLength(0);
    expect(statementsWith('dynamodb:UpdateItem')).toEqual([]);
    expect(statementsWith('dynamodb:DeleteItem')).toEqual([]);
  });

  it('is told its bucket, key, topic and the brute-force thresholds of the monitoring config', () => {
    expect(environmentOf(template, reportsFunction)).toMatchObject({
      REPORTS_BUCKET: ref(reports.bucket),
      REPORTS_TOPIC_ARN: ref(reports.topic),
      REPORTS_KEY_ARN: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      DETECTOR_THRESHOLD: String(TEST_CONFIG.monitoring.bruteForceThreshold),
      DETECTOR_WINDOW_SECONDS: String(TEST_CONFIG.monitoring.bruteForceWindowSeconds),
    });
  });

  it('may run 15 minutes on arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(), Timeout: 900, Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'audit-reports' }) },
    });
  });
});

describe('report configuration', () => {
  it('defaults to 06:00 UTC daily and Mondays 06:00 UTC, no e-mails', () => {
    expect(resolveAuditConfig(() => undefined).reports).toEqual({ emails: [], dailySchedule: '0 6 * * ? *', weeklySchedule: '0 6 ? * MON *' });
  });

  it('reads e-mails and schedules, dropping a cron() wrapper', () => {
    const context: Record<string, unknown> = { reportEmails: 'secops@example.gov', dailyReportSchedule: 'cron(15 4 * * ? *)', weeklyReportSchedule: '0 5 ? * MON-FRI *' };
    expect(resolveAuditConfig((k) => context[k]).reports).toEqual({ emails: ['secops@example.gov'], dailySchedule: '15 4 * * ? *', weeklySchedule: '0 5 ? * MON-FRI *' });
  });

  it.each([
    [{ reportEmails: 'secops' }, 'reportEmails[0]'],
    [{ dailyReportSchedule: '0 6 * * *' }, 'dailyReportSchedule'],
    [{ dailyReportSchedule: '0 6 * * MON *' }, 'dailyReportSchedule'],
    [{ weeklyReportSchedule: '0 25 ? * MON *' }, 'weeklyReportSchedule'],
    [{ weeklyReportSchedule: 7 }, 'weeklyReportSchedule'],
  ])('rejects %o naming %s', (context, field) => {
    expect(() => resolveAuditConfig((k) => (context as Record<string, unknown>)[k])).toThrow(`Invalid config "${field}"`);
  });

  it.each(['0 6 * * ? *', '*/15 0-5,22-23 ? * MON-FRI *', '0 6 L * ? 2026-2030', '0 6 ? * 2#1 *', '0 12 15W JAN,JUL ? *'])('accepts %s', (cron) => {
    expect(scheduleProblem(cron)).toBeUndefined();
  });

  it.each(['60 6 * * ? *', '0 6 * * * *', '0 6 ? * ? *', '0 6 32 * ? *', '0 6 * 13 ? *', '0 6 ? * 8 *', 'x 6 * * ? *', '0 6 * * ? * *'])('refuses %s', (cron) => {
    expect(scheduleProblem(cron)).toEqual(expect.any(String));
  });
});
