/**
 * A filter pattern translated into a CloudWatch Logs Insights `filter` expression, so an
 * analyst on an alarm can query the very lines its metric filter counted
 * (`dmis-audit logs query --rule <name>`). The translation, for the forms our rules use:
 * - `$.f = "text"` → `f = "text"`; with `*` wildcards → `f like /^text.*$/` (regex-escaped);
 * - `$.f != "text"` → `(ispresent(f) and not (f = "text"))`: a metric filter never matches a
 *   comparison on a missing field, `!=` included, and Insights would;
 * - numbers as they are; `&&` → `and`, `||` → `or`, every operand in parentheses.
 */
import type { FieldComparison, FilterPattern } from './filter-pattern';

/** The Insights filter expression matching what `pattern` matches. */
export function insightsFilterOf(pattern: FilterPattern): string {
  if ('all' in pattern) return group(pattern.all, 'and');
  if ('any' in pattern) return group(pattern.any, 'or');
  return comparison(pattern);
}

/** A whole query: the rule's lines, newest first. */
export function insightsQueryOf(pattern: FilterPattern, limit: number): string {
  return `fields @timestamp, @message | filter ${insightsFilterOf(pattern)} | sort @timestamp desc | limit ${limit}`;
}

function group(patterns: readonly FilterPattern[], joiner: 'and' | 'or'): string {
  return patterns.map((p) => `(${insightsFilterOf(p)})`).join(` ${joiner} `);
}

function comparison({ field, op, value }: FieldComparison): string {
  if (typeof value === 'number') return `${field} ${op} ${value}`;
  const test = value.includes('*') ? `${field} like /^${wildcardRegex(value)}$/` : `${field} = "${value}"`;
  return op === '=' ? test : `(ispresent(${field}) and not (${test}))`;
}

function wildcardRegex(value: string): string {
  return value
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
}
