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
} as const;

/** The audit functions, by the short key the stack, the entries and the contracts use. */
export type AuditFunctionName = keyof typeof SERVICE_NAMES;

/** A Powertools service name of an audit function. */
export type ServiceName = (typeof SERVICE_NAMES)[AuditFunctionName];
