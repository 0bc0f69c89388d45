/**
 * Readers of raw configuration values (CDK context) for lib/config.ts: each reads one key,
 * accepts the command line's strings and cdk.json's JSON, and throws a ConfigError that
 * names that key, so a mistake fails synth with one line saying which key to fix.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Reads one raw configuration value by key (CDK context in bin/app.ts). */
export type ConfigSource = (key: string) => unknown;

/** A configuration value is invalid; the message names the context key. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid config "${field}": ${problem}`);
    this.name = 'ConfigError';
  }
}

const RETENTION_VALUES = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

/** Integers only: context from the command line arrives as strings. */
export function readNumber(source: ConfigSource, field: string, fallback: number, min: number, max: number): number {
  const raw = source(field);
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A CloudWatch Logs retention of at least `minDays` (CloudWatch accepts only its own list of values). */
export function readRetentionDays(source: ConfigSource, field: string, fallback: RetentionDays, minDays = 1): RetentionDays {
  const days = readNumber(source, field, fallback, 1, 3653);
  if (days < minDays) throw new ConfigError(field, `must be at least ${minDays} days (the records retention minimum)`);
  if (!RETENTION_VALUES.has(days)) {
    throw new ConfigError(field, 'must be a CloudWatch Logs retention value (e.g. 365, 400, 731, 2557, 3653)');
  }
  return days as RetentionDays;
}

/** A list from cdk.json (array) or the command line (comma-separated string); duplicates dropped. */
export function readList(source: ConfigSource, field: string, pattern: RegExp, what: string): readonly string[] {
  const raw = source(field);
  if (raw === undefined || raw === '') return [];
  const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (!Array.isArray(items)) throw new ConfigError(field, 'must be a list or a comma-separated string');
  items.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw new ConfigError(`${field}[${i}]`, `must be ${what}`);
    }
  });
  return [...new Set(items as string[])];
}

/** One value of a closed set of strings. */
export function readChoice<T extends string>(source: ConfigSource, field: string, choices: readonly T[], fallback: T): T {
  const raw = source(field) ?? fallback;
  const choice = choices.find((c) => c === raw);
  if (!choice) throw new ConfigError(field, `must be one of ${choices.join(', ')}`);
  return choice;
}

/** An optional single string matching `pattern`. */
export function readOptional(source: ConfigSource, field: string, pattern: RegExp, what: string): string | undefined {
  const raw = source(field);
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !pattern.test(raw)) throw new ConfigError(field, `must be ${what}`);
  return raw;
}

/** A JSON object from cdk.json (object) or the command line (a JSON string). */
export function readObject(source: ConfigSource, field: string, what: string): Record<string, unknown> {
  const raw = source(field) ?? {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigError(field, `must be JSON: ${what}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, `must be ${what}`);
  return value as Record<string, unknown>;
}
