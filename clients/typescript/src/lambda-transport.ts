/**
 * The direct transport: `lambda:Invoke` (RequestResponse) of the writer function with
 * exactly the HTTP body; the function answers `{"status", ...body}` (docs/ingest.md).
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { apiErrorFrom, UnavailableError } from './errors';
import type { AcceptedEvent, Transport } from './transport';

/** Which function, through which client. */
export interface LambdaTransportOptions {
  /** The writer function's name or ARN. */
  readonly functionName: string;
  /** Created by the caller (region, credentials, retries of its own). */
  readonly client: LambdaClient;
}

/** Builds the lambda:Invoke transport. */
export function lambdaTransport(options: LambdaTransportOptions): Transport {
  return {
    async send(body) {
      // SDK errors (throttling, network) propagate with their names and $metadata: the retry policy reads those.
      const output = await options.client.send(
        new InvokeCommand({ FunctionName: options.functionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(body) }),
      );
      const text = new TextDecoder().decode(output.Payload ?? new Uint8Array());
      if (output.FunctionError) {
        // The function crashed (timeout, out of memory): nothing was acknowledged, so it is retryable.
        throw new UnavailableError(502, 'unavailable', `the writer function failed (${output.FunctionError})`);
      }
      const result = JSON.parse(text) as { status: number; accepted?: AcceptedEvent[] };
      if (result.status !== 201 || !result.accepted) throw apiErrorFrom(result.status, result);
      return result.accepted;
    },
    close: () => options.client.destroy(),
  };
}
