/**
 * The outbox's files in its directory: `spool-<generation>.jsonl` (one queued event a line,
 * appended and fsync'd), `progress.json` (`{generation, offset}`: how far the server has
 * acknowledged, replaced atomically) and `lock` (the pid of the one process that owns it).
 */
import { open, readdir, readFile, rename, stat, truncate, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditClientError } from './errors';

/** How far the spool has been acknowledged. */
export interface Progress {
  readonly generation: number;
  readonly offset: number;
}

/** Another live process owns the outbox directory. */
export class OutboxLockedError extends AuditClientError {}

/** The spool file of a generation. */
export const spoolFile = (dir: string, generation: number) => join(dir, `spool-${generation}.jsonl`);

/** A spool line: the time it was queued and the event's JSON. */
export const spoolLine = (queuedAt: number, eventJson: string) => `{"q":${queuedAt},"e":${eventJson}}\n`;

/** The event JSON and queue time of a spool line (without its newline). */
export function parseSpoolLine(line: string): { queuedAt: number; eventJson: string } {
  const match = /^\{"q":(\d+),"e":/.exec(line);
  if (!match || !line.endsWith('}')) throw new AuditClientError('the outbox spool holds a line that is not an event');
  return { queuedAt: Number(match[1]), eventJson: line.slice(match[0].length, -1) };
}

/** Reads progress.json; a new directory starts at generation 0, offset 0. */
export async function readProgress(dir: string): Promise<Progress> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, 'progress.json'), 'utf8')) as Progress;
    return { generation: Number(parsed.generation) || 0, offset: Number(parsed.offset) || 0 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { generation: 0, offset: 0 };
    throw error;
  }
}

/** Replaces progress.json durably: written, fsync'd, renamed, directory fsync'd. */
export async function writeProgress(dir: string, progress: Progress): Promise<void> {
  const temporary = join(dir, 'progress.json.tmp');
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(progress));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(dir, 'progress.json'));
  await syncDirectory(dir);
}

/** Writes every byte: one write may write less than asked (a signal, a full disk). */
export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let at = 0; at < data.byteLength; ) at += (await handle.write(data, at, data.byteLength - at)).bytesWritten;
}

/** Makes a rename or a new file in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Cuts a torn last line (a kill mid-append: no newline yet) off the spool. That event's
 * `record` never resolved "queued", so no one was told it was kept. Returns the new size.
 */
export async function repairTornTail(file: string): Promise<number> {
  const size = await stat(file).then((s) => s.size, () => -1);
  if (size <= 0) return Math.max(size, 0);
  const text = await readFile(file);
  const end = text.lastIndexOf(0x0a) + 1;
  if (end !== size) await truncate(file, end);
  return end;
}

/** Removes spool files of other generations: left over by a kill during a rotation. */
export async function removeOtherGenerations(dir: string, keep: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const generation = /^spool-(\d+)\.jsonl$/.exec(name)?.[1];
    if (generation !== undefined && Number(generation) !== keep) await unlink(join(dir, name));
  }
}

/** Takes the directory's lock, or throws OutboxLockedError when a live process holds it. */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => unlink(file).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(file, 'utf8').catch(() => '0'));
    if (owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new OutboxLockedError(`the outbox at ${dir} is in use by process ${owner}`);
    }
    // The owner was killed (kill -9 leaves its lock behind): take over.
    await unlink(file).catch(() => undefined);
  }
  throw new OutboxLockedError(`could not take the lock of the outbox at ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
