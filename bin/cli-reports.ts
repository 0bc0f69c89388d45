/**
 * `dmis-audit report daily-logins|weekly-changes`: writes a scheduled report of the local
 * stack now, through the same builder as the reports Lambda and the local timer, to
 * `.local/reports/` with its notice in `.local/notifications.ndjson`. Without `--date` or
 * `--week`, the last complete day or ISO week. `report` alone is still the compliance report.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalReportDelivery } from '../lambdas/adapters/local/local-report-delivery';
import { buildReportServices } from '../lambdas/composition/reports';
import { AuditError } from '../lambdas/core/errors';
import { SCHEDULED_REPORT_KINDS, type ScheduledReportKind } from '../lambdas/core/query/scheduled-reports';
import { createLocalClients } from '../local/clients';
import { openLocalIntegrity } from '../local/sealer-timer';
import { CliError } from './cli-client';

/** The usage lines of the scheduled report commands. */
export const REPORTS_USAGE = `  report        daily-logins [--date YYYY-MM-DD] | weekly-changes [--week YYYY-Www]   write a scheduled report of the local stack now (default: the last complete UTC day / ISO week)`;

/** True when `argv` asks for a scheduled report rather than the compliance report. */
export function isScheduledReportCommand(argv: readonly string[]): boolean {
  return argv[0] === 'report' && (SCHEDULED_REPORT_KINDS as readonly string[]).includes(argv[1] ?? '');
}

/** Runs `report <kind> [--date D | --week W] [--local-dir DIR] [--json]`. */
export async function scheduledReportCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.slice(2),
    options: { date: { type: 'string' }, week: { type: 'string' }, 'local-dir': { type: 'string' }, json: { type: 'boolean' } },
  });
  const kind = argv[1] as ScheduledReportKind;
  const localDir = values['local-dir'] ?? join(process.cwd(), '.local');
  const runtime = await readRuntime(localDir);
  const { client, documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  try {
    const reports = buildReportServices({
      documentClient,
      tableName: runtime.tableName,
      delivery: new LocalReportDelivery(localDir, () => undefined),
      integrity: await openLocalIntegrity(localDir),
    });
    const request = { report: kind, ...(values.date ? { date: values.date } : {}), ...(values.week ? { week: values.week } : {}) };
    const { report, stored } = await reports.run(request, { principal: 'local:cli' }).catch(refused);
    const summary = { report: report.kind, label: report.label, events: report.totals.events, markdown: stored.markdown, json: stored.json };
    console.log(values.json ? JSON.stringify(summary, null, 2) : `${report.kind} ${report.label}: ${report.totals.events} events\n  ${stored.markdown}\n  ${stored.json}`);
  } finally {
    client.destroy();
  }
}

/** A refused request becomes one CLI line naming each bad field. */
function refused(error: unknown): never {
  if (!(error instanceof AuditError) || error.code !== 'invalid_request') throw error;
  throw new CliError(`${error.message}${error.details.map((d) => `\n  ${d.path || '(request)'}: ${d.message}`).join('')}`);
}

async function readRuntime(localDir: string): Promise<{ dynamodbEndpoint: string; tableName: string }> {
  const file = join(localDir, 'runtime.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`cannot read ${file}: is the local stack started? run \`npm start\``);
  });
  return JSON.parse(text) as { dynamodbEndpoint: string; tableName: string };
}
