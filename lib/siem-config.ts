/**
 * The SIEM forwarder's configuration (context keys siemDestinations, siemDownAlarmMinutes,
 * siemVpc), resolved for lib/config.ts.
 *
 * `siemDestinations` is a JSON array of destinations (lambdas/core/siem/destinations.ts:
 * AwsSiemDestinationSchema): an array in cdk.json, a JSON string on the command line, or
 * `file:<path>` naming a JSON file, which keeps PEM certificates out of shell quoting.
 * Secrets never appear here, only their Secrets Manager ARNs (`secretArn`,
 * `clientKeySecretArn`). The destinations travel in the forwarder's environment, which
 * Lambda caps at 4 KB in all, so their compact JSON may take at most MAX_DESTINATIONS_BYTES.
 *
 * `siemVpc` places the forwarder in existing subnets (JSON `{"vpcId", "subnetIds",
 * "securityGroupIds"?}`), for a SIEM reachable only privately; nothing is looked up.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { AwsSiemDestinationsSchema, type AwsSiemDestination } from '../lambdas/core/siem/destinations';
import { ConfigError, readNumber, readObject, type ConfigSource } from './config-readers';

/** Where the forwarder runs in a VPC: existing subnets and, optionally, security groups. */
export interface SiemVpcConfig {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** @default a security group of its own, egress only */
  readonly securityGroupIds?: readonly string[];
}

/** The SIEM destinations on AWS, when any are configured. */
export interface SiemConfig {
  readonly destinations: readonly AwsSiemDestination[];
  /** A destination's backlog whose oldest event waits longer than this raises its down alarm. */
  readonly downAlarmMinutes: number;
  /** @default not in a VPC */
  readonly vpc?: SiemVpcConfig;
}

/** Compact JSON of all destinations, leaving room for the rest of the 4 KB environment. */
export const MAX_DESTINATIONS_BYTES = 2500;
/** The down alarm's default: fifteen minutes of backlog. */
export const DEFAULT_SIEM_DOWN_ALARM_MINUTES = 15;

const VpcSchema = z.strictObject({
  vpcId: z.string().check(z.regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id such as vpc-0a1b2c3d')),
  subnetIds: z
    .array(z.string().check(z.regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id such as subnet-0a1b2c3d')))
    .check(z.minLength(1)),
  securityGroupIds: z.optional(
    z.array(z.string().check(z.regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id such as sg-0a1b2c3d'))).check(z.minLength(1)),
  ),
});

/** The SIEM settings, or undefined when no destination is configured; a bad value names its key and path. */
export function readSiem(source: ConfigSource): SiemConfig | undefined {
  const destinations = readDestinations(source);
  if (destinations.length === 0) return undefined;
  const vpc = readVpc(source);
  return {
    destinations,
    downAlarmMinutes: readNumber(source, 'siemDownAlarmMinutes', DEFAULT_SIEM_DOWN_ALARM_MINUTES, 1, 1440),
    ...(vpc ? { vpc } : {}),
  };
}

function readDestinations(source: ConfigSource): AwsSiemDestination[] {
  const raw = source('siemDestinations');
  if (raw === undefined || raw === '') return [];
  const parsed = AwsSiemDestinationsSchema.safeParse(typeof raw === 'string' ? parseJson('siemDestinations', raw) : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`siemDestinations${pathText(issue?.path ?? [])}`, issue?.message ?? 'is not a list of destinations');
  }
  const names = parsed.data.map((d) => d.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new ConfigError('siemDestinations', `names destination "${twice}" twice`);
  if (Buffer.byteLength(JSON.stringify(parsed.data)) > MAX_DESTINATIONS_BYTES)
    throw new ConfigError('siemDestinations', `must be at most ${MAX_DESTINATIONS_BYTES} bytes as compact JSON (Lambda's environment is 4 KB)`);
  return parsed.data;
}

function readVpc(source: ConfigSource): SiemVpcConfig | undefined {
  if (source('siemVpc') === undefined || source('siemVpc') === '') return undefined;
  const parsed = VpcSchema.safeParse(readObject(source, 'siemVpc', 'an object {"vpcId", "subnetIds", "securityGroupIds"?}'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`siemVpc${pathText(issue?.path ?? [])}`, issue?.message ?? 'is not a VPC placement');
  }
  return parsed.data;
}

/** A JSON string, or `file:<path>` of a JSON file. */
function parseJson(field: string, text: string): unknown {
  const isFile = text.startsWith('file:');
  let body = text;
  if (isFile) {
    try {
      body = readFileSync(text.slice('file:'.length), 'utf8');
    } catch {
      throw new ConfigError(field, `cannot read ${text.slice('file:'.length)}`);
    }
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ConfigError(field, isFile ? 'the file must hold a JSON array of destinations' : 'must be a JSON array of destinations, or file:<path>');
  }
}

/** `[1].url`, as a path into the context value. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
