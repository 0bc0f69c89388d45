import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { AuditClient, events, InvalidRequestError, lambdaTransport } from '../../../clients/typescript/src/index';

/**
 * The lambda:Invoke transport at the SDK's boundary: the exact Invoke request (the writer's
 * direct-invoke payload, docs/ingest.md), its answers mapped to receipts and typed errors,
 * and Lambda throttling retried with the same eventIds.
 */

const lambda = mockClient(LambdaClient);
afterEach(() => {
  lambda.reset();
});

const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:dmis-audit-writer';
const payload = (value: unknown) => ({ Payload: new TextEncoder().encode(JSON.stringify(value)) as never, StatusCode: 200 });
const receipt = (eventId: string) => ({ eventId, contentHash: 'a'.repeat(64), ingestedAt: '2026-12-02T10:00:00.000Z', duplicate: false });
const sentBodies = () => lambda.commandCalls(InvokeCommand).map((call) => JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)) as { events: { eventId: string }[] });

async function clientFor(retryAttempts = 3) {
  return AuditClient.create({ transport: lambdaTransport({ functionName: FUNCTION, client: new LambdaClient({ region: 'eu-west-1' }) }), retry: { maxAttempts: retryAttempts, baseDelayMs: 1, maxDelayMs: 2 } });
}

describe('the lambda:Invoke transport', () => {
  it('invokes the writer synchronously with exactly the {"events": [...]} body and returns the receipts', async () => {
    // Prepare
    lambda.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
      const body = JSON.parse(new TextDecoder().decode(input.Payload)) as { events: { eventId: string }[] };
      return payload({ status: 201, accepted: body.events.map((e) => receipt(e.eventId)) });
    });
    const client = await clientFor();
    const draft = events.authLoginSuccess({ actor: { userId: 'u-1' }, outcome: 'success', occurredAt: '2026-12-02T09:59:00.000Z' });
    // Act
    const result = await client.record(draft);
    await client.close();
    // Assess
    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({ FunctionName: FUNCTION, InvocationType: 'RequestResponse' });
    expect(sentBodies()[0]).toEqual({ events: [{ ...draft, eventId: result.eventId }] });
    expect(result).toEqual({ status: 'stored', ...receipt(result.eventId) });
  });

  it('maps a 400 answer to InvalidRequestError with the server field paths, without retrying', async () => {
    lambda.on(InvokeCommand).resolves(payload({ status: 400, error: { code: 'invalid_request', message: 'bad', details: [{ path: 'events[0].actor.ip', message: 'must be an IPv4 or IPv6 address' }] } }));
    const client = await clientFor();
    const recorded = client.record(events.authLogout({ actor: { userId: 'u' }, outcome: 'success' }));
    await expect(recorded).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(recorded).rejects.toMatchObject({ status: 400, details: [{ path: 'events[0].actor.ip' }] });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    await client.close();
  });

  it('retries Lambda throttling and a crashed function with the same eventId', async () => {
    // Prepare
    lambda
      .on(InvokeCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolvesOnce({ FunctionError: 'Unhandled', Payload: new TextEncoder().encode('{"errorMessage":"timeout"}') as never })
      .callsFake((input: { Payload: Uint8Array }) => {
        const body = JSON.parse(new TextDecoder().decode(input.Payload)) as { events: { eventId: string }[] };
        return payload({ status: 201, accepted: body.events.map((e) => ({ ...receipt(e.eventId), duplicate: true })) });
      });
    const client = await clientFor(5);
    // Act
    const result = await client.record(events.configChange({ actor: { userId: 'admin' }, outcome: 'success' }));
    await client.close();
    // Assess
    const ids = sentBodies().map((body) => body.events[0]!.eventId);
    expect(ids).toEqual([result.eventId, result.eventId, result.eventId]);
    expect(result).toMatchObject({ status: 'stored', duplicate: true });
  });
});
