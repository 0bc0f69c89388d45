/**
 * The three ways the forwarder Lambda is invoked, told apart by shape: a DynamoDB stream
 * batch (its event source mapping), the drain schedule (`{"drain": true}` every minute),
 * and a replay request invoked directly (`{"replay": {"destination", "from", "to"}}`, from
 * `dmis-audit siem replay --aws`). A replay reads the period from the table exactly as the
 * local replay does (core/siem/replay.ts). Whatever the shape, the backlog holds taken by
 * the invocation are given back at its end, so the next one starts from the oldest event.
 * A bad replay request gets a JSON error, not an exception; nothing is sent for it.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { AuditError } from '../../core/errors';
import type { StoredEvent } from '../../core/event-schema';
import type { SiemDeliveryStatus, SiemForwarder } from '../../core/siem/ports';
import { SiemDeliveryError } from '../../core/siem/ports';
import { parseReplayPeriod, type ReplayPeriod } from '../../core/siem/replay';
import type { SiemStreamHandler } from './handler';

/** The drain schedule's event (lib/constructs/siem-forwarder.ts). */
export const SIEM_DRAIN_EVENT = { drain: true } as const;

/** A replay request's payload. */
export interface SiemReplayRequest {
  readonly replay: { readonly destination: string; readonly from: string; readonly to: string };
}

/** What a replay or a bad request answers. */
export type SiemReplayAnswer =
  | { readonly replayed: { readonly destination: string; readonly from: string; readonly to: string; readonly sent: number } }
  | { readonly error: { readonly code: 'invalid_request' | 'delivery_failed'; readonly message: string } };

/** What the invocation handler is built from. */
export interface SiemInvocationParts {
  readonly forwarder: SiemForwarder;
  readonly streamHandler: SiemStreamHandler;
  /** The destination names, to refuse a replay to an unknown one. */
  readonly destinations: readonly string[];
  /** A period's events, oldest first, read from the table. */
  readonly eventsOfPeriod: (period: ReplayPeriod) => AsyncIterable<StoredEvent>;
  /**
   * Throws a ValidationError for a period `eventsOfPeriod` cannot read in full (one reaching
   * before the hot boundary: refuseBeforeHotBoundary), answered as invalid_request. @default every period is read
   */
  readonly refusePeriod?: (period: ReplayPeriod) => void;
  /** Records the replay in the trail (an `audit.export`) before anything is sent; a replay it cannot record is refused. */
  readonly recordReplay: (destination: string, period: ReplayPeriod) => Promise<void>;
  /** Gives back what the backlogs hold; called when every invocation ends. */
  readonly release: () => Promise<void>;
  /** Told when the release failed (the events then return after their visibility timeout). */
  readonly onReleaseFailure?: (error: unknown) => void;
}

type Answer = DynamoDBBatchResponse | { readonly drained: readonly SiemDeliveryStatus[] } | SiemReplayAnswer;

/** The Lambda handler over all three shapes. */
export function createSiemInvocationHandler(parts: SiemInvocationParts) {
  return async (event: unknown, context?: Context): Promise<Answer> => {
    try {
      if (isStreamBatch(event)) return await parts.streamHandler(event, context);
      if (isDrain(event)) return { drained: await parts.forwarder.drain() };
      return await replay(parts, event);
    } finally {
      await parts.release().catch((error: unknown) => parts.onReleaseFailure?.(error));
    }
  };
}

async function replay(parts: SiemInvocationParts, event: unknown): Promise<SiemReplayAnswer> {
  const request = (event as Partial<SiemReplayRequest> | null)?.replay;
  if (typeof request !== 'object' || request === null)
    return invalid('expected a stream batch, {"drain": true} or {"replay": {"destination", "from", "to"}}');
  const { destination, from, to } = request as Partial<SiemReplayRequest['replay']>;
  if (typeof destination !== 'string' || !parts.destinations.includes(destination))
    return invalid(`replay.destination must be one of: ${parts.destinations.join(', ')}`);
  let period: ReplayPeriod;
  try {
    period = parseReplayPeriod(typeof from === 'string' ? from : undefined, typeof to === 'string' ? to : undefined);
    parts.refusePeriod?.(period);
  } catch (error) {
    if (error instanceof AuditError) return invalid(`replay.${error.details[0]?.path ?? 'from'}: ${error.message}`);
    throw error;
  }
  await parts.recordReplay(destination, period);
  try {
    const sent = await parts.forwarder.replay(destination, parts.eventsOfPeriod(period));
    return { replayed: { destination, ...period, sent } };
  } catch (error) {
    if (error instanceof SiemDeliveryError) return { error: { code: 'delivery_failed', message: error.message } };
    throw error;
  }
}

function invalid(message: string): SiemReplayAnswer {
  return { error: { code: 'invalid_request', message } };
}

function isStreamBatch(event: unknown): event is DynamoDBStreamEvent {
  return Array.isArray((event as Partial<DynamoDBStreamEvent> | null)?.Records);
}

function isDrain(event: unknown): boolean {
  return (event as { drain?: unknown } | null)?.drain === true;
}
