/**
 * `npm run smoke -- --api <stage URL>` or `npm run smoke -- --local`: the post-deploy
 * smoke test. Writes an event (SigV4 on AWS, the local bearer tokens locally), reads it
 * back, waits for its block, verifies its proof here, checks alarms, runs the other
 * post-deploy commands (check-patterns, verify) through a seam, and prints a pass/fail
 * table. Exit 0 when nothing failed, 1 when a check failed, 2 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { awsTarget, localTarget } from './smoke-client';
import { awsChecks, localChecks } from './smoke-external';
import { smokeTable } from './smoke-report';
import { runSmoke } from './smoke-run';

const USAGE = `usage: npm run smoke -- (--api <stage URL> | --local [--local-dir .local]) [options]
  --region R                  AWS region (default: from the URL)
  --writer-profile P, --reader-profile P   AWS profiles for the two roles (default credential chain);
                              with both, also checks each role is refused the other's routes
  --trusted-key FILE          PEM public key the proof must be signed by (pin it)
  --seal-timeout S            seconds to wait for the event's block (default 180; local 60)
  --trigger-alarm             fire the failed-logins alarm (default locally; on AWS it notifies people)
  --alarm-timeout S           seconds to wait for the alarm (default 600; local 30)`;

const OPTIONS = {
  api: { type: 'string' }, local: { type: 'boolean' }, 'local-dir': { type: 'string' }, region: { type: 'string' },
  'writer-profile': { type: 'string' }, 'reader-profile': { type: 'string' }, 'trusted-key': { type: 'string' },
  'seal-timeout': { type: 'string' }, 'trigger-alarm': { type: 'boolean' }, 'alarm-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function seconds(raw: string | undefined, fallback: number, name: string): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a number of seconds`);
  return value * 1000;
}

async function main(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options: OPTIONS });
  if (v.help) return (console.log(USAGE), 0);
  if (!v.api === !v.local) throw new UsageError('give exactly one of --api <stage URL> or --local');
  const localDir = resolve(v['local-dir'] ?? '.local');
  const target = v.api
    ? awsTarget(v.api, { region: v.region, writerProfile: v['writer-profile'], readerProfile: v['reader-profile'] })
    : await localTarget(localDir);
  const local = target.kind === 'local';
  const rows = await runSmoke(target, {
    sealTimeoutMs: seconds(v['seal-timeout'], local ? 60 : 180, 'seal-timeout'),
    alarmTimeoutMs: seconds(v['alarm-timeout'], local ? 30 : 600, 'alarm-timeout'),
    triggerAlarm: v['trigger-alarm'] ?? local,
    checkRoles: local || (v['writer-profile'] !== undefined && v['reader-profile'] !== undefined && v['writer-profile'] !== v['reader-profile']),
    pollMs: local ? 250 : 5000,
    ...(v['trusted-key'] ? { trustedPublicKeyPem: await readFile(v['trusted-key'], 'utf8') } : {}),
    external: local ? localChecks(localDir) : awsChecks(v.region),
  });
  console.log(smokeTable(target.apiUrl, rows));
  return rows.some((r) => r.status === 'fail') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    console.error(`smoke: ${(error as Error).message}${usage ? `\n${USAGE}` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
