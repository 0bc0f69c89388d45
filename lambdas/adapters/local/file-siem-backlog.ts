/**
 * The local SIEM backlog: per destination, an NDJSON file of kept events
 * (`<dir>/<destination>.ndjson`, one `{"seq", "keptAt", "event"}` per line) and the last
 * delivered sequence number (`<dir>/<destination>.acked`). Appends are fsync'd before they
 * count; the acked number is replaced atomically (write, fsync, rename), so after a crash
 * every event is either still kept or was delivered. A torn last line (a crash mid-append)
 * was never acknowledged to anyone and is cut off when the file is next opened. Once all
 * kept events are delivered (or most lines are delivered ones) the file is rewritten with
 * what is still kept, the same atomic way.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from '../../core/event-schema';
import type { SiemBacklog } from '../../core/siem/ports';

interface Kept {
  readonly seq: number;
  readonly keptAt: string;
  readonly event: StoredEvent;
}

interface Lane {
  kept: Kept[];
  acked: number;
  nextSeq: number;
  /** Delivered lines still in the file. */
  dead: number;
}

/** A file holding more delivered lines than this, and more than kept ones, is rewritten. */
const MAX_DEAD_LINES = 10_000;

/** A backlog kept in files under one folder. */
export class FileSiemBacklog implements SiemBacklog {
  private readonly lanes = new Map<string, Promise<Lane>>();

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(destination: string, events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const lane = await this.lane(destination);
    const keptAt = this.now().toISOString();
    const added = events.map((event, i) => ({ seq: lane.nextSeq + i, keptAt, event }));
    await appendDurably(this.file(destination, 'ndjson'), added.map((k) => `${JSON.stringify(k)}\n`).join(''));
    lane.kept.push(...added);
    lane.nextSeq += added.length;
  }

  async peek(destination: string, max: number): Promise<readonly StoredEvent[]> {
    return (await this.lane(destination)).kept.slice(0, max).map((k) => k.event);
  }

  async ack(destination: string, count: number): Promise<void> {
    const lane = await this.lane(destination);
    const delivered = lane.kept.slice(0, count);
    const last = delivered.at(-1);
    if (!last) return;
    await replaceDurably(this.file(destination, 'acked'), `${last.seq}\n`);
    lane.kept = lane.kept.slice(delivered.length);
    lane.acked = last.seq;
    lane.dead += delivered.length;
    if (lane.kept.length === 0 || (lane.dead > MAX_DEAD_LINES && lane.dead > lane.kept.length)) {
      await replaceDurably(this.file(destination, 'ndjson'), lane.kept.map((k) => `${JSON.stringify(k)}\n`).join(''));
      lane.dead = 0;
    }
  }

  async status(destination: string): Promise<{ length: number; oldestAgeSeconds: number }> {
    const { kept } = await this.lane(destination);
    const oldest = kept[0];
    if (!oldest) return { length: 0, oldestAgeSeconds: 0 };
    const ageMs = this.now().getTime() - Date.parse(oldest.keptAt);
    return { length: kept.length, oldestAgeSeconds: Math.max(0, Math.floor(ageMs / 1000)) };
  }

  private lane(destination: string): Promise<Lane> {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(destination)) throw new Error('not a SIEM destination name');
    let lane = this.lanes.get(destination);
    if (!lane) {
      lane = this.load(destination);
      lane.catch(() => this.lanes.delete(destination));
      this.lanes.set(destination, lane);
    }
    return lane;
  }

  private async load(destination: string): Promise<Lane> {
    await mkdir(this.dir, { recursive: true });
    const acked = Number.parseInt((await readIfExists(this.file(destination, 'acked'))).trim() || '0', 10);
    const file = this.file(destination, 'ndjson');
    const text = await readIfExists(file);
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    // What follows the last newline is a torn append: cut it off before appending again.
    if (whole.length < text.length) await replaceDurably(file, whole);
    const lines = whole.split('\n').filter((line) => line !== '');
    const all = lines.map((line) => JSON.parse(line) as Kept);
    const kept = all.filter((k) => k.seq > acked);
    return { kept, acked, nextSeq: Math.max(acked, all.at(-1)?.seq ?? 0) + 1, dead: all.length - kept.length };
  }

  private file(destination: string, ext: 'ndjson' | 'acked'): string {
    return join(this.dir, `${destination}.${ext}`);
  }
}

async function readIfExists(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? '' : Promise.reject(error),
  );
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Write a sibling, fsync it, rename it over the file: readers see the old or the new, whole. */
async function replaceDurably(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
