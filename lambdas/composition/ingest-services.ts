import { GetEvent } from '../core/get-event';
import { IngestEvents } from '../core/ingest-events';
import { PersonalDataSealer } from '../core/privacy/personal-data-sealer';
import { DynamoDbEventStore } from '../adapters/dynamodb/dynamodb-event-store';
import type { AuditTableOptions } from './audit-table-options';
import type { SubjectKeys } from './subject-keys';

/** The writer's use cases: all the ingest Lambda builds, so its bundle holds nothing else. */
export interface IngestServices {
  readonly ingestEvents: IngestEvents;
  readonly getEvent: GetEvent;
}

/** Where events are stored, and the clock that stamps them. */
export interface IngestServicesOptions extends AuditTableOptions {
  /** @default the system clock */
  readonly clock?: () => Date;
  /**
   * Personal-data protection: personal fields sealed under their subjects' keys. Always set
   * on AWS and in `npm start`; tests that build ingest by hand may leave it out (nothing sealed).
   */
  readonly personalData?: SubjectKeys & { readonly personalDataKeys?: readonly string[] };
}

/** The ingest function's builder: the event store and the two use cases over it. */
export function buildIngestServices(options: IngestServicesOptions): IngestServices {
  const store = new DynamoDbEventStore(options.documentClient, options.tableName, options.hotWindowSeconds);
  return {
    ingestEvents: new IngestEvents({
      store,
      ...(options.clock ? { now: options.clock } : {}),
      ...(options.personalData ? { personalData: new PersonalDataSealer(options.personalData) } : {}),
    }),
    getEvent: new GetEvent(store),
  };
}
