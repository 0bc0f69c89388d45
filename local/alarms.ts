/**
 * Local alarms: the security log of the local runtime. Every security line the stream
 * processor writes is appended to `<localDir>/security.ndjson` and evaluated against the
 * same log rules CDK deploys as metric filters and alarms; ALARM and OK transitions go to
 * the notifier as CloudWatch's alarm actions would, and `GET /v1/alarms` shows the states.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LogRuleAlarms, type AlarmStatus, type AlarmTransition } from '../lambdas/core/monitoring/log-rule-alarms';
import type { Notifier, SecurityLog } from '../lambdas/core/monitoring/ports';
import type { LogRule } from '../lambdas/core/monitoring/rule-types';
import type { SecurityLine } from '../lambdas/core/monitoring/security-line';
import { jsonResponse } from '../lambdas/functions/shared/http-response';
import { GaugeAlarms, type GaugeTransition, type LocalGauge } from './gauge-alarms';

/** What local alarms need. */
export interface LocalAlarmsOptions {
  readonly rules: readonly LogRule[];
  /** NDJSON file the security lines are appended to. */
  readonly securityLogFile: string;
  readonly notifier: Notifier;
  /** How often states are re-evaluated without new lines (so alarms return to OK). @default 1000 */
  readonly evaluateEveryMs?: number;
  readonly now?: () => Date;
  /** Metric rules read from a local gauge (e.g. the parked stream records). @default none */
  readonly gauges?: readonly LocalGauge[];
}

/** Local security log + alarm evaluation + the `GET /v1/alarms` answer. */
export class LocalAlarms {
  /** The SecurityLog the local stream processor writes to. */
  readonly securityLog: SecurityLog;
  private readonly alarms: LogRuleAlarms;
  private readonly gaugeAlarms: GaugeAlarms;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalAlarmsOptions) {
    this.now = options.now ?? (() => new Date());
    this.alarms = new LogRuleAlarms(options.rules, this.now());
    this.gaugeAlarms = new GaugeAlarms(options.gauges ?? [], this.now());
    this.securityLog = { write: (line) => this.write(line) };
  }

  /** Starts periodic evaluation. */
  start(): void {
    this.timer = setInterval(
      // list() evaluates the log rules and reads the gauges, notifying every transition.
      () => void this.list().catch((error: unknown) => console.error('local alarms: evaluation failed', error)),
      this.options.evaluateEveryMs ?? 1000,
    );
    this.timer.unref();
  }

  /** Stops evaluation and waits for notifications in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
  }

  /** Every alarm's current status. */
  async list(): Promise<AlarmStatus[]> {
    const { statuses, transitions } = this.alarms.statuses(this.now());
    const gauges = await this.gaugeAlarms.evaluate(this.now());
    await this.notifyAll([...transitions, ...gauges.transitions]);
    return [...statuses, ...gauges.statuses];
  }

  /** The `GET /v1/alarms` handler. */
  readonly handler = async (): Promise<APIGatewayProxyResult> => jsonResponse(200, { alarms: await this.list() });

  private async write(line: SecurityLine): Promise<void> {
    const text = JSON.stringify(line);
    await mkdir(dirname(this.options.securityLogFile), { recursive: true });
    await appendFile(this.options.securityLogFile, `${text}\n`);
    const at = this.now();
    this.alarms.record(text, at);
    await this.notifyAll(this.alarms.evaluate(at));
  }

  /** Notifications are chained so they reach the file in transition order. */
  private notifyAll(transitions: readonly (AlarmTransition | GaugeTransition)[]): Promise<void> {
    for (const { rule, status } of transitions) {
      this.pending = this.pending
        .then(() =>
          this.options.notifier.publish({
            subject: `DMIS audit alarm ${status.state}: ${rule.name}`,
            severity: status.state === 'ALARM' ? rule.severity : 'low',
            source: 'alarm',
            detail: { ...status, meaning: rule.meaning, periodMinutes: rule.periodMinutes },
          }),
        )
        .catch((error: unknown) => console.error('local alarms: notification failed', error));
    }
    return this.pending;
  }
}
