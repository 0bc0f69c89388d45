/**
 * The local SIEM forwarder, run by `npm start` when `.local/siem.json` exists: its own
 * stream poller on the table's real stream (so a SIEM outage never slows the stream
 * processor or the sealer), the forwarder built by the same builder as the Lambda's, a
 * file backlog per destination (`.local/siem-backlog/`), and a drain timer that retries
 * destinations with a backlog, backing off while they stay down. A destination whose
 * oldest kept event has waited `alarmAfterSeconds` raises a local notification
 * (`.local/notifications.ndjson`), and another when it has caught up.
 * Paths in siem.json (`caFile`, `certFile`, `keyFile`) are relative to the file's folder.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FileSiemBacklog } from '../lambdas/adapters/local/file-siem-backlog';
import { LocalNotifier } from '../lambdas/adapters/local/local-notifier';
import { buildSiemForwarder, syslogRoute, webhookRoute } from '../lambdas/composition/siem-forwarder';
import { LocalSiemConfigSchema, type LocalSiemConfig, type LocalSiemDestination } from '../lambdas/core/siem/destinations';
import type { SiemDeliveryStatus, SiemForwarder, SiemRoute } from '../lambdas/core/siem/ports';
import { createSiemStreamHandler } from '../lambdas/functions/siem-forwarder/handler';
import { startStreamPoller } from './stream-poller';

/** What the local forwarder needs. */
export interface LocalSiemOptions {
  readonly localDir: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default 250 */
  readonly pollIntervalMs?: number;
  /** First wait of the drain timer, doubled while a backlog stays, at most 30 s. @default 1000 */
  readonly drainIntervalMs?: number;
  /** @default 300 */
  readonly alarmAfterSeconds?: number;
}

/** The running local forwarder. */
export interface LocalSiem {
  readonly forwarder: SiemForwarder;
  stop(): Promise<void>;
}

/** Where the config, the backlog and the parked stream records live. */
export const localSiemPaths = (localDir: string) => ({
  config: join(localDir, 'siem.json'),
  backlog: join(localDir, 'siem-backlog'),
  failures: join(localDir, 'siem-stream-failures.ndjson'),
});

/** `.local/siem.json`, validated; undefined when absent. A bad file throws naming the field. */
export async function loadLocalSiemConfig(localDir: string): Promise<LocalSiemConfig | undefined> {
  const file = localSiemPaths(localDir).config;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : Promise.reject(error),
  );
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
  const parsed = LocalSiemConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new Error(`${file}: ${path.replace(/^\./, '') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const names = parsed.data.destinations.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${file}: destinations: the name ${twice} is used twice`);
  return parsed.data;
}

/** Routes for the configured destinations, certificates and keys read from their files. */
export async function localSiemRoutes(config: LocalSiemConfig, baseDir: string): Promise<SiemRoute[]> {
  const pem = (path: string) => readFile(resolve(baseDir, path), 'utf8');
  return Promise.all(config.destinations.map((d) => routeFor(d, pem)));
}

async function routeFor(d: LocalSiemDestination, pem: (path: string) => Promise<string>): Promise<SiemRoute> {
  const common = { name: d.name, format: d.format, ...(d.filter ? { filter: d.filter } : {}) };
  if (d.kind === 'webhook') {
    return webhookRoute({ ...common, url: d.url, secret: d.secret, ...(d.caFile ? { caPem: await pem(d.caFile) } : {}) });
  }
  return syslogRoute({
    ...common,
    host: d.host,
    port: d.port,
    caPem: await pem(d.caFile),
    ...(d.certFile ? { clientCertPem: await pem(d.certFile) } : {}),
    ...(d.keyFile ? { clientKeyPem: await pem(d.keyFile) } : {}),
    appName: 'dmis-audit',
  });
}

/** Starts the forwarder when `.local/siem.json` exists; undefined otherwise. */
export async function startLocalSiem(options: LocalSiemOptions): Promise<LocalSiem | undefined> {
  const config = await loadLocalSiemConfig(options.localDir);
  if (!config) return undefined;
  const paths = localSiemPaths(options.localDir);
  const routes = await localSiemRoutes(config, dirname(paths.config));
  const alarm = downAlarm(new LocalNotifier(join(options.localDir, 'notifications.ndjson')), options.alarmAfterSeconds ?? 300);
  const forwarder = buildSiemForwarder({ routes, backlog: new FileSiemBacklog(paths.backlog), onStatus: alarm });
  const poller = await startStreamPoller({
    client: options.client,
    endpoint: options.endpoint,
    tableName: options.tableName,
    handler: createSiemStreamHandler(forwarder),
    failureFile: paths.failures,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  const drainer = startDrainTimer(forwarder, options.drainIntervalMs ?? 1000);
  return {
    forwarder,
    stop: async () => {
      await poller.stop();
      await drainer.stop();
      await forwarder.close();
    },
  };
}

const MAX_DRAIN_WAIT_MS = 30_000;

/** Drains now and then: again soon while all is delivered, backing off while a backlog stays. */
function startDrainTimer(forwarder: SiemForwarder, baseMs: number): { stop(): Promise<void> } {
  let waitMs = baseMs;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = forwarder
      .drain()
      .then((statuses) => (waitMs = statuses.some((s) => s.backlog > 0) ? Math.min(MAX_DRAIN_WAIT_MS, waitMs * 2) : baseMs))
      .catch((error: unknown) => console.error('siem forwarder: drain failed', error instanceof Error ? error.message : error))
      .then(() => {
        if (!stopped) timer = setTimeout(tick, waitMs);
      });
  };
  timer = setTimeout(tick, waitMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Notifies once when a destination's oldest kept event passes the threshold, and once when it is back. */
function downAlarm(notifier: LocalNotifier, thresholdSeconds: number): (statuses: readonly SiemDeliveryStatus[]) => Promise<void> {
  const down = new Set<string>();
  return async (statuses) => {
    for (const s of statuses) {
      const late = s.backlog > 0 && s.oldestAgeSeconds >= thresholdSeconds;
      if (late === down.has(s.destination)) continue;
      if (late) down.add(s.destination);
      else down.delete(s.destination);
      await notifier.publish({
        subject: late ? `SIEM destination ${s.destination} down for ${s.oldestAgeSeconds} s` : `SIEM destination ${s.destination} caught up`,
        severity: late ? 'high' : 'low',
        source: 'alarm',
        detail: { rule: 'siem-destination-down', destination: s.destination, backlog: s.backlog, oldestAgeSeconds: s.oldestAgeSeconds },
      });
    }
  };
}
