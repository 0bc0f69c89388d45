import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StoredEvent } from '../../core/event-schema';
import {
  blockObjectKey,
  decodeArchivedBlock,
  decodeEvents,
  encodeArchivedBlock,
  encodeEvents,
  eventsObjectKey,
} from '../../core/integrity/archive-codec';
import { ArchiveObjectExistsError, type ArchivedBlock, type BlockArchive } from '../../core/integrity/ports';

/**
 * The local runtime's archive: a folder with the same object keys and bytes as the S3
 * archive (`blocks/<seq>.json`, `events/<seq>.ndjson.gz`). Write-once like Object Lock:
 * a put to an existing key fails and leaves the object as it was. An object appears whole
 * or not at all: it is written and flushed under a temporary name first, so a crash or a
 * full disk mid-write leaves no half file that would block (or poison) the retry.
 */
export class LocalBlockArchive implements BlockArchive {
  constructor(private readonly root: string) {}

  async putBlock(archived: ArchivedBlock): Promise<void> {
    await this.putOnce(blockObjectKey(archived.block.seq), encodeArchivedBlock(archived));
  }

  async putEvents(seq: number, events: readonly StoredEvent[]): Promise<void> {
    await this.putOnce(eventsObjectKey(seq), encodeEvents(events));
  }

  async getBlock(seq: number): Promise<ArchivedBlock | undefined> {
    const body = await this.read(blockObjectKey(seq));
    return body && decodeArchivedBlock(body);
  }

  async getEvents(seq: number): Promise<StoredEvent[] | undefined> {
    const body = await this.read(eventsObjectKey(seq));
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

  private async putOnce(key: string, body: Buffer): Promise<void> {
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(temporary, body, { flag: 'wx', mode: 0o444, flush: true });
      // link(): publishes the whole file under its key, and the OS refuses an existing key
      // atomically, like If-None-Match: * (a rename would overwrite it).
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ArchiveObjectExistsError(key);
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  private async read(key: string): Promise<Buffer | undefined> {
    return readFile(join(this.root, key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }
}
