/**
 * `dmis-audit outbox status|drain --dir D`: what a client's disaster-mode outbox holds, and
 * sending it now (to the local stack by default, or `--api STAGE_URL` signed with the
 * default AWS credentials). Drain takes the outbox's lock, so it refuses while the
 * application that owns the outbox is running; that application drains it itself.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditClient, httpsTransport, localTransportOptions, readOutboxStatus, type OutboxStatus } from '../clients/typescript/src/index';
import { CliError } from './cli-client';

/** The lines `dmis-audit --help` shows for these commands. */
export const OUTBOX_USAGE = `  outbox        status|drain --dir DIR [--timeout S]   a client outbox: queue length and oldest age; send it now`;

const OPTIONS = {
  dir: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' },
  api: { type: 'string' }, region: { type: 'string' }, 'local-dir': { type: 'string' },
} as const;

/** Runs `outbox status` or `outbox drain`. */
export async function outboxCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv.slice(1), options: OPTIONS, allowPositionals: true });
  const dir = values.dir;
  if (!dir) throw new CliError('outbox: --dir DIR is required (the outbox directory the client was given)');
  if (positionals[0] === 'status') return printStatus(await readOutboxStatus(dir), values.json === true);
  if (positionals[0] !== 'drain') throw new CliError(`outbox: expected status or drain\n${OUTBOX_USAGE}`);
  const transport = values.api
    ? httpsTransport({ endpoint: values.api, region: values.region ?? process.env.AWS_REGION ?? '' })
    : httpsTransport(await localTransportOptions(values['local-dir'] ?? join(process.cwd(), '.local')).catch(() => {
        throw new CliError('cannot read .local/runtime.json or credentials.json: is the local stack started? run `npm start`');
      }));
  const seen = new Set<string>();
  const client = await AuditClient.create({
    transport,
    outbox: { dir },
    // One line per kind of failure: the drain keeps retrying until --timeout.
    onError: (error) => {
      const line = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (seen.has(line)) return;
      seen.add(line);
      console.error(`outbox drain: ${line} (retrying)`);
    },
  });
  const before = await client.outboxStatus();
  const timeoutMs = Number(values.timeout ?? 300) * 1000;
  const finished = await Promise.race([client.drain().then(() => true), new Promise<false>((resolve) => setTimeout(resolve, timeoutMs, false).unref())]);
  const after = await client.outboxStatus();
  await client.close();
  if (!finished) throw new CliError(`outbox drain: ${after.pendingEvents} events still queued after ${timeoutMs / 1000} s`);
  console.log(`outbox drain: sent ${before.pendingEvents - after.pendingEvents} events; the outbox is empty`);
}

function printStatus(status: OutboxStatus, json: boolean): void {
  if (json) return void console.log(JSON.stringify(status));
  const age = status.oldestAgeMs === undefined ? '-' : `${Math.round(status.oldestAgeMs / 1000)} s`;
  console.log(`pending events: ${status.pendingEvents}\npending bytes:  ${status.pendingBytes}\noldest age:     ${age}`);
}
