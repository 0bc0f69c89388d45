import type { StoredEvent } from '../event-schema';
import type { Block } from './block';
import { eventFinding, type Finding } from './findings';
import type { SealSource } from './ports';

/**
 * Item identity: each stored item must sit under the table key its own eventId gives, and
 * carry the index keys its own fields give. Otherwise two swapped items answer a read for
 * one event with the other, and an edited index key hides an event from searches, while
 * every hash still matches. The keys are derived by the one table schema, behind a port,
 * so this check has no storage import.
 */

/** One raw table item: the event it holds and its storage key attributes as stored. */
export interface KeyedItem {
  readonly event: StoredEvent;
  readonly keys: Readonly<Record<string, unknown>>;
}

/** Reads raw items with their keys; DynamoDB implements it over the byIngest index. */
export interface ItemKeySource {
  /** Every event item with `from <= ingestedAt < to`, its keys included. */
  itemsIngestedIn(from: Date, to: Date): Promise<KeyedItem[]>;
  /** The storage key attributes the table schema derives from an event (table key, index keys, TTL). */
  expectedKeys(event: StoredEvent): Readonly<Record<string, unknown>>;
  /** Names of the table's own key attributes; a mismatch there is `item_key_mismatch`. */
  readonly tableKeyNames: readonly string[];
}

/**
 * The events ingested in `block`'s interval and, when `items` is given, the item and index
 * key findings for them, from one read (the items carry the events).
 */
export async function readInterval(
  source: Pick<SealSource, 'eventsIngestedIn'>,
  items: ItemKeySource | undefined,
  block: Block,
): Promise<{ events: StoredEvent[]; findings: Finding[] }> {
  const [from, to] = [new Date(block.from), new Date(block.to)];
  if (!items) return { events: await source.eventsIngestedIn(from, to), findings: [] };
  const keyed = await items.itemsIngestedIn(from, to);
  return { events: keyed.map((k) => k.event), findings: keyed.flatMap((k) => itemFindings(items, block.seq, k)) };
}

/** At most one finding per kind for one item, naming the event and the attributes that differ. */
export function itemFindings(source: ItemKeySource, seq: number, item: KeyedItem): Finding[] {
  const id = String(item.event.eventId);
  let expected: Readonly<Record<string, unknown>>;
  try {
    expected = source.expectedKeys(item.event);
  } catch {
    // Fields too broken to derive keys from are already named by the hash checks.
    return [];
  }
  const names = new Set([...Object.keys(expected), ...Object.keys(item.keys)]);
  const differing = [...names].filter((n) => item.keys[n] !== expected[n]);
  const tableKeys = differing.filter((n) => source.tableKeyNames.includes(n));
  const indexKeys = differing.filter((n) => !source.tableKeyNames.includes(n));
  const findings: Finding[] = [];
  if (tableKeys.length > 0) {
    const why = `the item holding event ${id} is stored under ${tableKeys.map((n) => `${n}=${String(item.keys[n])}`).join(', ')}, not its own key`;
    findings.push(eventFinding('item_key_mismatch', seq, id, why));
  }
  if (indexKeys.length > 0) {
    const why = `event ${id}'s ${indexKeys.join(', ')} differ from what its fields give (hidden from or misplaced in searches)`;
    findings.push(eventFinding('index_key_mismatch', seq, id, why));
  }
  return findings;
}
