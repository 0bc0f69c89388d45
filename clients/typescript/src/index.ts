/** @dmis/audit-client: record DMIS audit events from Lambdas and Node services. */
export { AuditClient, type AuditClientOptions, type RecordResult } from './client';
export { API_BATCH_LIMITS, type BatchLimits } from './batch';
export * from './errors';
export { customEvent, type Actor, type AuditEventInput, type Change, type EventDraft, type EventFields, type Target } from './event';
export * from './event-types';
export { httpsTransport, type HttpsTransportOptions } from './https-transport';
export { lambdaTransport, type LambdaTransportOptions } from './lambda-transport';
export { localTransportOptions } from './local';
export { OutboxLockedError } from './outbox-files';
export type { OutboxOptions } from './outbox';
export { readOutboxStatus, type OutboxStatus } from './outbox-status';
export { backoffDelayMs, DEFAULT_RETRY, isRetryable, type RetryPolicy } from './retry';
export type { AcceptedEvent, Transport } from './transport';
