import type { StoredEvent } from './event-schema';

/** Result of an atomic insert: either every event was written, or none was. */
export type InsertOutcome =
  | { readonly inserted: true }
  | { readonly inserted: false; readonly existing: readonly StoredEvent[] };

/**
 * Where audit events live. Implemented for DynamoDB (lambdas/adapters/dynamodb) and
 * used unchanged by the local runtime against DynamoDB Local.
 */
export interface EventStore {
  /**
   * Writes all events atomically, never overwriting: when any eventId already exists,
   * nothing is written and the existing events are returned.
   */
  insertAll(events: readonly StoredEvent[]): Promise<InsertOutcome>;
  /** One stored event, or undefined. */
  get(eventId: string): Promise<StoredEvent | undefined>;
}

/** The authenticated caller of a use case. */
export interface Caller {
  /**
   * Who is recorded as the event's source: the IAM principal ARN through API Gateway,
   * `local:<role>` locally, plain `lambda-invoke` for a direct invoke (Lambda does not tell
   * the function who invoked it), `scheduled:<function name>` for the scheduled verifier.
   */
  readonly principal: string;
  /**
   * The person behind a shared federated principal, when the platform names one: for the
   * auditor console on AWS, `cognito:<sub>` of the user pool user the identity pool issued
   * the AuditReader credentials to (every console user assumes the same role).
   */
  readonly signedInUser?: string;
}
