/**
 * The price table of the cost model: one dated file, one region. Every price names the
 * AWS pricing page it comes from and whether it was checked when this table was written:
 * `checked: true` means found, on that date, in AWS documentation or a dated public pricing
 * guide quoting the AWS page; `checked: false` marks a list price that was not re-read and
 * must be confirmed on its page before a budget depends on it. Free tiers are left out
 * (a production account has usually used them up).
 */

/** One list price. */
export interface Price {
  /** US dollars per `per` units. */
  readonly usd: number;
  /** How many units `usd` buys (e.g. 1 000 000 requests). */
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  /** Found in a public source quoting the AWS price on PRICE_TABLE_DATE; false: not verified. */
  readonly checked: boolean;
}

/** When the prices were written down. */
export const PRICE_TABLE_DATE = '2026-12-02';
/** The region they are for. */
export const PRICE_TABLE_REGION = 'us-east-1';

const p = (usd: number, per: number, unit: string, source: string, checked = false): Price => ({ usd, per, unit, source, checked });
const AWS = (service: string) => `https://aws.amazon.com/${service}/pricing/`;

/** us-east-1 list prices, first tier. */
export const PRICES = {
  apiGatewayRestRequests: p(3.5, 1e6, 'REST API requests (first 333 M)', AWS('api-gateway'), true),
  lambdaArmGbSecond: p(0.0000133334, 1, 'GB-second, arm64', AWS('lambda'), true),
  lambdaRequests: p(0.2, 1e6, 'invocations', AWS('lambda'), true),
  dynamoWrite: p(0.625, 1e6, 'on-demand write request units', AWS('dynamodb'), true),
  dynamoRead: p(0.125, 1e6, 'on-demand read request units', AWS('dynamodb'), true),
  dynamoStorage: p(0.25, 1, 'GB-month, table and indexes (Standard class)', AWS('dynamodb')),
  // Standard-IA: requests 25 % dearer (the provisioned rates AWS publishes differ by that ratio), storage 60 % cheaper.
  dynamoWriteIa: p(0.78125, 1e6, 'on-demand write request units (Standard-IA class)', AWS('dynamodb')),
  dynamoReadIa: p(0.15625, 1e6, 'on-demand read request units (Standard-IA class)', AWS('dynamodb')),
  dynamoStorageIa: p(0.1, 1, 'GB-month, table and indexes (Standard-IA class)', AWS('dynamodb')),
  // Provisioned capacity is billed per unit-hour provisioned, whatever is consumed; the IA rate is the Standard one × 1.25 as above.
  dynamoWcuHour: p(0.00065, 1, 'provisioned write capacity unit-hour (Standard class)', AWS('dynamodb')),
  dynamoWcuHourIa: p(0.00081, 1, 'provisioned write capacity unit-hour (Standard-IA class)', AWS('dynamodb')),
  dynamoPitr: p(0.2, 1, 'GB-month of table size, continuous backups', AWS('dynamodb')),
  backupDynamoWarm: p(0.1, 1, 'GB-month, AWS Backup warm storage for DynamoDB', AWS('backup')),
  logsIngestion: p(0.5, 1, 'GB ingested, Standard log class', AWS('cloudwatch'), true),
  logsVendedIngestion: p(0.5, 1, 'GB of vended logs (WAF) ingested, first 10 TB', AWS('cloudwatch')),
  logsStorage: p(0.03, 1, 'GB-month archived (compressed)', AWS('cloudwatch'), true),
  customMetric: p(0.3, 1, 'custom metric-month (first 10 000)', AWS('cloudwatch'), true),
  standardAlarm: p(0.1, 1, 'standard-resolution alarm metric-month', AWS('cloudwatch')),
  contributorInsightsRule: p(0.5, 1, 'Contributor Insights rule-month', AWS('cloudwatch')),
  contributorInsightsEvents: p(0.02, 1e6, 'log events matched by a Contributor Insights rule', AWS('cloudwatch')),
  dashboard: p(3, 1, 'dashboard-month', AWS('cloudwatch'), true),
  kmsKey: p(1, 1, 'customer managed key-month', AWS('kms')),
  kmsSymmetricRequests: p(0.03, 1e4, 'symmetric and HMAC requests', AWS('kms')),
  kmsAsymmetricRequests: p(0.15, 1e4, 'asymmetric (ECC) requests', AWS('kms')),
  s3Storage: p(0.023, 1, 'GB-month, S3 Standard (first 50 TB; Object Lock adds no charge)', AWS('s3')),
  s3Puts: p(0.005, 1e3, 'PUT/COPY/POST/LIST requests', AWS('s3')),
  s3Gets: p(0.0004, 1e3, 'GET requests', AWS('s3')),
  athenaScanned: p(5, 1, 'TB of data scanned (10 MB minimum per query)', AWS('athena')),
  wafWebAcl: p(5, 1, 'web ACL-month', AWS('waf')),
  wafRule: p(1, 1, 'rule or managed rule group-month', AWS('waf')),
  wafRequests: p(0.6, 1e6, 'requests inspected', AWS('waf')),
  snsPublishes: p(0.5, 1e6, 'publishes', AWS('sns')),
  snsEmail: p(2, 1e5, 'e-mail notifications', AWS('sns')),
  xrayTraces: p(5, 1e6, 'traces recorded', AWS('xray')),
} as const satisfies Record<string, Price>;

/** The price table's entries by name. */
export type PriceName = keyof typeof PRICES;

/** Dollars for `quantity` units of a price. */
export function costOf(price: Price, quantity: number): number {
  return (price.usd * quantity) / price.per;
}
