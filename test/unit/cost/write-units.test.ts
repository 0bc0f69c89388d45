/**
 * The write-unit calculator against AWS's documented examples (DynamoDB pricing, "Write
 * capacity unit": a standard write of a 1 KB item takes one WCU, of a 3 KB item three, a
 * transactional write of a 3 KB item six; sizes are rounded up to the next KB), then over
 * the real item mapping of the typical event under the schema's projections and under ALL.
 */
import { describe, expect, it } from '@jest/globals';
import { toEventItem } from '../../../lambdas/adapters/dynamodb/event-item';
import { AUDIT_TABLE } from '../../../lambdas/adapters/dynamodb/table-schema';
import { itemSize, TYPICAL_EVENT, typicalStoredEvent } from '../../../lib/cost/event-size';
import { ALL_LAYOUT, footprintOf, indexEntryOf, transactionalWriteUnitsOf, writeUnitsOf } from '../../../lib/cost/write-units';

const KB = 1024;

function typicalItem(withTarget = true): Record<string, unknown> {
  const { target: _target, ...untargeted } = TYPICAL_EVENT;
  return toEventItem(typicalStoredEvent(withTarget ? TYPICAL_EVENT : untargeted));
}

describe('write units by DynamoDB documented rules', () => {
  it('takes one unit for a standard write of a 1 KB item and three for a 3 KB item', () => {
    expect([writeUnitsOf(1 * KB), writeUnitsOf(3 * KB)]).toEqual([1, 3]);
  });

  it('takes six units for a transactional write of a 3 KB item', () => {
    expect(transactionalWriteUnitsOf(3 * KB)).toBe(6);
  });

  it('rounds up to the next KB, and a tiny item still takes one unit', () => {
    expect([writeUnitsOf(500), writeUnitsOf(KB + 1), writeUnitsOf(1)]).toEqual([1, 2, 1]);
  });
});

describe('the typical event under the schema projections', () => {
  it('writes the 1 042-byte item for two units and each lean index entry for one', () => {
    const footprint = footprintOf(typicalItem());
    expect(footprint.copies.map((c) => [c.name, c.writeUnits])).toEqual([
      ['table', 2],
      ...AUDIT_TABLE.indexes.map((i) => [i.indexName, 1]),
    ]);
    expect(footprint.writeUnits).toBe(7);
    expect(footprint.batchWriteUnits).toBe(9);
  });

  it('copies only the keys into byIngest', () => {
    const entry = indexEntryOf(typicalItem(), 'byIngest', { type: 'KEYS_ONLY' });
    expect(Object.keys(entry ?? {}).sort()).toEqual(['ingestKey', 'ingestSortKey', 'pk', 'sk']);
  });

  it('costs twelve units when every index projects ALL, as before', () => {
    const item = typicalItem();
    const footprint = footprintOf(item, ALL_LAYOUT);
    expect(footprint.writeUnits).toBe(12);
    expect(footprint.storedBytes).toBe(6 * (itemSize(item) + 100));
  });

  it('writes no byTarget entry for an event without a target', () => {
    const names = footprintOf(typicalItem(false)).copies.map((c) => c.name);
    expect(names).not.toContain('byTarget');
    expect(names).toHaveLength(AUDIT_TABLE.indexes.length);
  });
});
