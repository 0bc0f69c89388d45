/**
 * The stream processor's use case: for each audit-table change, write its security line,
 * feed the brute-force detector, and notify at once when the append-only guarantee was
 * broken. At least once, made effectively once by per-record progress (change-progress.ts):
 * a redelivered record already done is skipped; only the record in flight at a crash can
 * write its line twice, which can only make an alarm fire earlier, never hide an event.
 */
import type { BruteForceDetector } from './brute-force-detector';
import { progressKeyOf, type ChangeProgress } from './change-progress';
import type { Notifier, SecurityLog } from './ports';
import type { TableChange } from './table-change';
import { securityLineOf, type SecurityLine } from './security-line';

/** What the processor needs. */
export interface SecurityStreamProcessorDeps {
  readonly securityLog: SecurityLog;
  readonly detector: BruteForceDetector;
  readonly notifier: Notifier;
  /** Which changes are done already; without it every delivery is processed. */
  readonly progress?: ChangeProgress;
  readonly now?: () => Date;
}

/** Turns table changes into security lines and real-time alerts. */
export class SecurityStreamProcessor {
  private readonly now: () => Date;

  constructor(private readonly deps: SecurityStreamProcessorDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Processes one change; returns its line, or undefined when the change is not
   * security-relevant or was processed already (a redelivery).
   */
  async process(change: TableChange): Promise<SecurityLine | undefined> {
    const line = securityLineOf(change);
    if (!line) return undefined;
    const key = this.deps.progress ? progressKeyOf(change) : undefined;
    if (key !== undefined && (await this.deps.progress?.isDone(key))) return undefined;
    await this.deps.securityLog.write(line);
    if (!line.expected) await this.notifyTampering(line);
    await this.deps.detector.observe(line, this.now());
    // Marked last: a crash before this point redelivers the record, so nothing is ever skipped.
    if (key !== undefined) await this.deps.progress?.markDone(key);
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
