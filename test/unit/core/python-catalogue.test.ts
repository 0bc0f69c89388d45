import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CATALOGUE_JSON_PATH, catalogueJson } from '../../../clients/python/scripts/dump-catalogue';

describe('the Python client catalogue copy', () => {
  it('equals what the generator writes from lambdas/core/catalogue.ts', () => {
    // Prepare / Act
    const onDisk = readFileSync(CATALOGUE_JSON_PATH, 'utf8');
    // Assess: regenerate with `npx tsx clients/python/scripts/dump-catalogue.ts`
    expect(JSON.parse(onDisk)).toEqual(JSON.parse(catalogueJson()));
  });
});
