import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbEventQuery } from '../../../lambdas/adapters/dynamodb/dynamodb-event-query';
import type { SegmentRead } from '../../../lambdas/core/query/ports';
import { translateStoreError } from '../../../lambdas/adapters/dynamodb/store-errors';
import { ThrottledError, UnavailableError, ValidationError } from '../../../lambdas/core/errors';
import { errorResponse } from '../../../lambdas/functions/shared/http-response';

/** What a failed DynamoDB call becomes for a client, and the HTTP answer it gets. */

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, ...extra });

describe('translateStoreError', () => {
  it.each([
    ['a request timeout', sdkError('TimeoutError', { code: 'ETIMEDOUT' })],
    ['a refused connection', sdkError('Error', { code: 'ECONNREFUSED' })],
    ['a reset connection', sdkError('Error', { code: 'ECONNRESET' })],
    ['a refused connection re-wrapped by the SDK', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:8000')],
    ['a 5xx from DynamoDB', sdkError('InternalServerError', { $metadata: { httpStatusCode: 500 } })],
  ])('makes %s a 503 UnavailableError', (_, error) => {
    // Act
    const translated = translateStoreError(error);
    // Assess
    expect(translated).toBeInstanceOf(UnavailableError);
  });

  it('makes throttling the SDK could not retry away a ThrottledError', () => {
    // Act & Assess
    expect(translateStoreError(sdkError('ProvisionedThroughputExceededException'))).toBeInstanceOf(ThrottledError);
  });

  it('leaves any other error as it is (a bare 500)', () => {
    // Prepare
    const error = sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } });
    // Act & Assess
    expect(translateStoreError(error)).toBe(error);
  });
});

describe('errorResponse for errors worth retrying', () => {
  it('answers 503 with Retry-After and the JSON error', () => {
    // Act
    const response = errorResponse(new UnavailableError(5));
    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'unavailable', message: expect.any(String), details: [] } });
  });

  it('sends Retry-After on 429 too, and never on a 400', () => {
    // Act & Assess
    expect(errorResponse(new ThrottledError()).headers?.['retry-after']).toBe('1');
    expect(errorResponse(new ValidationError('bad')).headers?.['retry-after']).toBeUndefined();
  });
});

describe('DynamoDbEventQuery when the store is unreachable', () => {
  it('turns a refused connection into a 503 UnavailableError, not a bare 500', async () => {
    // Prepare
    const dynamo = mockClient(DynamoDBDocumentClient);
    dynamo.on(QueryCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }));
    const query = new DynamoDbEventQuery(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' })), 'audit');
    const rows = query.read({ segment: { kind: 'actor', actor: 'jdoe' }, filters: {} } as unknown as SegmentRead);
    // Act & Assess
    await expect(first(rows)).rejects.toBeInstanceOf(UnavailableError);
    dynamo.restore();
  });
});

async function first<T>(rows: AsyncIterable<T>): Promise<T | undefined> {
  for await (const row of rows) return row;
  return undefined;
}
