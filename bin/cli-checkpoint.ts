/**
 * `dmis-audit checkpoint save|verify`: an auditor keeps the newest signed checkpoint, and
 * later proves through the API alone (no table access) that today's log extends it: both
 * notes' signatures and the RFC 9162 consistency proof between them are checked here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathOf } from '../lambdas/core/api/route-match';
import { DEFAULT_LOG_ORIGIN } from '../lambdas/core/integrity/checkpoint';
import { verifyConsistency } from '../lambdas/core/integrity/consistency';
import { CheckpointRejectedError, openKeptCheckpoint } from '../lambdas/core/integrity/kept-checkpoint';
import { publicKeyOf } from '../lambdas/core/integrity/trusted-keys';
import { readLocalTrustedKeys } from '../lambdas/adapters/local/local-trusted-keys';
import { CliError, type ApiGet, type ApiResponse } from './cli-client';

/** What the command reads besides its positionals. */
export interface CheckpointCommandOptions {
  readonly out?: string;
  /** A public key (SPKI PEM file) that signs checkpoints; default: the local stack's trusted keys. */
  readonly key?: string;
  readonly localDir: string;
  readonly origin?: string;
}

/** Runs `checkpoint save [--out FILE]` or `checkpoint verify <file>`. */
export async function checkpointCommand(
  api: ApiGet,
  sub: string | undefined,
  file: string | undefined,
  o: CheckpointCommandOptions,
): Promise<void> {
  const latest = (await body(await api(pathOf('GET /v1/checkpoints/latest')))) as { note: string; treeSize: number };
  if (sub === 'save') {
    const out = o.out ?? `checkpoint-${latest.treeSize}.txt`;
    await writeFile(out, latest.note, { flag: 'wx' });
    return void console.log(`saved the checkpoint at tree size ${latest.treeSize} to ${out}`);
  }
  if (sub !== 'verify' || !file)
    throw new CliError('usage: dmis-audit checkpoint save [--out FILE] | verify <FILE> [--key PEM]');
  const pems = await trustedPems(o);
  const origin = o.origin ?? DEFAULT_LOG_ORIGIN;
  const [kept, now] = [await readFile(file, 'utf8'), latest.note].map((note, i) => {
    try {
      return openKeptCheckpoint(note, origin, pems);
    } catch (error) {
      if (error instanceof CheckpointRejectedError)
        throw new CliError(`${i === 0 ? file : 'the newest checkpoint'}: ${error.message}`);
      throw error;
    }
  }) as [ReturnType<typeof openKeptCheckpoint>, ReturnType<typeof openKeptCheckpoint>];
  if (now.treeSize < kept.treeSize)
    throw new CliError(
      `FAILED: the log holds ${now.treeSize} leaves, fewer than the kept checkpoint's ${kept.treeSize}: truncated`,
    );
  const query = { from: String(kept.treeSize), to: String(now.treeSize) };
  const proof =
    kept.treeSize === 0
      ? { proof: [] }
      : ((await body(await api(pathOf('GET /v1/checkpoints/consistency'), query))) as { proof: string[] });
  const consistent =
    kept.treeSize === 0 || verifyConsistency(kept.treeSize, now.treeSize, proof.proof, kept.rootHex, now.rootHex);
  if (!consistent)
    throw new CliError(
      `FAILED: the log is not consistent with the kept checkpoint at tree size ${kept.treeSize}: history before it was rewritten`,
    );
  console.log(`OK: the log at tree size ${now.treeSize} extends the kept checkpoint at tree size ${kept.treeSize}`);
}

async function trustedPems(o: CheckpointCommandOptions): Promise<string[]> {
  if (o.key) return [await readFile(o.key, 'utf8')];
  const keys = await readLocalTrustedKeys(o.localDir);
  if (!keys) throw new CliError('give --key <public.pem>: no local trusted keys to check checkpoints with');
  return keys.map((k) => publicKeyOf(k).export({ type: 'spki', format: 'pem' }).toString());
}

async function body(res: ApiResponse): Promise<unknown> {
  const parsed = JSON.parse(await res.text()) as { error?: { message: string } };
  if (res.status >= 300 || parsed.error)
    throw new CliError(`the API answered ${res.status}: ${parsed.error?.message ?? 'error'}`);
  return parsed;
}
