/**
 * The audit functions and their Powertools service names, defined once: the `service` key
 * of every log line and trace, and the `service` dimension of every metric, so an alarm on
 * a function's metric (monitoring rules) only matches under exactly this name. The CDK sets
 * it (POWERTOOLS_SERVICE_NAME); the environment contracts are keyed by the same names.
 */
export const SERVICE_NAMES = {
  ingest: 'audit-ingest',
  query: 'audit-query',
  streamProcessor: 'audit-stream-processor',
  alarms: 'audit-alarms',
  sealer: 'audit-sealer',
  verifier: 'audit-verifier',
  reports: 'audit-reports',
  siemForwarder: 'audit-siem-forwarder',
  privacy: 'audit-privacy',
} as const;

/**
 * Functions deployed only when configured (the SIEM forwarder, with SIEM destinations): the
 * shared per-function error and throttle alarms, and their drift check, cover the others;
 * an optional function's construct alarms on it itself.
 */
export const OPTIONAL_FUNCTIONS = ['siemForwarder'] as const satisfies readonly (keyof typeof SERVICE_NAMES)[];

/** The audit functions, by the short key the stack, the entries and the contracts use. */
export type AuditFunctionName = keyof typeof SERVICE_NAMES;

/** A Powertools service name of an audit function. */
export type ServiceName = (typeof SERVICE_NAMES)[AuditFunctionName];

/** A function deployed only when configured. */
export type OptionalFunctionName = (typeof OPTIONAL_FUNCTIONS)[number];
