import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Redactor } from '../../../lambdas/core/redaction';

interface RedactionVector {
  readonly name: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly redactedPaths: readonly string[];
}

// The same file is read by the Python client's tests (clients/python/tests/test_redaction.py).
const { vectors } = JSON.parse(readFileSync(new URL('../../fixtures/redaction-vectors.json', import.meta.url), 'utf8')) as {
  vectors: readonly RedactionVector[];
};

describe('shared redaction vectors', () => {
  it('holds cases that redact something', () => {
    expect(vectors.filter((v) => v.redactedPaths.length > 0).length).toBeGreaterThan(5);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    // Prepare
    const redactor = new Redactor();
    // Act
    const output = redactor.value(vector.input, 'metadata');
    // Assess
    expect(output).toEqual(vector.output);
    expect(redactor.paths).toEqual(vector.redactedPaths);
  });
});
