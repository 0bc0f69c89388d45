import fc from 'fast-check';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices, type AuditServices } from '../../lambdas/composition/audit-services';
import { contentHashOf } from '../../lambdas/core/content-hash';
import { canonicalJson } from '../../lambdas/core/canonical';
import { AuditError, NotFoundError, ValidationError } from '../../lambdas/core/errors';
import { FORBIDDEN_KEYS } from '../../lambdas/core/json-shape';
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

  it('rejects prototype-named keys anywhere with a 400 and stores nothing, and stores every other key exactly', async () => {
    // Keys drawn often from the three refused names; JSON text, parsed, as a request arrives.
    const key = fc.oneof(fc.constantFrom(...FORBIDDEN_KEYS, 'toString', 'valueOf'), fc.constantFrom('a', 'b', 'qty', 'note'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', maxDepth: 4 }, fc.integer(), fc.constant(null), fc.array(tie('tree'), { maxLength: 2 }), fc.dictionary(key, tie('tree'), { maxKeys: 3 })),
    }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, tree, { maxKeys: 4 }), async (metadata) => {
        const input = anEvent({ metadata: undefined });
        const text = `${JSON.stringify(input).slice(0, -1)},"metadata":${JSON.stringify(metadata)}}`;
        const refused = [...FORBIDDEN_KEYS].some((k) => text.includes(`"${k}":`));
        const outcome = await services.ingestEvents.execute(JSON.parse(text), { principal: 'fuzz' }).catch((error: unknown) => error);
        if (refused) {
          expect(outcome).toBeInstanceOf(ValidationError);
          await expect(services.getEvent.execute(input.eventId)).rejects.toBeInstanceOf(NotFoundError);
          return;
        }
        const stored = await services.getEvent.execute(input.eventId);
        expect(canonicalJson(stored.metadata)).toBe(canonicalJson(JSON.parse(text).metadata));
        expect(contentHashOf(stored)).toBe(stored.contentHash);
      }),
      { numRuns: 60 },
    );
  });
});

