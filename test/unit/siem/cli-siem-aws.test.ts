/** `siem replay --aws` at the Lambda SDK boundary: the exact invocations, windows in order, errors stated. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { replayOnAws, siemReplayAws, windowsOf } from '../../../bin/cli-siem-aws';
import { CliError } from '../../../bin/cli-client';

const FUNCTION = 'AuditStack-SiemForwarderFunction1A2B3C-4D5E6F7G8H9I';
const lambda = mockClient(LambdaClient);
const PERIOD = { from: '2026-11-20T09:30:00.000Z', to: '2026-11-20T11:00:00.000Z' };

const answer = (body: unknown, functionError?: string) => ({
  StatusCode: 200,
  Payload: Buffer.from(JSON.stringify(body)) as never,
  ...(functionError ? { FunctionError: functionError } : {}),
});
const payloads = () =>
  lambda.commandCalls(InvokeCommand).map((call) => ({
    ...call.args[0].input,
    Payload: JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString('utf8')) as unknown,
  }));
const replay = () => replayOnAws(new LambdaClient({ region: 'eu-west-1' }), { functionName: FUNCTION, destination: 'soc-webhook', period: PERIOD });

beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
    const request = JSON.parse(Buffer.from(input.Payload).toString('utf8')) as { replay: { from: string; to: string } };
    return answer({ replayed: { destination: 'soc-webhook', ...request.replay, sent: 7 } });
  });
});

describe('replayOnAws', () => {
  it('invokes the forwarder synchronously with one replay request per hour window, in order', async () => {
    // Act
    await replay();
    // Assess
    expect(payloads()).toEqual([
      {
        FunctionName: FUNCTION,
        InvocationType: 'RequestResponse',
        Payload: { replay: { destination: 'soc-webhook', from: '2026-11-20T09:30:00.000Z', to: '2026-11-20T10:00:00.000Z' } },
      },
      {
        FunctionName: FUNCTION,
        InvocationType: 'RequestResponse',
        Payload: { replay: { destination: 'soc-webhook', from: '2026-11-20T10:00:00.000Z', to: '2026-11-20T11:00:00.000Z' } },
      },
    ]);
  });

  it('adds up what each invocation sent', async () => {
    expect(await replay()).toEqual({ destination: 'soc-webhook', ...PERIOD, sent: 14, invocations: 2 });
  });

  it('stops at a window the function refused, saying where and why', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves(answer({ error: { code: 'delivery_failed', message: 'soc-webhook: not delivered within 15000 ms (last: HTTP 503)' } }));
    // Act
    const replaying = replay();
    // Assess
    await expect(replaying).rejects.toThrow(
      new CliError('replay stopped at 2026-11-20T09:30:00.000Z after 0 event(s): soc-webhook: not delivered within 15000 ms (last: HTTP 503)'),
    );
    expect(payloads()).toHaveLength(1);
  });

  it('stops when the function itself failed, naming its error type only', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves(answer({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 300.00 seconds' }, 'Unhandled'));
    // Act
    const replaying = replay();
    // Assess
    await expect(replaying).rejects.toThrow('the function failed (Sandbox.Timedout)');
  });
});

describe('siemReplayAws', () => {
  it('refuses a bad period before invoking anything', async () => {
    // Act
    const replaying = siemReplayAws({ function: FUNCTION, destination: 'soc-webhook', from: '2026-11-20', to: PERIOD.to });
    // Assess
    await expect(replaying).rejects.toThrow('--from: from must be an ISO 8601 time with a zone');
    expect(payloads()).toEqual([]);
  });

  it('requires the function name from the stack outputs', async () => {
    await expect(siemReplayAws({ destination: 'soc-webhook', ...PERIOD })).rejects.toThrow('--function is required with --aws');
  });
});

describe('windowsOf', () => {
  it('cuts a period at whole-window boundaries, covering it exactly', () => {
    expect(windowsOf({ from: '2026-11-20T01:15:00.000Z', to: '2026-11-20T07:00:00.000Z' }, 3)).toEqual([
      { from: '2026-11-20T01:15:00.000Z', to: '2026-11-20T03:00:00.000Z' },
      { from: '2026-11-20T03:00:00.000Z', to: '2026-11-20T06:00:00.000Z' },
      { from: '2026-11-20T06:00:00.000Z', to: '2026-11-20T07:00:00.000Z' },
    ]);
  });
});
