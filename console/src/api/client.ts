/**
 * Typed reads over the transport: JSON or text bodies, and the API's error format turned
 * into an ApiError that says what the server said (never a stack or a raw body).
 */
import type { ApiTransport } from './transport';

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

/** GET returning JSON; throws ApiError on any non-2xx status. */
export async function getJson<T>(api: ApiTransport, path: string, query?: Record<string, string>): Promise<T> {
  const response = await api.get(path, query);
  if (response.status < 200 || response.status > 299) throw await failure(response.status, await response.text());
  return (await response.json()) as T;
}

/** GET returning text (Markdown, CSV, NDJSON); throws ApiError on any non-2xx status. */
export async function getText(api: ApiTransport, path: string, query?: Record<string, string>): Promise<string> {
  const response = await api.get(path, query);
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
