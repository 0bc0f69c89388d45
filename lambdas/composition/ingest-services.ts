import { GetEvent } from '../core/get-event';
import { IngestEvents } from '../core/ingest-events';
import { DynamoDbEventStore } from '../adapters/dynamodb/dynamodb-event-store';
import type { AuditTableOptions } from './audit-table-options';

/** The writer's use cases: all the ingest Lambda builds, so its bundle holds nothing else. */
export interface IngestServices {
  readonly ingestEvents: IngestEvents;
  readonly getEvent: GetEvent;
}

/** Where events are stored, and the clock that stamps them. */
export interface IngestServicesOptions extends AuditTableOptions {
  /** @default the system clock */
  readonly clock?: () => Date;
}

/** The ingest function's builder: the event store and the two use cases over it. */
export function buildIngestServices(options: IngestServicesOptions): IngestServices {
  const store = new DynamoDbEventStore(options.documentClient, options.tableName);
  return {
    ingestEvents: new IngestEvents({ store, ...(options.clock ? { now: options.clock } : {}) }),
    getEvent: new GetEvent(store),
  };
}
