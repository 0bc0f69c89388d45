/**
 * The DMIS audit trail stack. It only composes the constructs in lib/constructs/ and
 * wires their grants; every setting comes from the typed config.
 */
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { renderEnvironment } from '../lambdas/composition/environment';
import { ARCHIVE_QUERY_ENVIRONMENT, TABLE_ENVIRONMENT } from '../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../lambdas/core/service-names';
import type { AuditConfig } from './config';
import { AuditApi } from './constructs/audit-api';
import { AlarmStates } from './constructs/alarm-states';
import { AuditBackup } from './constructs/audit-backup';
import { AuditorAccess } from './constructs/auditor-access';
import { AuditDetection } from './constructs/audit-detection';
import { AuditFunction } from './constructs/audit-function';
import { AuditIntegrity } from './constructs/audit-integrity';
import { AuditKey } from './constructs/audit-key';
import { AuditRoles } from './constructs/audit-roles';
import { AuditTable } from './constructs/audit-table';
import { AuditWaf } from './constructs/audit-waf';
import { AuditorConsole, type ConsoleSite } from './constructs/auditor-console';
import { AUDITORS_GROUP } from './constructs/auditor-sign-in';
import { buildConsoleSync } from '../console/build';
import { MonitoringCheck } from './constructs/monitoring-check';
import { ScheduledReports } from './constructs/scheduled-reports';
import { SiemForwarder } from './constructs/siem-forwarder';
import { KeyGuard } from './constructs/key-guard';
import { PersonalDataProtection } from './constructs/personal-data-protection';
import { ArchiveQueryEngine } from './constructs/archive-query-engine';
import { addContractEnvironment } from './constructs/function-defaults';

/** Props of {@link AuditStack}. */
export interface AuditStackProps extends StackProps {
  /** The resolved configuration (lib/config.ts). */
  readonly config: AuditConfig;
  /** Handler modules to bundle. @default LAMBDA_ENTRIES */
  readonly lambdaEntries?: Readonly<Record<keyof typeof LAMBDA_ENTRIES, string>>;
  /** The auditor console app deployed when config.console is on. @default CONSOLE_SITE */
  readonly consoleSite?: ConsoleSite;
}

/** The auditor console: its sources, built (minified) with esbuild at synth. */
export const CONSOLE_SITE: ConsoleSite = {
  directory: fileURLToPath(new URL('../console', import.meta.url)),
  build: (outdir) => void buildConsoleSync({ outdir, minify: true }),
};

/** Lambda entry modules, each exporting `handler`. */
export const LAMBDA_ENTRIES = {
  ingest: fileURLToPath(new URL('../lambdas/functions/ingest/main.ts', import.meta.url)),
  query: fileURLToPath(new URL('../lambdas/functions/query/main.ts', import.meta.url)),
  streamProcessor: fileURLToPath(new URL('../lambdas/functions/stream-processor/main.ts', import.meta.url)),
  alarms: fileURLToPath(new URL('../lambdas/functions/alarms/main.ts', import.meta.url)),
  sealer: fileURLToPath(new URL('../lambdas/functions/sealer/main.ts', import.meta.url)),
  verifier: fileURLToPath(new URL('../lambdas/functions/verifier/main.ts', import.meta.url)),
  reports: fileURLToPath(new URL('../lambdas/functions/reports/main.ts', import.meta.url)),
  siemForwarder: fileURLToPath(new URL('../lambdas/functions/siem-forwarder/main.ts', import.meta.url)),
  privacy: fileURLToPath(new URL('../lambdas/functions/privacy/main.ts', import.meta.url)),
} as const;

/** Key, append-only table and its backups, ingest and query functions, API, caller roles. */
export class AuditStack extends Stack {
  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = props.lambdaEntries ?? LAMBDA_ENTRIES;
    const key = new AuditKey(this, 'DataKey');
    const table = new AuditTable(this, 'AuditTable', {
      encryptionKey: key.key,
      hotWindowDays: config.hotWindowDays,
      tableClass: config.tableClass,
    });
    new AuditBackup(this, 'Backup', { table: table.table, encryptionKey: key.key, lockMode: config.backupVaultLock });

    const functionDefaults = { logEncryptionKey: key.key, logRetention: config.logRetentionDays };
    const tableEnvironment = { TABLE_NAME: table.table.tableName, HOT_WINDOW_SECONDS: table.hotWindowSeconds };
    const ingest = new AuditFunction(this, 'Ingest', {
      ...functionDefaults,
      entry: entries.ingest,
      description: 'Validates, redacts, hashes and appends DMIS audit events',
      serviceName: SERVICE_NAMES.ingest,
      invocation: 'synchronous',
      // The key store part of its contract comes with PersonalDataProtection.connectIngest.
      environment: renderEnvironment(TABLE_ENVIRONMENT, tableEnvironment),
    });
    table.grantAppendEvents(ingest.function);
    const query = new AuditFunction(this, 'Query', {
      ...functionDefaults,
      entry: entries.query,
      description: 'Serves auditors: reads, searches, exports and reports on DMIS audit events',
      serviceName: SERVICE_NAMES.query,
      invocation: 'synchronous',
      // Exports and reports page through whole periods: the most API Gateway allows, and CPU for gzip and hashing.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      // The rest of its contract comes with the constructs that own those resources:
      // AuditIntegrity.connectReader (archive, keys) and AuditorAccess.connectQuery (cursor key, exports).
      environment: renderEnvironment(TABLE_ENVIRONMENT, tableEnvironment),
    });
    table.grantReadEvents(query.function);
    // Every auditor read is itself recorded as an audit.read/audit.export event.
    table.grantAppendEvents(query.function);

    // Tamper evidence: signed Merkle blocks in the table and the Object Lock archive.
    const integrity = new AuditIntegrity(this, 'Integrity', {
      table,
      dataKey: key.key,
      archiveRetentionYears: config.archiveRetentionYears,
      sealerEntry: entries.sealer,
      verifierEntry: entries.verifier,
      logRetention: config.logRetentionDays,
      ...(config.trustedKeys ? { trustedKeys: config.trustedKeys } : {}),
      ...(config.evidence ? { evidence: config.evidence } : {}),
      ...(config.signingKeyArn ? { signingKeyArn: config.signingKeyArn } : {}),
      ...(config.auditorEmails ? { auditorEmails: config.auditorEmails } : {}),
    });
    integrity.connectReader(query.function);
    // SQL over the archive past the hot window: Athena over the partitioned event objects.
    // (Its id leaves out "archive": the compliance checks take such paths for the Object Lock bucket.)
    const archiveQuery = new ArchiveQueryEngine(this, 'AthenaQuery', {
      archive: integrity.archive.bucket,
      encryptionKey: key.key,
      accessLogs: integrity.archive.accessLogs,
      bytesScannedCutoffPerQuery: config.athenaBytesScannedLimit,
      startDay: config.archiveQueryStartDay,
    });
    const connectArchiveQuery = (fn: lambda.Function) => {
      archiveQuery.grantQuery(fn);
      addContractEnvironment(fn, ARCHIVE_QUERY_ENVIRONMENT, {
        ARCHIVE_QUERY_WORKGROUP: archiveQuery.workGroupName,
        ARCHIVE_QUERY_DATABASE: archiveQuery.databaseName,
        ARCHIVE_QUERY_TABLE: archiveQuery.tableName,
      });
    };
    connectArchiveQuery(query.function);
    // Signed search cursors and large exports; export access logs go with the archive's.
    new AuditorAccess(this, 'AuditorAccess', { dataKey: key.key, accessLogs: integrity.archive.accessLogs }).connectQuery(
      query.function,
    );

    // Personal data: sealed per data subject at ingest; read in clear, exported and erased
    // only through the privacy function, whose routes PrivacyOfficer calls (docs/security/privacy.md).
    const personalData = new PersonalDataProtection(this, 'PersonalData', {
      ...functionDefaults,
      entry: entries.privacy,
      config: config.privacy,
      environment: renderEnvironment(TABLE_ENVIRONMENT, tableEnvironment),
    });
    personalData.connectIngest(ingest);
    // The query function records every read through ingest's use case, sealing as ingest does.
    personalData.connectIngest(query);
    personalData.connectSearch(query);
    const privacy = personalData.privacy.function;
    table.grantReadEvents(privacy);
    // Every clear read, export, erasure and key sweep is recorded as an audit event.
    table.grantAppendEvents(privacy);
    // Subject exports carry each event's inclusion proof.
    integrity.connectReader(privacy);
    // A subject's events older than the hot window are read from the archive, as searches are.
    connectArchiveQuery(privacy);

    const alarms = new AlarmStates(this, 'Alarms', { ...functionDefaults, entry: entries.alarms });
    // Daily login activity and weekly data changes, stored encrypted and mailed to the security team.
    const reports = new ScheduledReports(this, 'Reports', {
      entry: entries.reports,
      table,
      integrity,
      dataKey: key.key,
      accessLogs: integrity.archive.accessLogs,
      logRetention: config.logRetentionDays,
      emails: config.reports.emails,
      dailySchedule: config.reports.dailySchedule,
      weeklySchedule: config.reports.weeklySchedule,
      lockout: { threshold: config.monitoring.bruteForceThreshold, windowSeconds: config.monitoring.bruteForceWindowSeconds },
    });

    const api = new AuditApi(this, 'Api', {
      handlers: { ingest: ingest.function, query: query.function, alarms: alarms.function, privacy },
      stageName: config.stage,
      throttling: config.throttling,
      logEncryptionKey: key.key,
      logRetention: config.logRetentionDays,
    });
    const waf = new AuditWaf(this, 'Waf', {
      stage: api.api.deploymentStage,
      ratePerIpPer5Minutes: config.monitoring.wafRateLimit,
      allowListedCidrs: config.monitoring.allowListedCidrs,
      name: `dmis-audit-${config.stage}`,
      logEncryptionKey: key.key,
      // WAF logs are security logs (blocked requests never reach the audit table): DmisAudit-SecurityLogRetention.
      logRetention: config.monitoring.securityLogRetentionDays,
    });
    const roles = new AuditRoles(this, 'Roles', {
      api,
      ingestFunction: ingest.function,
      writerPrincipalArns: config.writerPrincipalArns,
      readerPrincipalArns: config.readerPrincipalArns,
      privacyOfficerPrincipalArns: config.privacy.privacyOfficerPrincipalArns,
      auditorsReadPersonalData: config.privacy.settings.auditorsReadPersonalData,
    });

    const detection = new AuditDetection(this, 'Detection', {
      table: table.table,
      encryptionKey: key.key,
      streamProcessorEntry: entries.streamProcessor,
      config: config.monitoring,
      alarmEmails: config.alarmEmails,
      api: api.api,
      webAcl: waf.webAcl,
      functions: {
        ingest: ingest.function,
        query: query.function,
        alarms: alarms.function,
        sealer: integrity.sealer.function,
        verifier: integrity.verifier.function,
        reports: reports.function,
        privacy,
      },
    });
    alarms.connect(detection.alarmTopic.topic, detection.streamProcessor.detectorTable, key.key);
    // The verifier also checks that the monitoring above is still as deployed (drift check).
    new MonitoringCheck(this, 'MonitoringCheck', {
      checker: integrity.verifier.function,
      securityLogGroup: detection.streamProcessor.securityLogGroup,
      securityLogRetentionDays: config.monitoring.securityLogRetentionDays,
      logKey: key.key,
      alarmTopic: detection.alarmTopic.topic,
      ruleOptions: { roleGrantAllowList: config.monitoring.roleGrantAllowList, overrides: config.monitoring.ruleOverrides },
    });
    // Every event pushed to the security team's SIEMs, when destinations are configured.
    if (config.siem) {
      const siem = new SiemForwarder(this, 'SiemForwarder', {
        table,
        entry: entries.siemForwarder,
        destinations: config.siem.destinations,
        dataKey: key.key,
        alarmTopic: detection.alarmTopic.topic,
        logRetention: config.logRetentionDays,
        downAlarmMinutes: config.siem.downAlarmMinutes,
        ...(config.siem.vpc ? { vpc: config.siem.vpc } : {}),
      });
      // What `dmis-audit siem replay --aws` and the backlog runbook need (docs/deploy.md).
      new CfnOutput(this, 'SiemForwarderFunctionName', { value: siem.function.functionName });
      new CfnOutput(this, 'SiemBacklogQueueUrls', {
        value: this.toJsonString(Object.fromEntries([...siem.backlogs].map(([name, queue]) => [name, queue.queueUrl]))),
      });
      new CfnOutput(this, 'SiemFailureQueueUrl', { value: siem.failureQueue.queueUrl });
    }
    // Deleting the data or signing key would make the locked archive unreadable or unverifiable.
    new KeyGuard(this, 'KeyGuard', {
      keys: [
        key.key,
        integrity.signingKey.key,
        detection.alarmTopic.key,
        // Deleting one of these would erase every data subject at once, or end search by IP.
        personalData.store.tableKey,
        personalData.wrappingKey.key,
        personalData.blindIndexKey.key,
      ],
      alarmTopic: detection.alarmTopic.topic,
      deadLetterKey: detection.alarmTopic.key,
      breakGlassRoleArn: config.breakGlassRoleArn,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.api.url });
    new CfnOutput(this, 'TableName', { value: table.table.tableName });
    new CfnOutput(this, 'IngestFunctionName', { value: ingest.function.functionName });
    // What `dmis-audit stream redrive --aws` needs (MONITORING.md runbook).
    new CfnOutput(this, 'StreamFailureQueueUrl', { value: detection.streamProcessor.failureQueue.queueUrl });
    new CfnOutput(this, 'StreamProcessorFunctionName', { value: detection.streamProcessor.function.functionName });
    new CfnOutput(this, 'WriterRoleArn', { value: roles.writer.roleArn });
    new CfnOutput(this, 'ReaderRoleArn', { value: roles.reader.roleArn });
    new CfnOutput(this, 'PrivacyOfficerRoleArn', { value: roles.privacyOfficer.roleArn });
    new CfnOutput(this, 'PrivacyFunctionName', { value: privacy.functionName });
    // What a re-run of a report period needs (docs/api.md, Scheduled reports).
    new CfnOutput(this, 'ReportsFunctionName', { value: reports.function.functionName });
    new CfnOutput(this, 'ReportsBucketName', { value: reports.bucket.bucketName });

    // The auditor console: CloudFront + private S3, Cognito (MFA) → identity pool → AuditReader → SigV4.
    if (config.console?.enabled) {
      const auditorConsole = new AuditorConsole(this, 'Console', {
        api: api.api,
        readerRole: roles.reader,
        accessLogs: integrity.archive.accessLogs,
        site: props.consoleSite ?? CONSOLE_SITE,
        stage: config.stage,
        settings: config.console,
        ...(integrity.environment.TRUSTED_KEYS ? { trustedKeys: integrity.environment.TRUSTED_KEYS } : {}),
      });
      roles.trustConsoleIdentityPool(auditorConsole.signIn.identityPoolId);
      const pool = auditorConsole.signIn.userPool.userPoolId;
      new CfnOutput(this, 'ConsoleUrl', { value: auditorConsole.url });
      new CfnOutput(this, 'ConsoleUserPoolId', { value: pool });
      new CfnOutput(this, 'ConsoleAddAuditor', {
        description: 'Add an auditor (docs/deploy.md): create the user, then add it to the auditors group; MFA is set up at first sign-in',
        value: `aws cognito-idp admin-create-user --user-pool-id ${pool} --username <name> --user-attributes Name=email,Value=<address> Name=email_verified,Value=true && aws cognito-idp admin-add-user-to-group --user-pool-id ${pool} --username <name> --group-name ${AUDITORS_GROUP}`,
      });
    }
  }
}
