/**
 * The stream processor's use case: for each audit-table change, write its security line,
 * feed the brute-force detector, and notify at once when the append-only guarantee was
 * broken. At least once: a retried record writes its line again, which can only make an
 * alarm fire earlier, never hide an event.
 */
import type { BruteForceDetector } from './brute-force-detector';
import type { Notifier, SecurityLog } from './ports';
import type { TableChange } from './table-change';
import { securityLineOf, type SecurityLine } from './security-line';

/** What the processor needs. */
export interface SecurityStreamProcessorDeps {
  readonly securityLog: SecurityLog;
  readonly detector: BruteForceDetector;
  readonly notifier: Notifier;
  readonly now?: () => Date;
}

/** Turns table changes into security lines and real-time alerts. */
export class SecurityStreamProcessor {
  private readonly now: () => Date;

  constructor(private readonly deps: SecurityStreamProcessorDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Processes one change; returns its line, or undefined when the change is not security-relevant. */
  async process(change: TableChange): Promise<SecurityLine | undefined> {
    const line = securityLineOf(change);
    if (!line) return undefined;
    await this.deps.securityLog.write(line);
    if (!line.expected) await this.notifyTampering(line);
    await this.deps.detector.observe(line, this.now());
    return line;
  }

  private async notifyTampering(line: SecurityLine): Promise<void> {
    await this.deps.notifier.publish({
      subject: `DMIS audit: audit item ${line.streamEvent === 'MODIFY' ? 'modified' : 'removed'} (append-only broken)`,
      severity: 'critical',
      source: 'detector',
      detail: {
        rule: 'audit-item-tampered',
        streamEvent: line.streamEvent,
        targetType: line.targetType,
        targetId: line.targetId,
        at: line.occurredAt,
      },
    });
  }
}
