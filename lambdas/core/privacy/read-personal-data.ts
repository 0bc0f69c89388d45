import type { GetEvent } from '../get-event';
import type { StoredEvent } from '../event-schema';
import type { Caller } from '../ports';
import type { PrivacyAuditor } from './privacy-audit';
import type { SubjectKeyStore } from './ports';
import { revealPersonalData, sealedKeyIdsOf } from './reveal-personal-data';

/** An event's personal fields in clear, by path; `[erased]` where the key was destroyed. */
export interface PersonalDataView {
  readonly eventId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Decrypts one event's personal fields with the keys the store still holds. */
export async function personalFieldsOf(event: StoredEvent, keys: SubjectKeyStore): Promise<Readonly<Record<string, unknown>>> {
  const keyIds = sealedKeyIdsOf(event);
  if (keyIds.length === 0) return {};
  return revealPersonalData(event, await keys.keysById(keyIds));
}

/**
 * `GET /v1/events/{eventId}/personal-data`: the event's personal fields in clear, for a
 * caller with pii:read. The event itself is never altered (its proof verifies over the
 * sealed form); the clear values travel beside it. Each read is recorded first.
 */
export class ReadPersonalData {
  constructor(
    private readonly deps: { readonly getEvent: GetEvent; readonly keys: SubjectKeyStore; readonly auditor: PrivacyAuditor },
  ) {}

  /** The personal fields of the event `eventId`, recorded as a `privacy.personal_data.read`. */
  async execute(eventId: string | undefined, caller: Caller): Promise<PersonalDataView> {
    const event = await this.deps.getEvent.execute(eventId);
    const fields = await personalFieldsOf(event, this.deps.keys);
    await this.deps.auditor.record('privacy.personal_data.read', caller, {
      target: { type: 'audit_event', id: event.eventId },
      metadata: {
        route: 'GET /v1/events/{eventId}/personal-data',
        eventId: event.eventId,
        fieldCount: Object.keys(fields).length,
        keyIds: [...new Set(sealedKeyIdsOf(event))],
      },
    });
    return { eventId: event.eventId, fields };
  }
}
