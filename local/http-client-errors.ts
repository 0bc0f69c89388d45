/**
 * Requests Node's HTTP parser refuses before any handler runs — bad framing, headers over
 * its 16 KB limit, a client too slow to send its headers — still get the API's JSON error
 * format, as they would from API Gateway, instead of Node's bare status line.
 */
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../lambdas/functions/shared/http-response';

/** What the parser's error codes mean for the client. */
interface ParserRefusal {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

const HEADERS_TOO_LARGE: ParserRefusal = {
  status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', message: 'the request headers are larger than 16 KB',
};
const TIMED_OUT: ParserRefusal = {
  status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'the request did not arrive in time',
};
const MALFORMED: ParserRefusal = {
  status: 400, reason: 'Bad Request', code: 'invalid_request', message: 'the request is not valid HTTP/1.1',
};

/** The refusal for a parser error code (`HPE_HEADER_OVERFLOW`, `ERR_HTTP_REQUEST_TIMEOUT`, `HPE_INVALID_…`). */
export function refusalOf(code: string | undefined): ParserRefusal {
  if (code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return TIMED_OUT;
  return MALFORMED;
}

/**
 * The server's 'clientError' listener: answers with a JSON error and closes the connection.
 * A reset connection, or one whose response has started, is only closed: nothing can be
 * written to it. Never logs: a malformed request is the client's problem, not the server's.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const refusal = refusalOf(error.code);
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message, details: [] } };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
