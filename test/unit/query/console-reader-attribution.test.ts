/** Reads through the auditor console are recorded against the signed-in user, not only the shared role. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import type { IngestEvents } from '../../../lambdas/core/ingest-events';
import type { Caller } from '../../../lambdas/core/ports';
import { ReadAuditor } from '../../../lambdas/core/query/read-audit';
import { apiCallerOf } from '../../../lambdas/functions/shared/request';

const ROLE = 'arn:aws:sts::111111111111:assumed-role/dmis-audit-AuditReader/CognitoIdentityCredentials';
const SUB = '8f2c1e4a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
const POOL = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';

function apiEvent(identity: Record<string, unknown>): APIGatewayProxyEvent {
  return { requestContext: { identity } } as unknown as APIGatewayProxyEvent;
}

describe('who a read is recorded against', () => {
  it('names the console user behind the shared AuditReader role', () => {
    const caller = apiCallerOf(apiEvent({ userArn: ROLE, cognitoAuthenticationProvider: `${POOL},${POOL}:CognitoSignIn:${SUB}` }));
    expect(caller).toEqual({ principal: ROLE, signedInUser: `cognito:${SUB}` });
  });

  it('keeps the IAM principal alone for role and user callers', () => {
    expect(apiCallerOf(apiEvent({ userArn: 'arn:aws:iam::111111111111:user/ann', cognitoAuthenticationProvider: null }))).toEqual({
      principal: 'arn:aws:iam::111111111111:user/ann',
    });
    expect(apiCallerOf(apiEvent({}))).toEqual({ principal: 'unknown' });
  });

  it('ignores a provider string that does not end in a user pool sign-in', () => {
    expect(apiCallerOf(apiEvent({ userArn: ROLE, cognitoAuthenticationProvider: `${POOL}:CognitoSignIn:not-a-sub` }))).toEqual({ principal: ROLE });
  });

  it('records the console user as the actor of the audit.read and keeps the role', async () => {
    const written: { input: Record<string, unknown>; caller: Caller }[] = [];
    const ingest = { execute: async (input: Record<string, unknown>, caller: Caller) => void written.push({ input, caller }) };
    const auditor = new ReadAuditor(ingest as unknown as IngestEvents, () => new Date('2026-12-02T10:00:00Z'));
    await auditor.record('audit.read', { principal: ROLE, signedInUser: `cognito:${SUB}` }, { route: 'GET /v1/events', query: { actor: 'jdoe' }, resultCount: 3 });
    await auditor.record('audit.read', { principal: ROLE }, { route: 'GET /v1/events', query: {} });
    expect(written[0]?.input).toMatchObject({
      actor: { userId: `cognito:${SUB}` },
      metadata: { route: 'GET /v1/events', query: { actor: 'jdoe' }, resultCount: 3, principal: ROLE },
    });
    expect(written[0]?.caller.principal).toBe(ROLE);
    expect(written[1]?.input).toMatchObject({ actor: { userId: ROLE } });
    expect(written[1]?.input.metadata).not.toHaveProperty('principal');
  });
});
