/**
 * How often an EventBridge schedule runs in the model's 30-day month: `rate(...)` and the
 * cron forms the stack and AWS Backup plans use. Anything else is refused by name rather
 * than priced wrongly.
 */

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** Runs per 30-day month of `rate(n unit)` or `cron(min hour day-of-month month day-of-week year)`. */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = { minute: 1, hour: 60, day: 1440 }[rate[2]!.replace(/s$/, '') as 'minute' | 'hour' | 'day'];
    return MINUTES_PER_MONTH / (Number(rate[1]) * minutes);
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) \S+\)$/.exec(expression);
  if (!cron) throw new Error(`cannot price the schedule ${expression}`);
  const [, minute, hour, dayOfMonth, month, dayOfWeek] = cron as unknown as string[];
  const days = dayOfMonth === '?' ? (dayOfWeek === '*' || dayOfWeek === '?' ? 30 : (valuesIn(dayOfWeek!, 7) * 30) / 7) : valuesIn(dayOfMonth!, 30);
  return valuesIn(minute!, 60) * valuesIn(hour!, 24) * days * (valuesIn(month!, 12) / 12);
}

/** How many values a cron field matches out of `size`: `*`, `*\/n`, `a-b`, `a,b,c` or one value. */
function valuesIn(field: string, size: number): number {
  if (field === '*' || field === '?') return size;
  return field.split(',').reduce((n, part) => {
    const step = /^(\*|\d+-\d+)\/(\d+)$/.exec(part);
    const range = /^(\d+)-(\d+)$/.exec(step?.[1] ?? part);
    const span = range ? Number(range[2]) - Number(range[1]) + 1 : step ? size : 1;
    if (!step && !range && !/^\w+$/.test(part)) throw new Error(`cannot price the cron field ${field}`);
    return n + Math.ceil(span / (step ? Number(step[2]) : 1));
  }, 0);
}

