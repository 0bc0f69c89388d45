/**
 * SecurityLog for Lambda: each line is written raw to stdout, one JSON object per line,
 * so it lands in the function's log group (the security log group) exactly as the metric
 * filters expect it, not wrapped in a logger envelope.
 */
import type { SecurityLog } from '../../core/monitoring/ports';
import type { SecurityLine } from '../../core/monitoring/security-line';

/** Writes security lines to a text sink (process.stdout by default). */
export class StdoutSecurityLog implements SecurityLog {
  constructor(private readonly sink: (text: string) => void = (text) => void process.stdout.write(text)) {}

  async write(line: SecurityLine): Promise<void> {
    this.sink(`${JSON.stringify(line)}\n`);
  }
}
