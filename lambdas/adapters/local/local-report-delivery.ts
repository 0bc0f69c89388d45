/**
 * Report delivery for the local runtime: the copies go to `<localDir>/reports/`, named
 * `<kind>-<period>.md` and `.json`, and the notice is printed and appended to
 * `<localDir>/notifications.ndjson` as one JSON object per line, beside the alerts.
 */
import { access, appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportDelivery, ReportDocument, ReportNotice, StoredReport } from '../../core/query/report-delivery';
import type { ScheduledReportKind } from '../../core/query/scheduled-reports';

/** One report notice as stored in the notifications file. */
export interface LocalReportNotificationRecord {
  readonly subject: string;
  readonly severity: 'low';
  readonly source: 'report';
  readonly detail: { readonly kind: ScheduledReportKind; readonly label: string; readonly text: string; readonly link: string };
  readonly publishedAt: string;
}

/** Writes report files under `<localDir>/reports/` and notices to `<localDir>/notifications.ndjson`. */
export class LocalReportDelivery implements ReportDelivery {
  private readonly dir: string;
  private readonly notifications: string;

  constructor(
    localDir: string,
    private readonly print: (text: string) => void = (text) => console.log(text),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = join(resolve(localDir), 'reports');
    this.notifications = join(resolve(localDir), 'notifications.ndjson');
  }

  /** The two files of a report. */
  pathsOf(kind: ScheduledReportKind, label: string): { markdown: string; json: string } {
    const base = join(this.dir, `${kind}-${label}`);
    return { markdown: `${base}.md`, json: `${base}.json` };
  }

  /** True when the report's JSON copy (written last) exists. */
  async has(kind: ScheduledReportKind, label: string): Promise<boolean> {
    return access(this.pathsOf(kind, label).json).then(() => true, () => false);
  }

  async store(document: ReportDocument): Promise<StoredReport> {
    const paths = this.pathsOf(document.kind, document.label);
    await mkdir(this.dir, { recursive: true });
    // Markdown first and JSON last, each renamed into place: a JSON copy means a complete report.
    await writeAtomically(paths.markdown, document.markdown);
    await writeAtomically(paths.json, document.json);
    return { ...paths, link: pathToFileURL(paths.markdown).href };
  }

  async notify(notice: ReportNotice): Promise<void> {
    const { kind, label } = notice;
    const record: LocalReportNotificationRecord = {
      subject: notice.subject,
      severity: 'low',
      source: 'report',
      detail: { kind, label, text: notice.text, link: notice.link },
      publishedAt: this.now().toISOString(),
    };
    await mkdir(dirname(this.notifications), { recursive: true });
    await appendFile(this.notifications, `${JSON.stringify(record)}\n`);
    this.print(`[report] ${notice.subject}: ${notice.link}`);
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const partial = `${file}.partial`;
  await writeFile(partial, text);
  await rename(partial, file);
}
