/**
 * Archive jobs for the CLI: a search, export, stats or report read that outruns the API's
 * time limit on the archive answers 202 with the job's route path; the CLI waits as
 * Retry-After asks and polls it until the API answers the read itself (or an error: an
 * expired job is a 404, so the loop ends within the job's hour).
 */
import { CliError, type ApiGet } from './cli-client';

/** Longest wait between two polls, whatever Retry-After says. */
const MAX_POLL_WAIT_MS = 15_000;

/** How the CLI waits and tells the user it is waiting. */
export interface JobPolling {
  readonly wait?: (ms: number) => Promise<unknown>;
  /** Called once per job with a line for stderr. */
  readonly notice?: (line: string) => void;
}

/** `api`, answering a 202 archive job with the job's final answer. */
export function followingJobs(api: ApiGet, polling: JobPolling = {}): ApiGet {
  const wait = polling.wait ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const notice = polling.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (path, query) => {
    let response = await api(path, query);
    let noticed = false;
    while (response.status === 202) {
      const poll = pollPathOf(await response.text());
      if (!noticed) notice('the archive query is still running on the server; waiting for it (a job lasts at most an hour)');
      noticed = true;
      await wait(waitMs(response.headers?.get('retry-after')));
      response = await api(poll);
    }
    return response;
  };
}

function pollPathOf(body: string): string {
  let poll: unknown;
  try {
    poll = (JSON.parse(body) as { poll?: unknown }).poll;
  } catch {
    // Handled below: the same one-line error.
  }
  if (typeof poll !== 'string' || !/^\/v1\/jobs\/[A-Za-z0-9_-]+$/.test(poll)) throw new CliError('the API answered 202 without a job to poll');
  return poll;
}

function waitMs(retryAfter: string | null | undefined): number {
  const seconds = Number(retryAfter ?? 5);
  return Math.min(MAX_POLL_WAIT_MS, Math.max(1, Number.isFinite(seconds) ? seconds : 5) * 1000);
}
