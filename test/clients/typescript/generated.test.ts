import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../../lambdas/core/catalogue';
import type { AuditEventInput as ServerEventInput } from '../../../lambdas/core/event-schema';
import { STATUS_OF } from '../../../lambdas/functions/shared/http-response';
import type { AuditEventInput as ClientEventInput } from '../../../clients/typescript/src/event';
import { API_ERROR_STATUS, EVENT_TYPES, events } from '../../../clients/typescript/src/event-types';
import { builderName, EVENT_TYPES_FILE, renderEventTypes } from '../../../clients/typescript/scripts/generate';

/**
 * The client's generated types against the one catalogue: the committed
 * src/event-types.ts is exactly what the generator writes today, and the client's event
 * type and the server's schema accept each other.
 */

// Compile-time drift check (tsc --noEmit): each type must be assignable to the other.
type Assignable<A, B> = A extends B ? true : false;
const clientToServer: Assignable<ClientEventInput, ServerEventInput> = true;
const serverToClient: Assignable<ServerEventInput, Omit<ClientEventInput, 'eventType'> & { eventType: string }> = true;

describe('the generated client types', () => {
  it('are what the generator writes from the catalogue now (run `npm run generate` in clients/typescript)', async () => {
    expect(await readFile(EVENT_TYPES_FILE, 'utf8')).toBe(renderEventTypes());
  });

  it('list every catalogued type, each with a builder that sets it', () => {
    expect(Object.keys(EVENT_TYPES)).toEqual(Object.keys(EVENT_CATALOGUE));
    const builders = events as unknown as Record<string, (fields: object) => { eventType: string }>;
    for (const type of Object.keys(EVENT_CATALOGUE)) {
      expect(builders[builderName(type)]?.({ actor: { userId: 'u' }, outcome: 'success' }).eventType).toBe(type);
    }
  });

  it('carry the API error codes with their statuses', () => {
    expect(API_ERROR_STATUS).toEqual(STATUS_OF);
  });

  it('type the client event as the server schema does', () => {
    expect([clientToServer, serverToClient]).toEqual([true, true]);
  });
});
