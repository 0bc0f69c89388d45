/**
 * Typed reads over the transport: JSON or text bodies, and the API's error format turned
 * into an ApiError that says what the server said (never a stack or a raw body).
 */
import type { ApiResponse, ApiTransport } from './transport';

/** A non-2xx answer: status, the API's error code and message, and each detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] };
}

async function failure(status: number, body: string): Promise<ApiError> {
  let parsed: ErrorBody = {};
  try {
    parsed = JSON.parse(body) as ErrorBody;
  } catch {
    // Not the API's JSON (a proxy's page): the status says enough.
  }
  const details = (parsed.error?.details ?? []).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`).join('; ');
  const message = `${status} ${parsed.error?.code ?? 'error'}: ${parsed.error?.message ?? 'request failed'}${details ? ` (${details})` : ''}`;
  return new ApiError(status, parsed.error?.code ?? 'error', message);
}

/** Longest wait between two polls of an archive job, whatever Retry-After says. */
const MAX_POLL_WAIT_MS = 15_000;

/**
 * The answer to a GET, following an archive job: a read that outruns the API's time limit
 * on the archive answers 202 with `poll`, the job's route path, polled until it answers
 * something else (the job expires after an hour, so this ends).
 */
export async function answered(
  api: ApiTransport,
  path: string,
  query?: Record<string, string>,
  wait: (ms: number) => Promise<unknown> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<ApiResponse> {
  let response = await api.get(path, query);
  while (response.status === 202) {
    const { poll } = (await response.json()) as { poll?: unknown };
    if (typeof poll !== 'string' || !poll.startsWith('/v1/jobs/')) throw new ApiError(202, 'error', '202 without a job to poll');
    const seconds = Number(response.headers?.get('retry-after') ?? 5);
    await wait(Math.min(MAX_POLL_WAIT_MS, Math.max(1, Number.isFinite(seconds) ? seconds : 5) * 1000));
    response = await api.get(poll);
  }
  return response;
}

/** GET returning JSON (after any archive job); throws ApiError on any non-2xx status. */
export async function getJson<T>(api: ApiTransport, path: string, query?: Record<string, string>): Promise<T> {
  const response = await answered(api, path, query);
  if (response.status < 200 || response.status > 299) throw await failure(response.status, await response.text());
  return (await response.json()) as T;
}

/** GET returning text (Markdown, CSV, NDJSON); throws ApiError on any non-2xx status. */
export async function getText(api: ApiTransport, path: string, query?: Record<string, string>): Promise<string> {
  const response = await answered(api, path, query);
  const text = await response.text();
  if (response.status < 200 || response.status > 299) throw await failure(response.status, text);
  return text;
}

/** GET returning JSON, or undefined on 404 (an unsealed event's proof). */
export async function getJsonOrNone<T>(api: ApiTransport, path: string, query?: Record<string, string>): Promise<T | undefined> {
  const response = await api.get(path, query);
  if (response.status === 404) return undefined;
  if (response.status < 200 || response.status > 299) throw await failure(response.status, await response.text());
  return (await response.json()) as T;
}
