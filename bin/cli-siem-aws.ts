/**
 * `dmis-audit siem replay --aws`: sends a period again to one destination of the deployed
 * stack, by invoking the SIEM forwarder function (stack output SiemForwarderFunctionName)
 * with replay requests, `{"replay": {"destination", "from", "to"}}`. The function reads the
 * table itself (the same replay core as the local stack) and answers how many events it
 * sent. The period (occurredAt, `from` inclusive, `to` exclusive) is cut into windows, one
 * invocation each, so every invocation stays well inside the function's timeout; the
 * forwarder runs one invocation at a time, and throttled invocations are retried.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AuditError } from '../lambdas/core/errors';
import { parseReplayPeriod, type ReplayPeriod } from '../lambdas/core/siem/replay';
import { CliError } from './cli-client';

/** The usage line of the AWS replay. */
export const SIEM_AWS_USAGE = `  siem replay --aws --function NAME --destination D --from ISO --to ISO [--window-hours N] [--region R]
                                                     the same on the deployed stack (NAME: output SiemForwarderFunctionName)`;

/** One replay on AWS. */
export interface AwsReplayOptions {
  readonly functionName: string;
  readonly destination: string;
  readonly period: ReplayPeriod;
  /** Hours per invocation. @default 1 */
  readonly windowHours?: number;
}

/** What a replay did. */
export interface AwsReplayResult {
  readonly destination: string;
  readonly from: string;
  readonly to: string;
  readonly sent: number;
  readonly invocations: number;
}

/** Invokes the forwarder once per window, in order; stops at the first window that failed. */
export async function replayOnAws(lambda: Pick<LambdaClient, 'send'>, options: AwsReplayOptions): Promise<AwsReplayResult> {
  const windows = windowsOf(options.period, options.windowHours ?? 1);
  let sent = 0;
  for (const window of windows) {
    const payload = { replay: { destination: options.destination, ...window } };
    const response = await lambda.send(
      new InvokeCommand({
        FunctionName: options.functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(payload)),
      }),
    );
    const answer = parsePayload(response.Payload);
    if (response.FunctionError) {
      const reason = (answer as { errorType?: string } | undefined)?.errorType ?? response.FunctionError;
      throw new CliError(`replay stopped at ${window.from} after ${sent} event(s): the function failed (${reason})`);
    }
    const error = (answer as { error?: { message?: string } } | undefined)?.error;
    if (error) throw new CliError(`replay stopped at ${window.from} after ${sent} event(s): ${error.message ?? 'refused'}`);
    sent += (answer as { replayed?: { sent?: number } } | undefined)?.replayed?.sent ?? 0;
  }
  return { destination: options.destination, ...options.period, sent, invocations: windows.length };
}

/** `siem replay --aws` from parsed command-line values. */
export async function siemReplayAws(values: {
  readonly function?: string;
  readonly destination?: string;
  readonly from?: string;
  readonly to?: string;
  readonly region?: string;
  readonly 'window-hours'?: string;
}): Promise<AwsReplayResult> {
  if (!values.function) throw new CliError('--function is required with --aws (stack output SiemForwarderFunctionName)');
  if (!values.destination) throw new CliError('--destination is required');
  const windowHours = values['window-hours'] === undefined ? 1 : Number(values['window-hours']);
  if (!Number.isInteger(windowHours) || windowHours < 1 || windowHours > 24) throw new CliError('--window-hours must be a whole number from 1 to 24');
  let period: ReplayPeriod;
  try {
    period = parseReplayPeriod(values.from, values.to);
  } catch (error) {
    throw new CliError(error instanceof AuditError ? `--${error.details[0]?.path ?? 'from'}: ${error.message}` : String(error));
  }
  // Standard retries cover throttling: the forwarder takes one invocation at a time.
  const lambda = new LambdaClient({ maxAttempts: 10, ...(values.region ? { region: values.region } : {}) });
  try {
    return await replayOnAws(lambda, { functionName: values.function, destination: values.destination, period, windowHours });
  } finally {
    lambda.destroy();
  }
}

/** The period cut at whole `hours` boundaries (UTC), in order. */
export function windowsOf(period: ReplayPeriod, hours: number): ReplayPeriod[] {
  const step = hours * 3_600_000;
  const end = Date.parse(period.to);
  const windows: ReplayPeriod[] = [];
  for (let start = Date.parse(period.from); start < end; ) {
    const next = Math.min(end, (Math.floor(start / step) + 1) * step);
    windows.push({ from: new Date(start).toISOString(), to: new Date(next).toISOString() });
    start = next;
  }
  return windows;
}

function parsePayload(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
