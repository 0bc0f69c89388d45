/**
 * Writes the Python client's copy of the event catalogue (`src/dmis_audit/catalogue.json`)
 * from the one definition in lambdas/core/catalogue.ts. A jest test
 * (test/unit/core/python-catalogue.test.ts) fails when the copy differs from what this writes.
 * Run: `npx tsx clients/python/scripts/dump-catalogue.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENT_CATALOGUE } from '../../../lambdas/core/catalogue';

/** The JSON text of the catalogue as the Python client reads it. */
export function catalogueJson(): string {
  const types: Record<string, { category: string; severity: string; action: string; retention: string }> = {};
  for (const [eventType, entry] of Object.entries(EVENT_CATALOGUE)) {
    types[eventType] = { category: entry.category, severity: entry.severity, action: entry.action, retention: entry.retention };
  }
  return `${JSON.stringify({ generatedFrom: 'lambdas/core/catalogue.ts', types }, null, 2)}\n`;
}

/** Where the copy lives. */
export const CATALOGUE_JSON_PATH = fileURLToPath(new URL('../src/dmis_audit/catalogue.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(CATALOGUE_JSON_PATH, catalogueJson());
