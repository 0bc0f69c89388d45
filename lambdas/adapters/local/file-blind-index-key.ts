import { join } from 'node:path';
import type { BlindIndexKeySource } from '../../core/privacy/ports';
import { loadOrCreateSecret } from './local-secret-file';

/** The blind-index secret locally: 32 random bytes in `<localDir>/blind-index-key` (0600), created at first use. */
export function fileBlindIndexKey(localDir: string): BlindIndexKeySource {
  let key: Promise<Uint8Array> | undefined;
  return () => (key ??= loadOrCreateSecret(join(localDir, 'blind-index-key')));
}
