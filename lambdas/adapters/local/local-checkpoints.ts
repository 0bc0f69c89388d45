import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VerifiedCheckpointStore } from '../../core/integrity/kept-checkpoint';
import type { CheckpointLog } from '../../core/integrity/ports';

/**
 * The local runtime's published checkpoints: `<dir>/<tree size>.txt`, written once, and
 * `<dir>/latest`, replaced atomically (write then rename) after every block. The folder
 * stands in for the evidence-account bucket; an auditor copies a note out of it to keep.
 */
export class LocalCheckpointLog implements CheckpointLog {
  constructor(private readonly dir: string) {}

  async publish(treeSize: number, note: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(join(this.dir, `${treeSize}.txt`), note, { flag: 'wx', mode: 0o444 });
    } catch (error) {
      // A heartbeat block repeats its predecessor's size: the first note of a size stays.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const temp = join(this.dir, `.latest.${process.pid}.tmp`);
    await writeFile(temp, note, { mode: 0o644 });
    await rename(temp, join(this.dir, 'latest'));
  }

  async latest(): Promise<string | undefined> {
    return readFile(join(this.dir, 'latest'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }
}

/** The checkpoint folder under the local data folder. */
export const localCheckpointDir = (localDir: string): string => join(localDir, 'checkpoints');

/**
 * The daily verifier's memory locally: `<localDir>/verified/checkpoint`, outside the
 * folders the sealer writes. Replaced atomically after each clean run.
 */
export class LocalVerifiedCheckpoint implements VerifiedCheckpointStore {
  constructor(private readonly localDir: string) {}

  private get path(): string {
    return join(this.localDir, 'verified', 'checkpoint');
  }

  async read(): Promise<string | undefined> {
    return readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }

  async write(note: string): Promise<void> {
    await mkdir(join(this.localDir, 'verified'), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, note, { mode: 0o600 });
    await rename(temp, this.path);
  }
}
