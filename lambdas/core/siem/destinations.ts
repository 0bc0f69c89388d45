/**
 * SIEM destinations, defined once: the local runtime reads them from `.local/siem.json`,
 * the CDK app from the `siemDestinations` context (lib/config.ts), and the forwarder's
 * Lambda from its environment. Secrets are never part of a destination: locally they
 * come from the file's `secret` / `keyFile`, on AWS from Secrets Manager by ARN.
 */
import '../zod-messages';
import * as z from 'zod/mini';
import { CATEGORIES, SEVERITIES } from '../catalogue';

/** How a destination is reached. */
export const SIEM_KINDS = ['syslog', 'webhook', 's3'] as const;
export type SiemKind = (typeof SIEM_KINDS)[number];

/** What each record looks like: CEF in RFC 5424 syslog, our stored event as JSON, or OCSF 1.8.0. */
export const SIEM_FORMATS = ['cef', 'json', 'ocsf'] as const;
export type SiemFormat = (typeof SIEM_FORMATS)[number];

/** Which events a destination receives; every listed criterion must match. Left out: every event. */
export const SiemFilterSchema = z.strictObject({
  categories: z.optional(z.array(z.enum(CATEGORIES)).check(z.minLength(1))),
  /** The lowest severity sent. */
  minSeverity: z.optional(z.enum(SEVERITIES)),
  /** Exact types, or prefixes ending in `.` (e.g. `auth.`). */
  eventTypes: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.minLength(1))),
});
export type SiemFilter = z.infer<typeof SiemFilterSchema>;

const name = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 lower-case letters, digits or hyphens'));

const common = {
  name,
  format: z.enum(SIEM_FORMATS),
  filter: z.optional(SiemFilterSchema),
};

/** Syslog over TLS (RFC 5425, octet counting); the server's certificate is checked against `caFile`. */
export const LocalSyslogDestinationSchema = z.strictObject({
  ...common,
  kind: z.literal('syslog'),
  host: z.string().check(z.minLength(1)),
  port: z.number().check(z.int(), z.minimum(1), z.maximum(65_535)),
  caFile: z.string().check(z.minLength(1)),
  certFile: z.optional(z.string().check(z.minLength(1))),
  keyFile: z.optional(z.string().check(z.minLength(1))),
});

/** A webhook: https, or http to a loopback address only; `secret` keys the HMAC signature. */
export const LocalWebhookDestinationSchema = z.strictObject({
  ...common,
  kind: z.literal('webhook'),
  url: z.url(),
  secret: z.string().check(z.minLength(16)),
  caFile: z.optional(z.string().check(z.minLength(1))),
});

/** `.local/siem.json`: `{"destinations": [...]}`, names unique. */
export const LocalSiemConfigSchema = z.strictObject({
  destinations: z.array(z.discriminatedUnion('kind', [LocalSyslogDestinationSchema, LocalWebhookDestinationSchema])),
});
export type LocalSiemConfig = z.infer<typeof LocalSiemConfigSchema>;
export type LocalSiemDestination = LocalSiemConfig['destinations'][number];

/**
 * A destination on AWS (context `siemDestinations`, a JSON array; rendered into the
 * forwarder's environment). Certificates are public and travel as PEM; secrets by ARN:
 * `secretArn` holds the webhook's HMAC key, `clientKeySecretArn` the mTLS private key.
 */
export const AwsSiemDestinationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('syslog'),
    host: z.string().check(z.minLength(1)),
    port: z.number().check(z.int(), z.minimum(1), z.maximum(65_535)),
    caPem: z.string().check(z.startsWith('-----BEGIN CERTIFICATE-----')),
    clientCertPem: z.optional(z.string().check(z.startsWith('-----BEGIN CERTIFICATE-----'))),
    clientKeySecretArn: z.optional(z.string().check(z.startsWith('arn:'))),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('webhook'),
    url: z.url().check(z.startsWith('https://')),
    secretArn: z.string().check(z.startsWith('arn:')),
    caPem: z.optional(z.string().check(z.startsWith('-----BEGIN CERTIFICATE-----'))),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('s3'),
    /** The bucket the NDJSON objects are written to (OCSF or JSON), under `prefix`. */
    bucket: z.string().check(z.minLength(3)),
    prefix: z.optional(z.string()),
  }),
]);
export type AwsSiemDestination = z.infer<typeof AwsSiemDestinationSchema>;
export const AwsSiemDestinationsSchema = z.array(AwsSiemDestinationSchema);
