/**
 * Every audit function's environment, defined once: the CDK constructs set the variables
 * through these contracts (lib/), the entries read them through the same ones
 * (lambdas/functions/<name>/main.ts), and the local runtime reads the parts it shares.
 * Parts are grouped by the construct that owns the resources they name; functions are
 * keyed as in core/service-names.ts.
 */
import type { AuditFunctionName } from '../core/service-names';
import { optionalText, optionalWholeNumber, text, wholeNumber, type EnvironmentSpec } from './environment';

/** The audit table, for every function that reads or writes its items (the stack). */
export const TABLE_ENVIRONMENT = {
  TABLE_NAME: text,
  /** How long an event stays in the table (lib/config.ts `hotWindowDays`); left out, core/hot-window.ts's default. */
  HOT_WINDOW_SECONDS: optionalWholeNumber,
} as const;

/** The archive bucket, the key it is encrypted with and the block signing key (AuditIntegrity). */
export const ARCHIVE_ENVIRONMENT = {
  ARCHIVE_BUCKET: text,
  ARCHIVE_KEY_ARN: text,
  SIGNING_KEY_ARN: text,
  /** Pinned trusted keys with validity periods (JSON, trusted-keys.ts); left out, only SIGNING_KEY_ARN is trusted. */
  TRUSTED_KEYS: optionalText,
  /** The bucket of published checkpoints (lib/constructs/checkpoint-publishing.ts); left out, none are published. */
  CHECKPOINT_BUCKET: optionalText,
} as const;

/**
 * How long the sealer locks block files and the longest retention class's partitions, in
 * years (config `archiveRetentionYears`, AuditIntegrity); left out, the records retention.
 */
export const ARCHIVE_LOCK_ENVIRONMENT = { ARCHIVE_RETENTION_YEARS: optionalWholeNumber } as const;

/** What a function that proves or verifies reads: the table and the archive (AuditIntegrity.connectReader). */
export const INTEGRITY_READER_ENVIRONMENT = { ...TABLE_ENVIRONMENT, ...ARCHIVE_ENVIRONMENT } as const;

/**
 * Sealer timing. Left out, each side applies its own default (integrity-services.ts
 * `sealerConfigOf`); the local runtime reads these to shorten intervals for tests and demos.
 */
export const SEALER_TIMING_ENVIRONMENT = {
  BLOCK_SECONDS: optionalWholeNumber,
  SEAL_GRACE_SECONDS: optionalWholeNumber,
  MAX_BLOCKS_PER_RUN: optionalWholeNumber,
} as const;

/** The search-cursor HMAC key and the export bucket with its key (AuditorAccess). */
export const AUDITOR_ACCESS_ENVIRONMENT = { CURSOR_KEY_ID: text, EXPORT_BUCKET: text, EXPORT_KEY_ID: text } as const;

/** The detector's counter table, the alarm topic and the detector's settings (StreamProcessor). */
export const DETECTION_ENVIRONMENT = {
  DETECTOR_TABLE_NAME: text,
  ALARM_TOPIC_ARN: text,
  DETECTOR_THRESHOLD: wholeNumber,
  DETECTOR_WINDOW_SECONDS: wholeNumber,
} as const;

/** Where alarm states are kept (AlarmStates.connect). */
export const ALARM_STATES_ENVIRONMENT = { ALARM_STATE_TABLE_NAME: text } as const;

/** How far back each scheduled verification reaches; left out, the verifier's default. */
export const VERIFIER_ENVIRONMENT = { VERIFY_LOOKBACK_HOURS: optionalWholeNumber } as const;

/** The auditors' topic the verifier mails the newest checkpoint to daily (CheckpointMail); left out, none is sent. */
export const CHECKPOINT_MAIL_ENVIRONMENT = { CHECKPOINT_TOPIC_ARN: optionalText } as const;

/**
 * What the monitoring drift check compares with CloudWatch (MonitoringCheck): the security
 * log group with its retention and key, the stack's alarm name prefix and topic, and the
 * monitoring rules' config as JSON (`{"roleGrantAllowList": [...], "overrides": {...}}`).
 */
export const MONITORING_CHECK_ENVIRONMENT = {
  SECURITY_LOG_GROUP: text,
  SECURITY_LOG_RETENTION_DAYS: wholeNumber,
  LOG_KEY_ARN: text,
  ALARM_NAME_PREFIX: text,
  ALARM_TOPIC_ARN: text,
  MONITORING_RULE_OPTIONS: text,
} as const;

/**
 * The scheduled reports (ScheduledReports): the reports bucket with the key its copies are
 * encrypted with, the reports topic, and the brute-force thresholds the daily login report
 * flags lockout-worthy patterns with, the detector's own variables.
 */
export const REPORTS_ENVIRONMENT = {
  REPORTS_BUCKET: text,
  REPORTS_KEY_ARN: text,
  REPORTS_TOPIC_ARN: text,
  DETECTOR_THRESHOLD: DETECTION_ENVIRONMENT.DETECTOR_THRESHOLD,
  DETECTOR_WINDOW_SECONDS: DETECTION_ENVIRONMENT.DETECTOR_WINDOW_SECONDS,
} as const;

/**
 * The SIEM forwarder (SiemForwarder): its destinations as JSON (AwsSiemDestination[], ARNs
 * of secrets, never their values) and each destination's backlog queue (JSON
 * `{"<destination>": "<queue URL>"}`).
 */
export const SIEM_ENVIRONMENT = { SIEM_DESTINATIONS: text, SIEM_BACKLOG_QUEUES: text } as const;

/**
 * The subject key store (PersonalDataProtection): its table, the KMS key that wraps subject
 * keys, and the KMS HMAC key blind indexes are derived from.
 */
export const SUBJECT_KEY_ENVIRONMENT = {
  SUBJECT_KEY_TABLE: text,
  SUBJECT_KEY_WRAPPING_KEY_ARN: text,
  BLIND_INDEX_KEY_ARN: text,
} as const;

/** The KMS HMAC key blind indexes are derived from, for a function that only searches by them (PersonalDataProtection). */
export const BLIND_INDEX_ENVIRONMENT = { BLIND_INDEX_KEY_ARN: SUBJECT_KEY_ENVIRONMENT.BLIND_INDEX_KEY_ARN } as const;

/**
 * What is personal beyond the built-in fields: config `personalDataKeys` as a JSON array of
 * metadata key names (lambdas/core/privacy/personal-data.ts); left out, the built-in ones only.
 */
export const PERSONAL_DATA_ENVIRONMENT = { PERSONAL_DATA_KEYS: optionalText } as const;

/** The privacy settings as JSON (lambdas/core/privacy/privacy-settings.ts); left out, the defaults. */
export const PRIVACY_SETTINGS_ENVIRONMENT = { PRIVACY_SETTINGS: optionalText } as const;

/**
 * SQL over the archive past the hot window (ArchiveQueryEngine): the Athena workgroup
 * (its result location, encryption and scan cap apply) and the Glue database and table
 * over `events/`.
 */
export const ARCHIVE_QUERY_ENVIRONMENT = {
  ARCHIVE_QUERY_WORKGROUP: text,
  ARCHIVE_QUERY_DATABASE: text,
  ARCHIVE_QUERY_TABLE: text,
} as const;

/** Each function's whole contract: the variables its entry reads at cold start. */
export const FUNCTION_ENVIRONMENTS = {
  ingest: { ...TABLE_ENVIRONMENT, ...SUBJECT_KEY_ENVIRONMENT, ...PERSONAL_DATA_ENVIRONMENT },
  query: {
    ...INTEGRITY_READER_ENVIRONMENT,
    ...SEALER_TIMING_ENVIRONMENT,
    ...AUDITOR_ACCESS_ENVIRONMENT,
    ...SUBJECT_KEY_ENVIRONMENT,
    ...PERSONAL_DATA_ENVIRONMENT,
    ...ARCHIVE_QUERY_ENVIRONMENT,
  },
  streamProcessor: DETECTION_ENVIRONMENT,
  alarms: ALARM_STATES_ENVIRONMENT,
  sealer: { ...INTEGRITY_READER_ENVIRONMENT, ...SEALER_TIMING_ENVIRONMENT, ...ARCHIVE_LOCK_ENVIRONMENT },
  verifier: {
    ...INTEGRITY_READER_ENVIRONMENT,
    ...SEALER_TIMING_ENVIRONMENT,
    ...VERIFIER_ENVIRONMENT,
    ...MONITORING_CHECK_ENVIRONMENT,
    ...CHECKPOINT_MAIL_ENVIRONMENT,
  },
  reports: { ...INTEGRITY_READER_ENVIRONMENT, ...SEALER_TIMING_ENVIRONMENT, ...REPORTS_ENVIRONMENT },
  // TABLE_NAME: a replay request reads a period from the table.
  siemForwarder: { ...TABLE_ENVIRONMENT, ...SIEM_ENVIRONMENT },
  // Proofs for subject exports (the archive), the key store, sealing of its own records, and
  // Athena for a subject's events older than the hot window.
  privacy: {
    ...INTEGRITY_READER_ENVIRONMENT,
    ...SEALER_TIMING_ENVIRONMENT,
    ...SUBJECT_KEY_ENVIRONMENT,
    ...PERSONAL_DATA_ENVIRONMENT,
    ...PRIVACY_SETTINGS_ENVIRONMENT,
    ...ARCHIVE_QUERY_ENVIRONMENT,
  },
} as const satisfies Readonly<Record<AuditFunctionName, EnvironmentSpec>>;
