import fc from 'fast-check';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import { contentHashOf } from '../../lambdas/core/content-hash';
import { AuditError } from '../../lambdas/core/errors';
import { anEvent } from '../fixtures/events';
import { createTestTable } from '../setup/table';

describe('arbitrary JSON in free-form fields, on DynamoDB Local', () => {
  let services: AuditServices;

  beforeAll(async () => {
    const table = await createTestTable('audit-fuzz');
    services = buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName });
  });

  it('is either stored, and read back with a hash that recomputes, or rejected as bad input', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), json, { maxKeys: 6 }), json, async (metadata, newValue) => {
        const input = anEvent({ metadata, changes: [{ field: 'note', newValue }] });
        try {
          await services.ingestEvents.execute(JSON.parse(JSON.stringify(input)), { principal: 'fuzz' });
        } catch (error) {
          expect(error).toBeInstanceOf(AuditError);
          return;
        }
        const stored = await services.getEvent.execute(input.eventId);
        expect(contentHashOf(stored)).toBe(stored.contentHash);
      }),
      { numRuns: 60 },
    );
  });
});
