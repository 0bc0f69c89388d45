/**
 * EventBridge cron fields, checked before synth: `minutes hours day-of-month month
 * day-of-week year`, optionally wrapped in `cron(...)`. lib/config.ts reports a bad value by
 * its context key; ScheduledReports by its prop.
 */

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names allowed as values (months, weekdays). */
  readonly names?: RegExp;
  /** Whole-field forms beyond lists, ranges and steps (`?`, `L`, `W`, `#`). */
  readonly special?: RegExp;
}

const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|([1-9]|[12]\d|3[01])W)$/ },
  { name: 'month', min: 1, max: 12, names: new RegExp(`^(${MONTHS})$`, 'i') },
  { name: 'day-of-week', min: 1, max: 7, names: new RegExp(`^(${DAYS})$`, 'i'), special: /^(\?|[1-7]L|[1-7]#[1-5])$/ },
  { name: 'year', min: 1970, max: 2199 },
];

/** What is wrong with the expression, or undefined when EventBridge accepts it. */
export function scheduleProblem(expression: string): string | undefined {
  const fields = unwrapCron(expression).split(/\s+/).filter(Boolean);
  if (fields.length !== 6) {
    return 'must be six EventBridge cron fields: minutes hours day-of-month month day-of-week year, e.g. "0 6 * * ? *"';
  }
  const bad = FIELDS.find((spec, i) => !fieldValid(fields[i] as string, spec));
  if (bad) return `has an invalid ${bad.name} field`;
  // EventBridge: a value or * in one day field needs ? in the other.
  if ((fields[2] === '?') === (fields[4] === '?')) return 'must have "?" in exactly one of day-of-month and day-of-week';
  return undefined;
}

/** The six fields, single-spaced, without a `cron(...)` wrapper. */
export function unwrapCron(expression: string): string {
  return expression.trim().replace(/^cron\((.*)\)$/s, '$1').trim().split(/\s+/).join(' ');
}

function fieldValid(field: string, spec: CronField): boolean {
  if (spec.special?.test(field)) return true;
  return field.split(',').every((part) => {
    const [range = '', step, ...rest] = part.split('/');
    if (rest.length > 0 || (step !== undefined && !/^[1-9]\d{0,3}$/.test(step))) return false;
    if (range === '*') return true;
    const ends = range.split('-');
    return ends.length <= 2 && ends.every((end) => valueValid(end, spec));
  });
}

function valueValid(value: string, spec: CronField): boolean {
  if (spec.names?.test(value)) return true;
  return /^\d{1,4}$/.test(value) && Number(value) >= spec.min && Number(value) <= spec.max;
}
