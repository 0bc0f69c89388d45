/** Reading what an outbox holds: batches to drain, and its status (also for `dmis-audit outbox status`, without its lock). */
import { open, type FileHandle } from 'node:fs/promises';
import { parseSpoolLine, readProgress, spoolFile } from './outbox-files';

/** What is waiting in an outbox. */
export interface OutboxStatus {
  readonly pendingEvents: number;
  readonly pendingBytes: number;
  /** Epoch ms when the oldest pending event was queued. */
  readonly oldestQueuedAt: number | undefined;
  readonly oldestAgeMs: number | undefined;
}

/** Counts the complete lines between `offset` and `size`, and reads the first one's queue time. */
export async function pendingOf(handle: FileHandle, offset: number, size: number): Promise<{ events: number; oldestQueuedAt: number | undefined }> {
  let events = 0;
  let oldestQueuedAt: number | undefined;
  const chunk = Buffer.alloc(1024 * 1024);
  let carry = '';
  for (let position = offset; position < size; ) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    for (let i = 0; i < bytesRead; i++) if (chunk[i] === 0x0a) events++;
    if (oldestQueuedAt === undefined) {
      carry += chunk.toString('utf8', 0, bytesRead);
      const newline = carry.indexOf('\n');
      if (newline >= 0) oldestQueuedAt = parseSpoolLine(carry.slice(0, newline)).queuedAt;
    }
  }
  return { events, oldestQueuedAt };
}

/** The status of the outbox in `dir`, read only (a torn last line is not counted). */
export async function readOutboxStatus(dir: string): Promise<OutboxStatus> {
  const progress = await readProgress(dir);
  let handle: FileHandle;
  try {
    handle = await open(spoolFile(dir, progress.generation), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { pendingEvents: 0, pendingBytes: 0, oldestQueuedAt: undefined, oldestAgeMs: undefined };
  }
  try {
    const { size } = await handle.stat();
    const offset = progress.offset <= size ? progress.offset : 0;
    const { events, oldestQueuedAt } = await pendingOf(handle, offset, size);
    return { pendingEvents: events, pendingBytes: size - offset, oldestQueuedAt, oldestAgeMs: oldestQueuedAt === undefined ? undefined : Date.now() - oldestQueuedAt };
  } finally {
    await handle.close();
  }
}

/** A batch read from the spool: event JSON texts, and where the spool stands after them. */
export interface SpoolBatch {
  readonly events: readonly string[];
  readonly end: number;
}

/** Reads the complete lines from `offset`: at most `maxEvents`, and at most `maxBodyBytes` as a request body. */
export async function readSpoolBatch(handle: FileHandle, offset: number, size: number, maxEvents: number, maxBodyBytes: number): Promise<SpoolBatch | undefined> {
  if (offset >= size) return undefined;
  const length = Math.min(size - offset, maxBodyBytes + 64 * 1024);
  const { buffer } = await handle.read(Buffer.alloc(length), 0, length, offset);
  const events: string[] = [];
  let end = offset;
  let body = '{"events":[]}'.length;
  for (let start = 0; events.length < maxEvents; ) {
    const newline = buffer.indexOf(0x0a, start);
    if (newline < 0) break;
    const { eventJson } = parseSpoolLine(buffer.toString('utf8', start, newline));
    body += Buffer.byteLength(eventJson) + (events.length > 0 ? 1 : 0);
    if (body > maxBodyBytes && events.length > 0) break;
    events.push(eventJson);
    end += newline + 1 - start;
    start = newline + 1;
  }
  return { events, end };
}
