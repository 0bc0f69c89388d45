/**
 * `npm start`: the whole audit trail on this machine. Data, credentials and runtime.json
 * live in `.local/`; a second start reuses them. Ctrl-C (or SIGTERM) stops it cleanly.
 */
import { join } from 'node:path';
import { startLocalRuntime } from '../local/runtime';

/** The local table's name; fixed so tools and scripts can find it across restarts. */
export const LOCAL_TABLE_NAME = 'dmis-audit-local';

const DEFAULT_PORT = 3000;

function portFromEnv(): number {
  const raw = process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port number, got ${JSON.stringify(raw)}`);
  return port;
}

async function main(): Promise<void> {
  const localDir = join(process.cwd(), '.local');
  const runtime = await startLocalRuntime({ localDir, port: portFromEnv(), tableName: LOCAL_TABLE_NAME });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  console.log(`DMIS audit trail ready at ${runtime.apiUrl}/v1 (tokens in ${join(localDir, 'credentials.json')}, Ctrl-C to stop)`);
  console.log(`Auditor console at ${runtime.apiUrl}/console/ (sign in with the reader token)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
