/**
 * The console's runtime configuration, `config.json` next to index.html: served by the
 * local runtime (local/console.ts) or deployed by the AWS construct. Nothing about the
 * deployment is compiled into the bundle, so one build serves every stage.
 */
import type { AwsConsoleConfig } from './auth/aws-config';

/** config.json. */
export interface ConsoleConfig {
  readonly mode: 'local' | 'aws';
  /** Where the API is, e.g. `/v1` (same origin) or a full URL. */
  readonly apiBase: string;
  /** The trail's trusted signing keys, pinned here rather than taken from any proof. */
  readonly trustedKeys: unknown;
  readonly aws?: AwsConsoleConfig;
}

/** Fetches and checks config.json; throws an Error saying what is wrong. */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`config.json could not be loaded (HTTP ${response.status})`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  if (config.mode !== 'local' && config.mode !== 'aws') throw new Error('config.json: mode must be "local" or "aws"');
  if (typeof config.apiBase !== 'string' || config.apiBase === '') throw new Error('config.json: apiBase is missing');
  if (config.mode === 'aws' && !config.aws) throw new Error('config.json: mode "aws" needs the "aws" settings');
  return config as ConsoleConfig;
}
