import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { StoredEvent } from '../../core/event-schema';
import {
  blockObjectKey,
  blockRetainUntil,
  decodeArchivedBlock,
  decodeEvents,
  encodeArchivedBlock,
  encodeEvents,
  eventsOfBlockObjects,
  isEventPartitionOf,
  partitionEvents,
} from '../../core/integrity/archive-codec';
import { ArchiveObjectExistsError, type ArchivedBlock, type BlockArchive } from '../../core/integrity/ports';

/** What a put does when its key exists: refuse, or accept an object with the very same bytes. */
type OnExisting = 'refuse' | 'accept-identical';

/**
 * The local runtime's archive: a folder with the same object keys and bytes as the S3
 * archive (`blocks/<seq>.json`, `events/retention=<class>/day=<day>/<seq>.ndjson.gz`).
 * Write-once like Object Lock: a put to an existing key fails and leaves the object as it
 * was. Each object's lock end is recorded beside it in `.<name>.lock` (`{"retainUntil"}`),
 * as S3 keeps it per object version. An object appears whole or not at all: it is written
 * and flushed under a temporary name first, so a crash or a full disk mid-write leaves no
 * half file that would block (or poison) the retry.
 */
export class LocalBlockArchive implements BlockArchive {
  constructor(private readonly root: string) {}

  async putEvents(seq: number, events: readonly StoredEvent[]): Promise<void> {
    for (const partition of partitionEvents(seq, events))
      await this.putOnce(partition.key, encodeEvents(partition.events), partition.retainUntil, 'accept-identical');
  }

  async putBlock(archived: ArchivedBlock): Promise<void> {
    const key = blockObjectKey(archived.block.seq);
    await this.putOnce(key, encodeArchivedBlock(archived), blockRetainUntil(archived.block), 'refuse');
  }

  async getBlock(seq: number): Promise<ArchivedBlock | undefined> {
    const body = await this.read(blockObjectKey(seq));
    return body && decodeArchivedBlock(body);
  }

  async getEvents(seq: number): Promise<StoredEvent[] | undefined> {
    const archived = await this.getBlock(seq);
    const keys = archived ? archived.eventObjects : await this.partitionsOf(seq);
    return eventsOfBlockObjects(archived, keys, (key) => this.read(key));
  }

  async getEventObject(key: string): Promise<StoredEvent[] | undefined> {
    const body = await this.read(key);
    return body && decodeEvents(body);
  }

  async listBlockSeqs(): Promise<number[]> {
    const names = await readdir(join(this.root, 'blocks')).catch(() => [] as string[]);
    return names
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Until when the object at `key` is locked, from its sidecar; undefined for no object or no lock. */
  async retainUntil(key: string): Promise<Date | undefined> {
    const body = await this.read(lockKeyOf(key));
    return body && new Date((JSON.parse(body.toString('utf8')) as { retainUntil: string }).retainUntil);
  }

  /** The partitions of block `seq`, found by walking `events/` (only for a block file not yet written). */
  private async partitionsOf(seq: number): Promise<string[]> {
    const entries = await readdir(join(this.root, 'events'), { recursive: true }).catch(() => [] as string[]);
    return entries
      .map((entry) => `events/${entry.split('\\').join('/')}`)
      .filter((key) => isEventPartitionOf(key, seq))
      .sort();
  }

  private async putOnce(key: string, body: Buffer, retainUntil: Date, onExisting: OnExisting): Promise<void> {
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    // The lock first: an object is never there without one.
    await this.lock(key, retainUntil);
    const temporary = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(temporary, body, { flag: 'wx', mode: 0o444, flush: true });
      // link(): publishes the whole file under its key, and the OS refuses an existing key
      // atomically, like If-None-Match: * (a rename would overwrite it).
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = onExisting === 'accept-identical' ? await this.read(key) : undefined;
      if (!existing?.equals(body)) throw new ArchiveObjectExistsError(key);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Records the lock end unless one is recorded: a lock is never shortened or replaced. */
  private async lock(key: string, retainUntil: Date): Promise<void> {
    const body = `${JSON.stringify({ retainUntil: retainUntil.toISOString() })}\n`;
    await writeFile(join(this.root, lockKeyOf(key)), body, { flag: 'wx', mode: 0o444 }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }

  private async read(key: string): Promise<Buffer | undefined> {
    return readFile(join(this.root, key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }
}

/** `a/b/name` → `a/b/.name.lock`: hidden, and not matched by `*.ndjson.gz` globs of query engines. */
function lockKeyOf(key: string): string {
  return join(dirname(key), `.${basename(key)}.lock`);
}
