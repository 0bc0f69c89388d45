/** How the client reaches the writer: one request, one batch. */

/** The server's receipt for one event, in request order. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly contentHash: string;
  readonly ingestedAt: string;
  /** True when the eventId was already stored with the same content (a retry). */
  readonly duplicate: boolean;
}

/**
 * Sends one request body (`{"events": [...]}`) and resolves with the receipts, or throws
 * a typed error (AuditApiError subclass, NetworkError) so the retry policy can decide.
 */
export interface Transport {
  send(body: string): Promise<readonly AcceptedEvent[]>;
  /** Releases sockets and SDK clients. */
  close?(): void;
}
