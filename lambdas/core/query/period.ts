import '../zod-messages';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import { zodDetails, type QueryStringParameters } from '../parse-request';

/** A reporting period: `from` inclusive, `to` exclusive, both on occurredAt. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;
const instant = z.pipe(z.iso.datetime({ offset: true }), z.transform((s: string) => new Date(s).toISOString()));

/** `?from&to` of stats and reports; `format` is the report's. */
export const PeriodParamsSchema = z.strictObject({
  from: z.optional(instant.check(z.describe('period start, inclusive (ISO 8601); default: `to` minus the default span'))),
  to: z.optional(instant.check(z.describe('period end, exclusive (ISO 8601); default: now'))),
  format: z.optional(z.enum(['json', 'markdown']).check(z.describe('reports only: json (default) or markdown'))),
});

/**
 * Parses a period with defaults and a maximum span. Periods are read through the
 * day-partitioned time index, so the span bounds the work one request can cause.
 */
export function parsePeriod(
  params: QueryStringParameters,
  now: Date,
  spans: { readonly defaultDays: number; readonly maxDays: number },
): Period & { readonly format: 'json' | 'markdown' } {
  const clean = Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = PeriodParamsSchema.safeParse(clean);
  if (!parsed.success) throw new ValidationError('the query parameters are not valid', zodDetails(parsed.error, ''));
  const to = parsed.data.to ?? now.toISOString();
  const from = parsed.data.from ?? new Date(Date.parse(to) - spans.defaultDays * DAY_MS).toISOString();
  if (from >= to) throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  if (Date.parse(to) - Date.parse(from) > spans.maxDays * DAY_MS) {
    throw new ValidationError(`the period may span at most ${spans.maxDays} days`, [{ path: 'from', message: 'period too long' }]);
  }
  return { from, to, format: parsed.data.format ?? 'json' };
}

/** Counts by key, kept in insertion order. */
export class Tally {
  private readonly counts = new Map<string, number>();

  /** Adds one (or `n`) to `key`. */
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** Every count, as an object sorted by key. */
  toRecord(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The `n` largest counts, largest first (ties by key). */
  top(n: number): { key: string; count: number }[] {
    return [...this.counts]
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }

  /** Sum of all counts. */
  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
}
