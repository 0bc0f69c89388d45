import { describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../../lambdas/core/openapi';
import { ROUTES } from '../../../lambdas/core/routes';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[]; 'x-dmis-role': string }>> };

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every route with its role', () => {
    const described = ROUTES.map((r) => doc.paths[r.path]?.[r.method.toLowerCase()]?.['x-dmis-role']);
    expect(described).toEqual(ROUTES.map((r) => r.role));
  });

  it('lists the search filters as query parameters, from the zod schema', () => {
    const names = doc.paths['/v1/events']?.get?.parameters.map((p) => p.name);
    expect(names).toEqual(['actor', 'targetType', 'targetId', 'eventType', 'category', 'severity', 'outcome', 'from', 'to', 'q', 'limit', 'cursor']);
  });
});

describe('API Gateway request model', () => {
  it('is draft-04 and accepts either one event or a batch', async () => {
    const { ingestBodyModelSchema } = await import('../../../lambdas/core/openapi');
    const model = ingestBodyModelSchema() as { $schema: string; anyOf: { properties: Record<string, unknown> }[] };
    expect({ dialect: model.$schema, shapes: model.anyOf.map((s) => Object.keys(s.properties).includes('events')) })
      .toEqual({ dialect: 'http://json-schema.org/draft-04/schema#', shapes: [false, true] });
  });
});
