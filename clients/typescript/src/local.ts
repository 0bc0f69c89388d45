/**
 * The local runtime as a client sees it: the API URL from `<localDir>/runtime.json` and the
 * writer's SigV4 key from `<localDir>/credentials.json` (`npm start` writes both), so the
 * HTTPS transport signs exactly as it does against AWS.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HttpsTransportOptions } from './https-transport';

/** HTTPS transport options for the local runtime in `localDir` (`.local` for npm start). */
export async function localTransportOptions(localDir: string, role: 'writer' | 'reader' = 'writer'): Promise<HttpsTransportOptions> {
  const runtime = JSON.parse(await readFile(join(localDir, 'runtime.json'), 'utf8')) as { apiUrl: string };
  const { sigv4 } = JSON.parse(await readFile(join(localDir, 'credentials.json'), 'utf8')) as {
    sigv4: { region: string; service: string } & Record<'writer' | 'reader', { accessKeyId: string; secretAccessKey: string }>;
  };
  return { endpoint: runtime.apiUrl, region: sigv4.region, service: sigv4.service, credentials: sigv4[role] };
}
