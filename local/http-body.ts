/** Reading a request body in the local API, bounded, and telling a vanished client apart from an error. */
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '../lambdas/core/errors';
import { MAX_BODY_BYTES } from '../lambdas/core/parse-request';

/**
 * The client went away before its body arrived (closed or reset the connection). Nobody is
 * left to answer, so it is neither a failure to log nor a response to write.
 */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before its request body arrived');
  }
}

/** Reads at most MAX_BODY_BYTES + 1 bytes: enough to tell "too large" without holding more. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  const tooLarge = () => new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes; nothing was stored`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      reject(tooLarge());
    };
    req.on('data', onData);
    // An abort surfaces as 'error' (ECONNRESET "aborted") or only as 'close' before 'end'.
    req.once('error', () => reject(new ClientGoneError()));
    req.once('close', () => {
      if (!req.complete) reject(new ClientGoneError());
    });
    req.once('end', () => resolve(size === 0 ? null : Buffer.concat(chunks).toString('utf8')));
  });
}
