import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { documentClientFor } from '../../../lambdas/adapters/dynamodb/document-client';
import { DynamoDbSubjectKeyStore } from '../../../lambdas/adapters/dynamodb/dynamodb-subject-key-store';
import { UnavailableError } from '../../../lambdas/core/errors';

/** A store whose DynamoDB refuses every connection (nothing listens on port 9). */
function unreachableStore() {
  const client = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const wrapper = { generate: async () => ({ plaintext: new Uint8Array(32), wrapped: new Uint8Array(60) }), unwrap: async () => new Uint8Array(32) };
  return new DynamoDbSubjectKeyStore({ documentClient: documentClientFor(client), tableName: 'keys', wrapper, blindIndexKey: async () => new Uint8Array(32) });
}

describe('the subject key store when DynamoDB is down', () => {
  it('fails a key fetch as unavailable (503), not as a bare error', async () => {
    await expect(unreachableStore().keyFor('jdoe', '2030-01-01T00:00:00.000Z')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('fails a key read as unavailable (503)', async () => {
    await expect(unreachableStore().keysById(['k-1'])).rejects.toBeInstanceOf(UnavailableError);
  });
});
