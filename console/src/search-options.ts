/**
 * What the filter forms offer. Categories, severities and event types come from the event
 * catalogue itself (lambdas/core/catalogue.ts, pure data); outcomes are the closed set the
 * API validates (a unit test keeps this list equal to the server's).
 */
import { CATEGORIES, EVENT_CATALOGUE, SEVERITIES } from '../../lambdas/core/catalogue';

/** Outcomes, as in lambdas/core/event-schema.ts. */
export const OUTCOMES = ['success', 'failure', 'denied', 'error'] as const;

export { CATEGORIES, SEVERITIES };

/** Every catalogued type and each prefix (`auth.`, `auth.login.`), for the event type suggestions. */
export function eventTypeSuggestions(): string[] {
  const types = Object.keys(EVENT_CATALOGUE);
  const prefixes = new Set<string>();
  for (const type of types) {
    const parts = type.split('.');
    for (let i = 1; i < parts.length; i++) prefixes.add(`${parts.slice(0, i).join('.')}.`);
  }
  return [...prefixes, ...types].sort();
}

/** The search filters of `GET /v1/events` and `GET /v1/export`, in form order. */
export const FILTER_NAMES = ['actor', 'targetType', 'targetId', 'eventType', 'category', 'severity', 'outcome', 'from', 'to', 'q', 'lateArrivals'] as const;

/** Only the filter parameters of a query. */
export function filtersOf(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FILTER_NAMES) if (params[name]) out[name] = params[name];
  return out;
}
