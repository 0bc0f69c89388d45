import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetEvent } from '../core/get-event';
import { IngestEvents } from '../core/ingest-events';
import { DynamoDbEventStore } from './dynamodb/dynamodb-event-store';

/** The use cases the handlers call, built once per cold start (or once per local runtime). */
export interface AuditServices {
  readonly ingestEvents: IngestEvents;
  readonly getEvent: GetEvent;
}

/** How to reach the store. The same shape on AWS and locally: only the client differs. */
export interface AuditServicesOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock?: () => Date;
}

/** The composition root: adapters in, use cases out. */
export function buildAuditServices(options: AuditServicesOptions): AuditServices {
  const store = new DynamoDbEventStore(options.documentClient, options.tableName);
  return {
    ingestEvents: new IngestEvents({ store, ...(options.clock ? { now: options.clock } : {}) }),
    getEvent: new GetEvent(store),
  };
}
