/**
 * What the cost model reads from a synthesised template: the settings that drive the
 * bill (memory sizes, schedules, index count, backup rules, log retention, alarms,
 * metric filters, keys, WAF rules, tracing). Read from the template, not from the
 * constructs, so the model prices exactly what `cdk deploy` would create.
 */
import { DMIS_RECORD_TYPES } from '../../lambdas/core/catalogue';
import { runsPerMonth } from './schedule';
import type { CfnTemplate } from './synth-template';

/** One Lambda function's billed settings. */
export interface FunctionSettings {
  readonly logicalId: string;
  readonly memoryMb: number;
  readonly traced: boolean;
}

/** The bill-driving settings of one stack. */
export interface StackSettings {
  /** Lambda functions by role (ingest, query, streamProcessor, sealer, verifier, alarms). */
  readonly functions: Readonly<Record<FunctionRole, FunctionSettings>>;
  /** Sealer and verifier runs per month, from their schedule expressions. */
  readonly sealerRunsPerMonth: number;
  readonly verifierRunsPerMonth: number;
  readonly globalSecondaryIndexes: number;
  readonly pointInTimeRecovery: boolean;
  /** Days an event stays in the table: the ingest function's HOT_WINDOW_SECONDS. */
  readonly hotWindowDays: number;
  /** The audit table's class; Standard-IA bills storage and requests at its own prices. */
  readonly tableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  /** Each AWS Backup rule: how long its recovery points are kept, and runs per month. */
  readonly backupRules: readonly { readonly keepDays: number; readonly runsPerMonth: number }[];
  /** Retention in days of the security log group (the stream processor's). */
  readonly securityLogRetentionDays: number;
  readonly customMetrics: number;
  readonly alarms: number;
  /** Anomaly-detection alarms bill three metrics each. */
  readonly anomalyAlarms: number;
  readonly contributorInsightsRules: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  readonly wafWebAcls: number;
  readonly wafRules: number;
  readonly apiTracing: boolean;
  readonly streamBatchSize: number;
}

/** The functions the model prices, found by their entry description. */
export type FunctionRole = 'ingest' | 'query' | 'streamProcessor' | 'sealer' | 'verifier' | 'alarms';

const FUNCTION_DESCRIPTIONS: Readonly<Record<FunctionRole, RegExp>> = {
  ingest: /appends DMIS audit events/,
  query: /Serves auditors/,
  streamProcessor: /security line per audit-table change/,
  sealer: /Seals each closed minute/,
  verifier: /^Verifies event hashes/,
  alarms: /alarm transitions/,
};

type Resource = CfnTemplate['Resources'][string];

/** Reads the settings of a synthesised audit stack; throws naming what it cannot find. */
export function readStackSettings(template: CfnTemplate): StackSettings {
  const all = Object.entries(template.Resources);
  const ofType = (type: string) => all.filter(([, r]) => r.Type === type);
  const table = auditTable(ofType('AWS::DynamoDB::Table'));
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties ?? {});
  const waf = ofType('AWS::WAFv2::WebACL').map(([, r]) => r.Properties ?? {});
  const stage = ofType('AWS::ApiGateway::Stage')[0]?.[1].Properties ?? {};
  const functions = functionsOf(ofType('AWS::Lambda::Function'));
  return {
    functions,
    sealerRunsPerMonth: runsPerMonth(scheduleOf(all, 'sealer')),
    verifierRunsPerMonth: runsPerMonth(scheduleOf(all, 'verifier')),
    globalSecondaryIndexes: ((table.GlobalSecondaryIndexes as unknown[] | undefined) ?? []).length,
    pointInTimeRecovery: (table.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)?.PointInTimeRecoveryEnabled === true,
    hotWindowDays: hotWindowDaysOf(all, functions.ingest.logicalId),
    tableClass: table.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD',
    backupRules: ofType('AWS::Backup::BackupPlan').flatMap(([, r]) => backupRulesOf(r)),
    securityLogRetentionDays: securityLogRetention(all),
    customMetrics: customMetricsOf(ofType('AWS::Logs::MetricFilter').map(([, r]) => r), alarms),
    alarms: alarms.length,
    anomalyAlarms: alarms.filter((a) => a.ThresholdMetricId !== undefined).length,
    contributorInsightsRules: ofType('AWS::CloudWatch::InsightRule').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    wafWebAcls: waf.length,
    wafRules: waf.reduce((n, acl) => n + ((acl.Rules as unknown[] | undefined) ?? []).length, 0),
    apiTracing: stage.TracingEnabled === true,
    streamBatchSize: Number(ofType('AWS::Lambda::EventSourceMapping')[0]?.[1].Properties?.BatchSize ?? 100),
  };
}

function auditTable(tables: [string, Resource][]): Record<string, unknown> {
  // The audit table is the one with a stream; the detector's counter table has none.
  const found = tables.find(([, r]) => r.Properties?.StreamSpecification !== undefined);
  if (!found) throw new Error('no DynamoDB table with a stream in the template (the audit table)');
  return found[1].Properties ?? {};
}

function functionsOf(functions: [string, Resource][]): Record<FunctionRole, FunctionSettings> {
  const entries = Object.entries(FUNCTION_DESCRIPTIONS).map(([role, description]) => {
    const found = functions.find(([, r]) => description.test(String(r.Properties?.Description ?? '')));
    if (!found) throw new Error(`no Lambda function for the ${role} role in the template`);
    const [logicalId, r] = found;
    const traced = (r.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active';
    return [role, { logicalId, memoryMb: Number(r.Properties?.MemorySize ?? 128), traced }];
  });
  return Object.fromEntries(entries) as Record<FunctionRole, FunctionSettings>;
}

function hotWindowDaysOf(all: [string, Resource][], ingestId: string): number {
  const variables = (all.find(([id]) => id === ingestId)?.[1].Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  const seconds = Number(variables?.HOT_WINDOW_SECONDS);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('the ingest function has no HOT_WINDOW_SECONDS in the template');
  return seconds / 86_400;
}

function scheduleOf(all: [string, Resource][], role: 'sealer' | 'verifier'): string {
  const fnId = functionsOf(all.filter(([, r]) => r.Type === 'AWS::Lambda::Function'))[role].logicalId;
  const rule = all.find(([, r]) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties?.Targets).includes(`"${fnId}"`));
  if (!rule) throw new Error(`no schedule targets the ${role} function`);
  return String(rule[1].Properties?.ScheduleExpression);
}

function backupRulesOf(plan: Resource): { keepDays: number; runsPerMonth: number }[] {
  const rules = ((plan.Properties?.BackupPlan as { BackupPlanRule?: unknown[] } | undefined)?.BackupPlanRule ?? []) as {
    Lifecycle?: { DeleteAfterDays?: number };
    ScheduleExpression?: string;
  }[];
  return rules.map((r) => ({ keepDays: r.Lifecycle?.DeleteAfterDays ?? 35, runsPerMonth: runsPerMonth(r.ScheduleExpression ?? 'cron(0 3 * * ? *)') }));
}

function securityLogRetention(all: [string, Resource][]): number {
  const fnId = functionsOf(all.filter(([, r]) => r.Type === 'AWS::Lambda::Function')).streamProcessor.logicalId;
  const logGroupRef = (all.find(([id]) => id === fnId)?.[1].Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
  const group = all.find(([id]) => id === logGroupRef)?.[1];
  return Number(group?.Properties?.RetentionInDays ?? 3653);
}

/** Distinct custom metrics: each metric filter's (one per DMIS record type when split by it) and alarm metrics outside AWS/. */
function customMetricsOf(filters: Resource[], alarms: Record<string, unknown>[]): number {
  const names = new Set<string>();
  let dimensioned = 0;
  for (const f of filters) {
    for (const t of (f.Properties?.MetricTransformations as { MetricName: string; MetricNamespace: string; Dimensions?: unknown[] }[]) ?? []) {
      if (t.Dimensions?.length) dimensioned += DMIS_RECORD_TYPES.length;
      else names.add(`${t.MetricNamespace}/${t.MetricName}`);
    }
  }
  for (const a of alarms) {
    if (typeof a.Namespace === 'string' && !a.Namespace.startsWith('AWS/')) names.add(`${a.Namespace}/${String(a.MetricName)}`);
  }
  return names.size + dimensioned;
}
