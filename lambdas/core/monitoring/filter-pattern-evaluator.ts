/**
 * Evaluates CloudWatch Logs JSON filter pattern text against one log line, the way
 * CloudWatch does for the subset the monitoring rules use. No npm package does this, and
 * the tests need to know that a line the processor emitted is counted by the metric
 * filter the stack deploys. Unsupported syntax throws rather than guessing.
 *
 * Semantics (CloudWatch's, as documented, with the conservative reading where it is silent):
 * - a line that is not a JSON object matches no JSON pattern;
 * - a comparison on a field the line does not have is false, for `!=` too;
 * - string comparisons only apply to string fields, numeric ones only to number fields;
 * - `*` in a string value matches any run of characters, anywhere in the value.
 */
import type { ComparisonOperator, FieldComparison, FilterPattern } from './filter-pattern';

const TOKEN = /\s*(\{|\}|\(|\)|&&|\|\||!=|<=|>=|=|<|>|"[^"\\]*"|\$\.[A-Za-z0-9_.]+|-?\d+(?:\.\d+)?)/y;
const OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses pattern text (as rendered by renderFilterPattern, or hand-written in the same subset). */
export function parseFilterPattern(text: string): FilterPattern {
  const tokens = tokenize(text);
  let at = 0;
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('filter pattern: unexpected end');
    return token;
  };
  const expect = (want: string) => {
    const got = next();
    if (got !== want) throw new Error(`filter pattern: expected ${want}, got ${got}`);
  };
  const parseTerm = (): FilterPattern => {
    if (tokens[at] === '(') {
      at++;
      const inner = parseExpression();
      expect(')');
      return inner;
    }
    return parseComparison(next(), next(), next());
  };
  const parseExpression = (): FilterPattern => {
    const operands = [parseTerm()];
    let joiner: string | undefined;
    while (tokens[at] === '&&' || tokens[at] === '||') {
      const op = next();
      if (joiner && op !== joiner) throw new Error('filter pattern: mixing && and || needs parentheses');
      joiner = op;
      operands.push(parseTerm());
    }
    if (operands.length === 1) return operands[0] as FilterPattern;
    return joiner === '&&' ? { all: operands } : { any: operands };
  };
  expect('{');
  const pattern = parseExpression();
  expect('}');
  if (at !== tokens.length) throw new Error('filter pattern: text after the closing brace');
  return pattern;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match)
      throw new Error(
        `filter pattern: unsupported syntax at ${start}: ${JSON.stringify(text.slice(start, start + 20))}`,
      );
    tokens.push(match[1] as string);
  }
  return tokens;
}

function parseComparison(selector: string, op: string, raw: string): FieldComparison {
  if (!selector.startsWith('$.')) throw new Error(`filter pattern: expected a $.field selector, got ${selector}`);
  if (!OPERATORS.has(op)) throw new Error(`filter pattern: expected a comparison operator, got ${op}`);
  const field = selector.slice(2);
  if (raw.startsWith('"')) {
    if (op !== '=' && op !== '!=') throw new Error(`filter pattern: ${op} needs a number`);
    return { field, op: op as ComparisonOperator, value: raw.slice(1, -1) };
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`filter pattern: expected a quoted string or a number, got ${raw}`);
  return { field, op: op as ComparisonOperator, value };
}

/** True when CloudWatch would count `logLine` for pattern text `patternText`. */
export function matchesFilterPattern(patternText: string, logLine: string): boolean {
  return compileFilterPattern(patternText)(logLine);
}

/** Parses once, matches many lines (the local alarms evaluate every line against every rule). */
export function compileFilterPattern(patternText: string): (logLine: string) => boolean {
  const pattern = parseFilterPattern(patternText);
  return (logLine) => matchesParsed(pattern, logLine);
}

function matchesParsed(pattern: FilterPattern, logLine: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(logLine);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  return evaluate(pattern, parsed as Record<string, unknown>);
}

function evaluate(pattern: FilterPattern, line: Record<string, unknown>): boolean {
  if ('all' in pattern) return pattern.all.every((p) => evaluate(p, line));
  if ('any' in pattern) return pattern.any.some((p) => evaluate(p, line));
  return compare(pattern, select(line, pattern.field));
}

function select(line: Record<string, unknown>, field: string): unknown {
  let value: unknown = line;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function compare({ op, value }: FieldComparison, actual: unknown): boolean {
  if (typeof value === 'string') {
    if (typeof actual !== 'string') return false;
    const equal = wildcard(value).test(actual);
    return op === '=' ? equal : !equal;
  }
  if (typeof actual !== 'number') return false;
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
  }
}

function wildcard(value: string): RegExp {
  const escaped = value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}
