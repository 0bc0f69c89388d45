/**
 * The NIST SP 800-53 Rev 5 controls the governance pack answers for, and the
 * CloudFormation resources that implement each, so the evidence pack can list them from
 * the synthesized template. docs/security/controls-matrix.md says how; a test keeps the
 * two in step.
 */
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';

/** One resource kind that implements a control, optionally only when its properties say so. */
export interface ImplementingResource {
  readonly type: string;
  /** Only resources whose properties satisfy this. @default every resource of the type */
  readonly where?: (properties: Readonly<Record<string, unknown>>) => boolean;
}

/** A control and what implements it in the template. */
export interface NistControl {
  readonly id: string;
  readonly title: string;
  readonly resources: readonly ImplementingResource[];
}

const t = (...types: string[]): ImplementingResource[] => types.map((type) => ({ type }));
const objectLocked: ImplementingResource = { type: 'AWS::S3::Bucket', where: (p) => p.ObjectLockEnabled === true };
const signingKey: ImplementingResource = { type: 'AWS::KMS::Key', where: (p) => p.KeyUsage === 'SIGN_VERIFY' };
const auditTable: ImplementingResource = {
  type: 'AWS::DynamoDB::Table',
  where: (p) => p.StreamSpecification !== undefined,
};
const described = (pattern: RegExp): ImplementingResource => ({
  type: 'AWS::Lambda::Function',
  where: (p) => pattern.test(String(p.Description ?? '')),
});
const ingestFunction = described(/redacts/i);
const streamProcessor = described(/security line/i);
const sevenYearLogs: ImplementingResource = {
  type: 'AWS::Logs::LogGroup',
  where: (p) => typeof p.RetentionInDays !== 'number' || p.RetentionInDays >= RECORDS_RETENTION_DAYS,
};
const throttleAlarms: ImplementingResource = {
  type: 'AWS::CloudWatch::Alarm',
  where: (p) => p.MetricName === 'Throttles' || p.MetricName === 'IteratorAge',
};

/** The controls, in the order docs/security/controls-matrix.md lists them. */
export const NIST_CONTROLS: readonly NistControl[] = [
  { id: 'AU-2', title: 'Event logging', resources: [ingestFunction, streamProcessor, ...t('AWS::ApiGateway::Method')] },
  { id: 'AU-3', title: 'Content of audit records', resources: [auditTable] },
  { id: 'AU-3(1)', title: 'Additional audit information', resources: [auditTable] },
  {
    id: 'AU-3(3)',
    title: 'Limit personally identifiable information elements',
    resources: [ingestFunction, streamProcessor],
  },
  { id: 'AU-4', title: 'Audit log storage capacity', resources: [auditTable, objectLocked] },
  {
    id: 'AU-5',
    title: 'Response to audit logging process failures',
    resources: t('AWS::CloudWatch::Alarm', 'AWS::SQS::Queue', 'AWS::Lambda::EventSourceMapping'),
  },
  { id: 'AU-5(1)', title: 'Storage capacity warning', resources: [throttleAlarms] },
  {
    id: 'AU-5(2)',
    title: 'Real-time alerts',
    resources: t('AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::CloudWatch::Alarm'),
  },
  {
    id: 'AU-6',
    title: 'Audit record review, analysis, and reporting',
    resources: t('AWS::CloudWatch::Dashboard', 'AWS::Logs::MetricFilter'),
  },
  {
    id: 'AU-6(1)',
    title: 'Automated process integration',
    resources: t('AWS::Logs::MetricFilter', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::AnomalyDetector'),
  },
  {
    id: 'AU-6(3)',
    title: 'Correlate audit record repositories',
    resources: [sevenYearLogs, ...t('AWS::CloudWatch::InsightRule')],
  },
  { id: 'AU-7', title: 'Audit record reduction and report generation', resources: t('AWS::ApiGateway::Method') },
  { id: 'AU-8', title: 'Time stamps', resources: [ingestFunction] },
  {
    id: 'AU-9',
    title: 'Protection of audit information',
    resources: [auditTable, ...t('AWS::KMS::Key', 'AWS::IAM::Role')],
  },
  {
    id: 'AU-9(2)',
    title: 'Store on separate physical systems or components',
    resources: [objectLocked, ...t('AWS::Backup::BackupVault', 'AWS::Backup::BackupPlan')],
  },
  { id: 'AU-9(3)', title: 'Cryptographic protection', resources: [signingKey, ...t('AWS::KMS::Key')] },
  { id: 'AU-9(4)', title: 'Access by subset of privileged users', resources: t('AWS::IAM::Role', 'AWS::IAM::Policy') },
  { id: 'AU-10', title: 'Non-repudiation', resources: [signingKey, auditTable] },
  {
    id: 'AU-11',
    title: 'Audit record retention',
    resources: [auditTable, objectLocked, sevenYearLogs, ...t('AWS::Backup::BackupPlan')],
  },
  { id: 'AU-11(1)', title: 'Long-term retrieval capability', resources: [objectLocked] },
  {
    id: 'AU-12',
    title: 'Audit record generation',
    resources: [ingestFunction, streamProcessor, ...t('AWS::ApiGateway::Stage', 'AWS::WAFv2::LoggingConfiguration')],
  },
  { id: 'AC-2', title: 'Account management', resources: t('AWS::IAM::Role') },
  { id: 'AC-3', title: 'Access enforcement', resources: t('AWS::ApiGateway::Method', 'AWS::IAM::Policy') },
  { id: 'AC-6', title: 'Least privilege', resources: t('AWS::IAM::Policy', 'AWS::IAM::Role') },
  {
    id: 'IA-2',
    title: 'Identification and authentication (organizational users)',
    resources: t('AWS::ApiGateway::Method'),
  },
  {
    id: 'SC-8',
    title: 'Transmission confidentiality and integrity',
    resources: t('AWS::ApiGateway::RestApi', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::S3::BucketPolicy'),
  },
  { id: 'SC-12', title: 'Cryptographic key establishment and management', resources: t('AWS::KMS::Key') },
  { id: 'SC-13', title: 'Cryptographic protection', resources: t('AWS::KMS::Key') },
  {
    id: 'SC-28',
    title: 'Protection of information at rest',
    resources: t(
      'AWS::DynamoDB::Table',
      'AWS::Logs::LogGroup',
      'AWS::SNS::Topic',
      'AWS::SQS::Queue',
      'AWS::Backup::BackupVault',
      'AWS::S3::Bucket',
    ),
  },
  {
    id: 'SI-4',
    title: 'System monitoring',
    resources: t('AWS::WAFv2::WebACL', 'AWS::CloudWatch::Alarm', 'AWS::Lambda::EventSourceMapping'),
  },
  {
    id: 'SI-10',
    title: 'Information input validation',
    resources: t('AWS::ApiGateway::RequestValidator', 'AWS::ApiGateway::Model'),
  },
  { id: 'IR-4', title: 'Incident handling', resources: t('AWS::SNS::Topic', 'AWS::CloudWatch::Alarm') },
  {
    id: 'CP-9',
    title: 'System backup',
    resources: [
      auditTable,
      ...t('AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault'),
    ],
  },
];

/** A synthesized CloudFormation template, as much of it as the evidence reads. */
export interface CfnTemplate {
  readonly Resources?: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
  >;
}

/** Logical ids (with their type) of the template's resources that implement `control`. */
export function implementingResources(
  control: NistControl,
  template: CfnTemplate,
): Array<{ logicalId: string; type: string }> {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) =>
      control.resources.some((kind) => kind.type === r.Type && (kind.where?.(r.Properties ?? {}) ?? true)),
    )
    .map(([logicalId, r]) => ({ logicalId, type: r.Type }));
}
