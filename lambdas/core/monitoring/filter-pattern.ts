/**
 * CloudWatch Logs JSON filter patterns as data. The monitoring rules hold these objects;
 * the CDK app renders them into metric filters and the local runtime evaluates the very
 * same rendered text (filter-pattern-evaluator.ts), so both sides agree by construction.
 * Only the subset the rules need: comparisons on one field, `&&`, `||`, `*` wildcards.
 */

/** Comparison operators CloudWatch accepts in JSON patterns. */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** One field compared with a value; a string value may contain `*` (any characters). */
export interface FieldComparison {
  /** Top-level or dotted field of the security line, without `$.`. */
  readonly field: string;
  readonly op: ComparisonOperator;
  readonly value: string | number;
}

/** A filter pattern: a comparison, or all / any of several patterns. */
export type FilterPattern =
  FieldComparison | { readonly all: readonly FilterPattern[] } | { readonly any: readonly FilterPattern[] };

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
// Quotes and backslashes would need escaping rules CloudWatch documents poorly: refuse them.
const SAFE_STRING = /^[^"\\]*$/;

/** `field = value` (string or number). */
export const eq = (field: string, value: string | number): FieldComparison => ({ field, op: '=', value });
/** `field != value`. */
export const ne = (field: string, value: string | number): FieldComparison => ({ field, op: '!=', value });
/** Every pattern matches. */
export const all = (...patterns: FilterPattern[]): FilterPattern => ({ all: patterns });
/** At least one pattern matches. */
export const any = (...patterns: FilterPattern[]): FilterPattern => ({ any: patterns });

/** The pattern text CloudWatch receives, e.g. `{ ($.eventType = "auth.login.failure") && ($.logType = "security") }`. */
export function renderFilterPattern(pattern: FilterPattern): string {
  return `{ ${renderInner(pattern)} }`;
}

function renderInner(pattern: FilterPattern): string {
  if ('all' in pattern) return renderGroup(pattern.all, '&&');
  if ('any' in pattern) return renderGroup(pattern.any, '||');
  return renderComparison(pattern);
}

function renderGroup(patterns: readonly FilterPattern[], joiner: '&&' | '||'): string {
  if (patterns.length === 0)
    throw new Error(`filter pattern: an empty ${joiner === '&&' ? 'all' : 'any'} group matches nothing sensible`);
  // Every operand in parentheses: CloudWatch's precedence of && over || is not documented.
  return patterns.map((p) => `(${renderInner(p)})`).join(` ${joiner} `);
}

function renderComparison({ field, op, value }: FieldComparison): string {
  if (!FIELD.test(field)) throw new Error(`filter pattern: invalid field name ${JSON.stringify(field)}`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`filter pattern: ${field} needs a finite number`);
    return `$.${field} ${op} ${value}`;
  }
  if (op !== '=' && op !== '!=') throw new Error(`filter pattern: ${field} ${op} needs a number`);
  if (!SAFE_STRING.test(value))
    throw new Error(`filter pattern: ${field} value must not contain quotes or backslashes`);
  return `$.${field} ${op} "${value}"`;
}
