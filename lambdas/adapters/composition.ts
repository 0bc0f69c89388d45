import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetEvent } from '../core/get-event';
import { IngestEvents } from '../core/ingest-events';
import { DynamoDbEventStore } from './dynamodb/dynamodb-event-store';
import { buildQueryServices, type QueryOptions, type QueryServices } from './query-services';

/** The use cases the handlers call, built once per cold start (or once per local runtime). */
export interface AuditServices {
  readonly ingestEvents: IngestEvents;
  readonly getEvent: GetEvent;
  /** The auditor's read side: search, export, stats, report, audited reads. */
  readonly query: QueryServices;
}

/** How to reach the store. The same shape on AWS and locally: only the client differs. */
export interface AuditServicesOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock?: () => Date;
  /** Cursor key, export sink and integrity links of the read side (query-services.ts). */
  readonly query?: QueryOptions;
}

/** The composition root: adapters in, use cases out. */
export function buildAuditServices(options: AuditServicesOptions): AuditServices {
  const store = new DynamoDbEventStore(options.documentClient, options.tableName);
  const ingestEvents = new IngestEvents({ store, ...(options.clock ? { now: options.clock } : {}) });
  const getEvent = new GetEvent(store);
  const { documentClient, tableName, clock } = options;
  const query = buildQueryServices({ documentClient, tableName, ingestEvents, getEvent, ...(clock ? { clock } : {}), ...options.query });
  return { ingestEvents, getEvent, query };
}
