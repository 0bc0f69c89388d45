/** Secrets Manager text secrets: one GetSecretValue per ARN, and errors that never carry a value. */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { createSecretText, SecretReadError } from '../../../lambdas/adapters/secrets-manager/secret-text';

const WEBHOOK_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmis/siem/webhook-AbCdEf';
const KEY_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmis/siem/syslog-key-GhIjKl';
const WEBHOOK_SECRET = 'whsec-5f0c2a9d7e4b4c1f8a3e6d2b9c0f1a7e';
const secrets = mockClient(SecretsManagerClient);

const newReader = () => createSecretText(new SecretsManagerClient({ region: 'eu-west-1' }));
const secretIds = () => secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input);

/** Everything an error shows: message, stack, cause and own fields, as one text. */
const everythingOf = (error: unknown) =>
  [String(error), (error as Error).stack, JSON.stringify(error, Object.getOwnPropertyNames(error as object))].join('\n');

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN }).resolves({ SecretString: WEBHOOK_SECRET });
  secrets.on(GetSecretValueCommand, { SecretId: KEY_ARN }).resolves({ SecretString: '-----BEGIN PRIVATE KEY-----\nMIIE' });
});

describe('createSecretText', () => {
  it('reads the secret string by its ARN', async () => {
    // Act
    const value = await newReader()(WEBHOOK_ARN);
    // Assess
    expect({ value, requests: secretIds() }).toEqual({ value: WEBHOOK_SECRET, requests: [{ SecretId: WEBHOOK_ARN }] });
  });

  it('asks Secrets Manager once per ARN however often it is read (cold start cache)', async () => {
    // Prepare
    const read = newReader();
    // Act
    await Promise.all([read(WEBHOOK_ARN), read(WEBHOOK_ARN), read(KEY_ARN)]);
    await read(WEBHOOK_ARN);
    // Assess
    expect(secretIds()).toEqual([{ SecretId: WEBHOOK_ARN }, { SecretId: KEY_ARN }]);
  });

  it('asks again after a failure instead of keeping it', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN })
      .rejectsOnce(new ResourceNotFoundException({ $metadata: {}, message: 'not found' }))
      .resolves({ SecretString: WEBHOOK_SECRET });
    const read = newReader();
    await expect(read(WEBHOOK_ARN)).rejects.toBeInstanceOf(SecretReadError);
    // Act
    const value = await read(WEBHOOK_ARN);
    // Assess
    expect({ value, calls: secretIds().length }).toEqual({ value: WEBHOOK_SECRET, calls: 2 });
  });

  it('names the ARN and the service error, not its message', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN })
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: `request had ${WEBHOOK_SECRET}` }));
    // Act
    const error = await newReader()(WEBHOOK_ARN).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({
      name: 'SecretReadError',
      secretArn: WEBHOOK_ARN,
      message: `secret ${WEBHOOK_ARN} could not be read: ResourceNotFoundException`,
    });
    expect(everythingOf(error)).not.toContain(WEBHOOK_SECRET);
  });

  it('refuses a binary-only secret without showing its bytes', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN }).resolves({ SecretBinary: Buffer.from(WEBHOOK_SECRET) });
    // Act
    const error = await newReader()(WEBHOOK_ARN).catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toBe(`secret ${WEBHOOK_ARN} could not be read: it has no text value (SecretString)`);
    expect(everythingOf(error)).not.toContain(WEBHOOK_SECRET);
  });
});
