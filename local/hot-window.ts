/**
 * The local system's hot window, read in one place: the runtime option (tests start a
 * stack whose events leave the table after minutes), else `DMIS_HOT_WINDOW_SECONDS`, else
 * the deployed default (core/hot-window.ts). Events past it are read from the archive.
 */
import { DEFAULT_HOT_WINDOW_SECONDS } from '../lambdas/adapters/dynamodb/event-item';

/** The variable that sets the local hot window, in seconds. */
export const HOT_WINDOW_VARIABLE = 'DMIS_HOT_WINDOW_SECONDS';

/** The hot window in seconds; throws naming the variable when it is not a whole number ≥ 1. */
export function localHotWindowSeconds(option?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return checked(option, 'hotWindowSeconds');
  const raw = env[HOT_WINDOW_VARIABLE];
  if (raw === undefined || raw.trim() === '') return DEFAULT_HOT_WINDOW_SECONDS;
  return checked(Number(raw), HOT_WINDOW_VARIABLE);
}

function checked(seconds: number, name: string): number {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`${name} must be a whole number of seconds ≥ 1`);
  return seconds;
}
