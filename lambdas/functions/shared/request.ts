import type { APIGatewayProxyEvent } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors';
import { MAX_BODY_BYTES } from '../../core/parse-request';
import type { Caller } from '../../core/ports';

/** Parses an API Gateway JSON body, enforcing content type and the 1 MB limit. */
export function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const type = headerOf(event, 'content-type');
  if (!type || !/^application\/([a-z0-9.+-]*\+)?json\b/i.test(type.trim())) {
    throw new UnsupportedMediaTypeError('the body must be JSON (content-type: application/json)');
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes; nothing was stored`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError('the body is not valid JSON; nothing was stored', [{ path: '.', message: 'not valid JSON' }]);
  }
}

/** A request header, case-insensitively. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/**
 * The caller of an IAM-authorised API request: the principal IAM auth names, and for
 * identity-pool credentials (the auditor console) the user pool user they were issued to,
 * from `cognitoAuthenticationProvider` (`…/<pool id>,…/<pool id>:CognitoSignIn:<sub>`).
 */
export function apiCallerOf(event: APIGatewayProxyEvent): Caller {
  const identity = event.requestContext.identity as Partial<APIGatewayProxyEvent['requestContext']['identity']> | undefined;
  const principal = identity?.userArn ?? 'unknown';
  const sub = /:CognitoSignIn:([0-9a-f-]{36})$/i.exec(identity?.cognitoAuthenticationProvider ?? '')?.[1];
  return sub ? { principal, signedInUser: `cognito:${sub.toLowerCase()}` } : { principal };
}
