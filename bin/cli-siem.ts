/**
 * `dmis-audit siem replay|status` against the local stack. `replay` sends the events of a
 * period again to one destination of `.local/siem.json`, read from the table (not the
 * stream), oldest first; the period is on occurredAt, `--from` inclusive, `--to` exclusive.
 * `status` shows each destination's backlog: how many events wait and how long the oldest
 * has waited. Both read the same files as the running forwarder (local/siem.ts).
 * `replay --aws` asks the deployed forwarder function instead (cli-siem-aws.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDbEventQuery } from '../lambdas/adapters/dynamodb/dynamodb-event-query';
import { FileSiemBacklog } from '../lambdas/adapters/local/file-siem-backlog';
import { buildIngestServices } from '../lambdas/composition/ingest-services';
import { buildSiemForwarder } from '../lambdas/composition/siem-forwarder';
import { AuditError } from '../lambdas/core/errors';
import type { LocalSiemConfig } from '../lambdas/core/siem/destinations';
import { DuckDbArchiveReader } from '../lambdas/adapters/duckdb/duckdb-archive-reader';
import { eventsOfPeriod, parseReplayPeriod, replayAuditEvent } from '../lambdas/core/siem/replay';
import { localHotWindowSeconds } from '../local/hot-window';
import { localArchiveDir } from '../local/sealer-timer';
import { createLocalClients } from '../local/clients';
import { loadLocalSiemConfig, localSiemPaths, localSiemRoutes } from '../local/siem';
import { CliError } from './cli-client';
import { SIEM_AWS_USAGE, siemReplayAws } from './cli-siem-aws';
import { displayText } from './cli-output';

/** The usage lines of the SIEM commands. */
export const SIEM_USAGE = `  siem replay --destination D --from ISO --to ISO   send a period (occurredAt, from inclusive, to exclusive) again, oldest first
  siem status                                        backlog length and oldest age per destination (local stack)
${SIEM_AWS_USAGE}`;

/** Runs `siem <sub>` with its own options. */
export async function siemCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv.slice(1),
    allowPositionals: true,
    options: {
      destination: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'local-dir': { type: 'string' },
      json: { type: 'boolean' },
      aws: { type: 'boolean' },
      function: { type: 'string' },
      region: { type: 'string' },
      'window-hours': { type: 'string' },
    },
  });
  if (values.aws && positionals[0] === 'replay') {
    const result = await siemReplayAws(values);
    return void console.log(values.json ? JSON.stringify(result, null, 2) : displayText(JSON.stringify(result)));
  }
  const localDir = values['local-dir'] ?? join(process.cwd(), '.local');
  const config = await loadLocalSiemConfig(localDir).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error));
  });
  if (!config) throw new CliError(`no ${localSiemPaths(localDir).config}: no SIEM destination is configured`);
  const print = (result: object, text: string) => console.log(values.json ? JSON.stringify(result, null, 2) : displayText(text));
  switch (positionals[0]) {
    case 'status': {
      const backlog = new FileSiemBacklog(localSiemPaths(localDir).backlog);
      const rows = await Promise.all(config.destinations.map(async (d) => ({ destination: d.name, ...(await backlog.status(d.name)) })));
      return print(rows, rows.map((r) => `${r.destination}: ${r.length} waiting, oldest ${r.oldestAgeSeconds} s`).join('\n'));
    }
    case 'replay': {
      const replayed = await replay(localDir, config, values);
      return print(replayed, `${replayed.destination}: ${replayed.sent} event(s) sent from ${replayed.from} to ${replayed.to}`);
    }
    default:
      throw new CliError(`unknown command "siem ${positionals.join(' ')}"\n${SIEM_USAGE}`);
  }
}

/** Who a local replay is recorded against: the operator at this machine. */
const REPLAY_CALLER = { principal: 'local:operator' };

async function replay(localDir: string, config: LocalSiemConfig, values: { destination?: string; from?: string; to?: string }) {
  const destination = config.destinations.find((d) => d.name === values.destination);
  if (!destination) throw new CliError(`--destination must name one of ${config.destinations.map((d) => d.name).join(', ')}`);
  const period = (() => {
    try {
      return parseReplayPeriod(values.from, values.to);
    } catch (error) {
      throw new CliError(error instanceof AuditError ? `--${error.details[0]?.path ?? 'from'}: ${error.message}` : String(error));
    }
  })();
  const runtime = await readRuntime(localDir);
  const { client, documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  const routes = await localSiemRoutes({ destinations: [destination] }, dirname(localSiemPaths(localDir).config));
  const forwarder = buildSiemForwarder({ routes, backlog: new FileSiemBacklog(localSiemPaths(localDir).backlog) });
  const archiveReader = new DuckDbArchiveReader(localArchiveDir(localDir));
  try {
    // Recorded before anything is sent: a replay hands a period of the trail to another system.
    const { ingestEvents } = buildIngestServices({ documentClient, tableName: runtime.tableName });
    await ingestEvents.execute(replayAuditEvent(destination.name, period, REPLAY_CALLER.principal), REPLAY_CALLER);
    // Hours older than the hot window are read from the archive folder, as the local query side does.
    const archive = { reader: archiveReader, hotWindowSeconds: localHotWindowSeconds(runtime.hotWindowSeconds) };
    const events = eventsOfPeriod(new DynamoDbEventQuery(documentClient, runtime.tableName), period, new Date(), archive);
    const sent = await forwarder.replay(destination.name, events);
    return { destination: destination.name, ...period, sent };
  } catch (error) {
    throw new CliError(`replay stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await forwarder.close();
    await archiveReader.close();
    client.destroy();
  }
}

/** What the replay reads of runtime.json; hotWindowSeconds is absent in files from older runtimes. */
interface LocalRuntimeInfo {
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly hotWindowSeconds?: number;
}

async function readRuntime(localDir: string): Promise<LocalRuntimeInfo> {
  const file = join(localDir, 'runtime.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`cannot read ${file}: is the local stack started? run \`npm start\``);
  });
  return JSON.parse(text) as LocalRuntimeInfo;
}
