/**
 * The API's response shapes as the console reads them. The server's zod schemas
 * (lambdas/core/query/api-schemas.ts, lambdas/core/api/route-schemas.ts) are the definition
 * and `GET /v1/openapi.json` publishes it; these types name only the fields pages show, and
 * every page treats the bodies as data from outside (text nodes only).
 */

/** An event as returned by `GET /v1/events/{id}` and in search pages. */
export interface StoredEvent {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly ingestedAt: string;
  readonly eventType: string;
  readonly category: string;
  readonly severity: string;
  readonly outcome: string;
  readonly action: string;
  readonly actor: { readonly userId: string; readonly ip?: string; readonly sessionId?: string; readonly roles?: string[]; readonly userAgent?: string };
  readonly target?: { readonly type: string; readonly id: string };
  readonly reason?: string;
  readonly previousState?: Record<string, unknown>;
  readonly newState?: Record<string, unknown>;
  readonly changes?: { readonly field: string; readonly oldValue?: unknown; readonly newValue?: unknown }[];
  readonly metadata?: Record<string, unknown>;
  readonly redactedPaths: string[];
  readonly source: string;
  readonly contentHash: string;
  readonly [field: string]: unknown;
}

/** `GET /v1/events`. */
export interface SearchPage {
  readonly events: StoredEvent[];
  readonly nextCursor: string | null;
  readonly lateArrivals: { readonly eventId: string; readonly delaySeconds: number }[];
}

/** The block inside a proof. */
export interface Block {
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly merkleRoot: string;
  readonly prevBlockHash: string;
  readonly blockHash: string;
  readonly keyId: string;
  readonly treeSize: number;
  readonly signature: string;
}

/** `GET /v1/events/{id}/proof`. */
export interface InclusionProof {
  readonly eventId: string;
  readonly contentHash: string;
  readonly leafIndex: number;
  readonly auditPath: string[];
  readonly block: Block;
  readonly publicKeyPem: string;
}

type Counts = Readonly<Record<string, number>>;

/** `GET /v1/stats`. */
export interface Stats {
  readonly from: string;
  readonly to: string;
  readonly total: number;
  readonly byCategory: Counts;
  readonly bySeverity: Counts;
  readonly byOutcome: Counts;
  readonly byEventType: Counts;
  readonly topActors: { readonly userId: string; readonly count: number }[];
  readonly failedLoginsLast24h: number;
  readonly denialsLast24h: number;
  readonly criticalLast7d: number;
}

/** `GET /v1/alarms`. */
export interface AlarmList {
  readonly alarms: { readonly name: string; readonly state: string; readonly value: number; readonly threshold: number; readonly since: string }[];
}

/** One finding of the verifier. */
export interface Finding {
  readonly severity: 'error' | 'info';
  readonly code: string;
  readonly seq?: number;
  readonly eventId?: string;
  readonly message: string;
}

/** `GET /v1/integrity`. */
export interface IntegrityReport {
  readonly ok: boolean;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly blocksChecked: number;
  readonly eventsChecked: number;
  readonly findings: Finding[];
  readonly from?: string;
  readonly to?: string;
}

interface KeyCount {
  readonly key: string;
  readonly count: number;
}

/** `GET /v1/reports/compliance` (JSON). */
export interface ComplianceReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly eventTypes: { readonly eventType: string; readonly category: string; readonly count: number; readonly failures: number }[];
  readonly users: { readonly userId: string; readonly events: number; readonly failures: number; readonly denials: number; readonly firstSeen: string; readonly lastSeen: string }[];
  readonly highAndCritical: {
    readonly total: number;
    readonly listed: { readonly eventId: string; readonly occurredAt: string; readonly eventType: string; readonly severity: string; readonly outcome: string; readonly userId: string; readonly target?: { type: string; id: string } }[];
  };
  readonly failedLogins: { readonly total: number; readonly byUser: KeyCount[]; readonly byIp: KeyCount[] };
  readonly denials: { readonly total: number; readonly byUser: KeyCount[]; readonly byIp: KeyCount[] };
  readonly integrity: { readonly status: string; readonly blocksChecked?: number; readonly eventsChecked?: number; readonly findings?: { code: string; seq?: number; eventId?: string; message: string }[] };
  readonly coverage: { readonly totalEvents: number; readonly firstEvent: string | null; readonly lastEvent: string | null; readonly gaps: { from: string; to: string; hours: number }[] };
  readonly lateArrivals: { readonly total: number; readonly maxDelaySeconds: number | null };
}

/** The large-export answer on AWS: a presigned link instead of the body. */
export interface ExportLink {
  readonly url: string;
  readonly expiresAt: string;
  readonly rows: number;
}
