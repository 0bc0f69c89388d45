/**
 * Secrets Manager, read once per cold start: the SIEM forwarder's webhook HMAC keys and
 * mTLS private keys arrive by ARN (never in its environment or template) and are fetched
 * with GetSecretValue, each ARN once, the value kept in memory only. Errors name the ARN
 * and the service's error name, never a value nor the service's message.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** A secret could not be read; `secretArn` names it. */
export class SecretReadError extends Error {
  override readonly name = 'SecretReadError';

  constructor(
    readonly secretArn: string,
    reason: string,
  ) {
    super(`secret ${secretArn} could not be read: ${reason}`);
  }
}

/** Reads a secret's text by ARN; the same ARN is fetched once, a failure is not kept. */
export type SecretText = (secretArn: string) => Promise<string>;

/** A cached reader of text secrets over one Secrets Manager client. */
export function createSecretText(client: Pick<SecretsManagerClient, 'send'>): SecretText {
  const cache = new Map<string, Promise<string>>();
  return (secretArn) => {
    let value = cache.get(secretArn);
    if (!value) {
      value = fetchText(client, secretArn);
      cache.set(secretArn, value);
      // A failure (throttling, a secret created late) is asked again next time.
      value.catch(() => cache.delete(secretArn));
    }
    return value;
  };
}

async function fetchText(client: Pick<SecretsManagerClient, 'send'>, secretArn: string): Promise<string> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    // The name says enough (AccessDeniedException, ResourceNotFoundException); a message could quote a request.
    throw new SecretReadError(secretArn, error instanceof Error ? error.name : 'unknown error');
  }
  if (secretString === undefined || secretString === '') throw new SecretReadError(secretArn, 'it has no text value (SecretString)');
  return secretString;
}
