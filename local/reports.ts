/**
 * The local runtime's scheduled reports: the same builder as the reports Lambda
 * (composition/reports.ts), on a timer instead of EventBridge schedules. At start, and at
 * every UTC midnight after, it writes the last complete day's login activity and ISO
 * week's data changes to `<localDir>/reports/` unless they are already there (a restart
 * does not write them twice). A period that ended before the local table existed has no
 * events to report on and is skipped.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalReportDelivery } from '../lambdas/adapters/local/local-report-delivery';
import type { AuditTableOptions } from '../lambdas/composition/audit-table-options';
import type { IntegrityAdapters } from '../lambdas/composition/integrity-services';
import { buildReportServices } from '../lambdas/composition/reports';
import { periodOf, SCHEDULED_REPORT_KINDS, type ScheduledReportKind, type ScheduledReportRun } from '../lambdas/core/query/scheduled-reports';

/** Who the local runs' audit.read events name. */
export const LOCAL_REPORTS_PRINCIPAL = 'local:reports';

const DAY_MS = 86_400_000;

/** Options of the reports timer. */
export interface LocalReportsOptions extends AuditTableOptions {
  readonly localDir: string;
  /** The local archive and key, for each period's integrity status. @default none: "not_available" */
  readonly integrity?: IntegrityAdapters;
  /** Periods that ended at or before this are skipped. @default none skipped */
  readonly notBefore?: Date;
  readonly now?: () => Date;
  readonly print?: (text: string) => void;
  readonly onError?: (error: unknown) => void;
}

/** A running reports timer. */
export interface LocalReportsTimer {
  readonly name: 'reports';
  /** Writes every due report that is missing (after any run in progress); returns what it wrote. */
  runDue(): Promise<ScheduledReportRun[]>;
  stop(): Promise<void>;
}

/** Starts the timer: a first run now, then one after each UTC midnight. */
export function startLocalReports(options: LocalReportsOptions): LocalReportsTimer {
  const now = options.now ?? (() => new Date());
  const delivery = new LocalReportDelivery(options.localDir, options.print, now);
  const reports = buildReportServices({ ...options, delivery, clock: now });
  const onError = options.onError ?? ((error: unknown) => console.error('local reports: run failed', error));
  const due = async (kind: ScheduledReportKind): Promise<ScheduledReportRun | undefined> => {
    const period = periodOf({ report: kind }, now());
    if (options.notBefore && Date.parse(period.to) <= options.notBefore.getTime()) return undefined;
    if (await delivery.has(kind, period.label)) return undefined;
    return reports.run({ report: kind }, { principal: LOCAL_REPORTS_PRINCIPAL });
  };
  let chain: Promise<unknown> = Promise.resolve();
  const runDue = (): Promise<ScheduledReportRun[]> => {
    const run = chain.then(async () => {
      const written: ScheduledReportRun[] = [];
      for (const kind of SCHEDULED_REPORT_KINDS) {
        const result = await due(kind);
        if (result) written.push(result);
      }
      return written;
    });
    chain = run.catch(() => undefined);
    return run;
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const t = now().getTime();
    // Just past the next UTC midnight: a new day closed, and on Mondays a new week.
    timer = setTimeout(() => void runDue().catch(onError).finally(schedule), DAY_MS - (t % DAY_MS) + 1000);
  };
  void runDue().catch(onError).finally(schedule);
  return {
    name: 'reports',
    runDue,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}

/** When the table was created: nothing before it is reported on. */
export async function tableCreatedAt(client: DynamoDBClient, tableName: string): Promise<Date | undefined> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return Table?.CreationDateTime;
}
