/** How the `dmis-audit` CLI prints: one line per event for people, JSON with --json, progress on stderr. */
import { neutraliseControls, neutraliseLine } from '../lambdas/core/display-text';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { arrivalDelaySeconds, formatDelay, isLateArrival } from '../lambdas/core/late-arrival';

/** One readable line per event, late arrivals marked; any writer's text in it is shown with its control characters escaped. */
export function eventLine(e: StoredEvent): string {
  const target = e.target ? `${e.target.type}/${e.target.id}` : '-';
  const late = isLateArrival(e) ? [`(late arrival: +${formatDelay(arrivalDelaySeconds(e))})`] : [];
  return neutraliseLine([e.occurredAt, e.eventType.padEnd(24), e.outcome.padEnd(7), e.severity.padEnd(8), e.actor.userId, target, e.eventId, ...late].join('  '));
}

/**
 * `--json` output: the same JSON, with DEL, C1 and bidi characters inside its strings written
 * as `\u` escapes (JSON.stringify escapes only C0), so printing it cannot drive a terminal.
 */
export function jsonText(value: unknown): string {
  return neutraliseControls(JSON.stringify(value, null, 2));
}

/** Text an API answered with (a Markdown report), with its control characters made visible. */
export function displayText(text: string): string {
  return neutraliseControls(text);
}

/** Stats as a short indented summary. */
export function statsText(s: Record<string, unknown>): string {
  const lines = [`${String(s.from)} .. ${String(s.to)}: ${String(s.total)} events`];
  for (const key of ['byCategory', 'bySeverity', 'byOutcome', 'byEventType']) {
    const entries = Object.entries((s[key] ?? {}) as Record<string, number>).map(([k, n]) => `${k}=${n}`);
    lines.push(`  ${key.slice(2).toLowerCase()}: ${entries.join(' ') || '-'}`);
  }
  const top = ((s.topActors ?? []) as { userId: string; count: number }[]).map((a) => `${a.userId}=${a.count}`);
  lines.push(`  top actors: ${top.join(' ') || '-'}`);
  lines.push(`  failed logins (24 h): ${String(s.failedLoginsLast24h)}  denials (24 h): ${String(s.denialsLast24h)}  critical (7 d): ${String(s.criticalLast7d)}`);
  return lines.map(neutraliseLine).join('\n');
}

/** A progress line on stderr, redrawn in place when stderr is a terminal. */
export function progress(label: string): { update(bytes: number, rows: number): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  const draw = (bytes: number, rows: number, final: boolean) => {
    const now = Date.now();
    if (!final && now - last < 200) return;
    last = now;
    const text = `${label}: ${rows} lines, ${(bytes / 1_048_576).toFixed(1)} MB`;
    process.stderr.write(tty ? `\r${text}${final ? '\n' : ''}` : final ? `${text}\n` : '');
  };
  let state = { bytes: 0, rows: 0 };
  return {
    update(bytes, rows) {
      state = { bytes, rows };
      draw(bytes, rows, false);
    },
    done: () => draw(state.bytes, state.rows, true),
  };
}
