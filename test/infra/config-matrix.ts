/**
 * Every kind of configuration a user can set, as CDK context (what `-c key=value` and
 * cdk.json give bin/app.ts), resolved through lib/config.ts. Tests that must hold for any
 * deployment (cdk-nag) run over all of them, not only the defaults.
 */
import { resolveAuditConfig, type AuditConfig } from '../../lib/config';
import { SIEM_CONTEXT } from './siem-context';

const WRITER = 'arn:aws:iam::111111111111:role/dmis-api';
const READER = 'arn:aws:iam::222222222222:role/auditor';
const BREAK_GLASS = 'arn:aws:iam::123456789012:role/audit-break-glass';
const OVERRIDES = JSON.stringify({ 'failed-logins': { threshold: 20, periodMinutes: 10 }, 'record-change-anomaly': { enabled: false } });
const ALLOW_LISTS = { roleGrantAllowList: 'iam-admin,svc:provisioner', allowListedCidrs: '203.0.113.0/24,2001:db8::/32' };
const TUNING = {
  apiRateLimit: '50', apiBurstLimit: '100', logRetentionDays: '731', securityLogRetentionDays: '3653',
  bruteForceThreshold: '5', bruteForceWindowSeconds: '600', wafRateLimit: '500', archiveRetentionYears: '10',
};

/** The auditor console on its own domain (us-east-1 certificate and web ACL, as CloudFront requires). */
export const CONSOLE_CONTEXT = {
  dev: { consoleDomainName: 'audit-dev.dmis.example.gov', consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' },
  prod: {
    stage: 'prod', writerPrincipalArns: WRITER, readerPrincipalArns: READER,
    consoleDomainName: 'audit.dmis.example.gov',
    consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    consoleWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/dmis-console/2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e',
    cognitoDomainPrefix: 'dmis-audit-console',
  },
} as const;

/** Name → context. */
export const CONTEXT_MATRIX: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'dev defaults': {},
  'dev with alarm e-mails': { alarmEmails: 'secops@example.gov,oncall@example.gov' },
  'dev with allow-lists': ALLOW_LISTS,
  'dev with rule overrides and tuning': { monitoringRuleOverrides: OVERRIDES, ...TUNING },
  'dev without a vault lock': { backupVaultLock: 'none' },
  'dev with a 30-day hot window on the Standard-IA table class': { hotWindowDays: '30', tableClass: 'STANDARD_INFREQUENT_ACCESS' },
  'dev with a 1 GB Athena scan cap over the archive from 2027': { athenaBytesScannedLimit: '1000000000', archiveQueryStartDay: '2027-03-01' },
  'dev with scheduled report e-mails and schedules': {
    reportEmails: 'secops@example.gov,ciso@example.gov', dailyReportSchedule: 'cron(30 5 * * ? *)', weeklyReportSchedule: '0 7 ? * SUN *',
  },
  'dev replicating checkpoints to an evidence account': { evidenceAccount: '444444444444', evidenceBucket: 'dmis-evidence-checkpoints' },
  'dev signing with a rotated key, checkpoints mailed to auditors': {
    signingKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    auditorEmails: 'auditor@example.gov,witness@example.org',
  },
  'staging with principals, compliance lock and break-glass role': {
    stage: 'staging', writerPrincipalArns: WRITER, readerPrincipalArns: READER,
    backupVaultLock: 'compliance', breakGlassRoleArn: BREAK_GLASS,
  },
  'prod with principals': { stage: 'prod', writerPrincipalArns: WRITER, readerPrincipalArns: READER },
  'prod with account-root principals from cdk.json lists': {
    stage: 'prod', writerPrincipalArns: ['arn:aws:iam::111111111111:root'], readerPrincipalArns: [READER, 'arn:aws:iam::333333333333:user/auditor'],
  },
  'dev without the auditor console': { console: 'false' },
  'dev with extra personal keys, auditors reading personal data, a legal hold and privacy officers': {
    personalDataKeys: 'beneficiaryName,householdHead', auditorsReadPersonalData: 'true',
    legalHolds: JSON.stringify([{ id: 'CASE-2026-014', reason: 'litigation', subjects: ['jdoe'], until: '2027-06-30' }]),
    privacyOfficerPrincipalArns: 'arn:aws:iam::555555555555:role/privacy-officer',
  },
  'dev console on its own domain': CONSOLE_CONTEXT.dev,
  'prod with the console on its own domain, a web ACL and a hosted UI prefix': CONSOLE_CONTEXT.prod,
  'staging forwarding to SIEM destinations of every kind from a VPC': {
    stage: 'staging', writerPrincipalArns: WRITER, readerPrincipalArns: READER, ...SIEM_CONTEXT,
  },
  'prod with everything set': {
    stage: 'prod', writerPrincipalArns: WRITER, readerPrincipalArns: READER, breakGlassRoleArn: BREAK_GLASS,
    privacyOfficerPrincipalArns: 'arn:aws:iam::555555555555:role/privacy-officer', legalHolds: [{ id: 'H1', reason: 'audit', subjects: '*' }],
    alarmEmails: ['secops@example.gov'], monitoringRuleOverrides: OVERRIDES, ...ALLOW_LISTS, ...TUNING,
  },
};

/** The matrix resolved, as `[name, config]` pairs for `describe.each`. */
export function configMatrix(): Array<[string, AuditConfig]> {
  return Object.entries(CONTEXT_MATRIX).map(([name, context]) => [name, resolveAuditConfig((key) => context[key])]);
}
