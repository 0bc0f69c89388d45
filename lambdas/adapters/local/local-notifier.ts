/**
 * Notifier for the local runtime: what SNS would deliver is printed and appended, one
 * JSON object per line, to `<localDir>/notifications.ndjson`, so a developer sees it and
 * tests can read it back.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Notifier, SecurityNotification } from '../../core/monitoring/ports';

/** One published notification as stored in the file. */
export interface LocalNotificationRecord extends SecurityNotification {
  readonly publishedAt: string;
}

/** Appends notifications to an NDJSON file and prints their subject. */
export class LocalNotifier implements Notifier {
  constructor(
    private readonly file: string,
    private readonly print: (text: string) => void = (text) => console.log(text),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(notification: SecurityNotification): Promise<void> {
    const record: LocalNotificationRecord = { ...notification, publishedAt: this.now().toISOString() };
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`);
    this.print(`[notification ${notification.severity}] ${notification.subject}`);
  }
}
