/**
 * The security team's dashboard and the Contributor Insights rules behind its "who"
 * widgets: failed logins, denials, privilege changes, change volume by record type,
 * every alarm's state, pipeline health, and the top source IPs and users of failures.
 * Top contributors come from Contributor Insights, never from metric dimensions.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DMIS_RECORD_TYPES } from '../../lambdas/core/catalogue';
import { FAILURE_EVENT_TYPES, MONITORING_NAMESPACE } from '../../lambdas/core/monitoring/rules';
import { SECURITY_LOG_TYPE } from '../../lambdas/core/monitoring/security-line';
import { RECORD_CHANGES_BY_TYPE, type AuditMonitoring } from './monitoring';

/** Props of {@link SecurityDashboard}. */
export interface SecurityDashboardProps {
  readonly monitoring: AuditMonitoring;
  readonly securityLogGroup: logs.ILogGroup;
  /** Pipeline metrics to graph, by label (iterator age, queue depth, 5xx, WAF blocked...). */
  readonly pipelineMetrics: Readonly<Record<string, cw.IMetric>>;
}

/** The dashboard and two Contributor Insights rules (top source IPs, top users). */
export class SecurityDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cw.Dashboard;
  /** Contributor Insights rules, by key ('sourceIp', 'actorUserId'). */
  public readonly insightRules: Readonly<Record<string, cw.CfnInsightRule>>;

  constructor(scope: Construct, id: string, props: SecurityDashboardProps) {
    super(scope, id);
    this.insightRules = {
      sourceIp: this.topContributors('TopFailureSourceIps', '$.sourceIp', props.securityLogGroup),
      actorUserId: this.topContributors('TopFailureUsers', '$.actorUserId', props.securityLogGroup),
    };
    this.dashboard = new cw.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    const log = props.monitoring.logMetrics;
    const graph = (title: string, metrics: (cw.IMetric | undefined)[]) =>
      new cw.GraphWidget({ title, left: metrics.filter((m): m is cw.IMetric => m !== undefined), width: 8 });
    this.dashboard.addWidgets(
      graph('Failed logins', [log['failed-logins']]),
      graph('Access denied', [log['access-denied']]),
      graph('Privilege and account changes', [
        log['privilege-and-account-changes'],
        log['role-change-outside-allow-list'],
      ]),
    );
    this.dashboard.addWidgets(
      new cw.GraphWidget({ title: 'DMIS record changes by type', left: recordTypeMetrics(), width: 12, stacked: true }),
      new cw.AlarmStatusWidget({ title: 'Alarm states', alarms: Object.values(props.monitoring.alarms), width: 12 }),
    );
    this.dashboard.addWidgets(
      ...Object.entries(this.insightRules).map(
        ([key, rule]) =>
          new cw.GraphWidget({
            title: `Top ${key === 'sourceIp' ? 'source IPs' : 'users'}: failed logins and denials`,
            left: [
              new cw.MathExpression({
                expression: `INSIGHT_RULE_METRIC('${rule.attrRuleName}', 'UniqueContributors')`,
                label: 'contributors',
              }),
            ],
            width: 12,
          }),
      ),
    );
    this.dashboard.addWidgets(
      ...Object.entries(props.pipelineMetrics).map(
        ([title, metric]) => new cw.GraphWidget({ title, left: [metric], width: 6 }),
      ),
    );
  }

  private topContributors(id: string, key: string, logGroup: logs.ILogGroup): cw.CfnInsightRule {
    return new cw.CfnInsightRule(this, id, {
      // CloudFormation requires a name; the stack name keeps it unique per account and region.
      ruleName: `${Stack.of(this).stackName}-${id}`,
      ruleState: 'ENABLED',
      ruleBody: JSON.stringify({
        Schema: { Name: 'CloudWatchLogRule', Version: 1 },
        LogGroupNames: [logGroup.logGroupName],
        LogFormat: 'JSON',
        Contribution: {
          Keys: [key],
          Filters: [
            { Match: '$.logType', In: [SECURITY_LOG_TYPE] },
            { Match: '$.eventType', In: [...FAILURE_EVENT_TYPES] },
          ],
        },
        AggregateOn: 'Count',
      }),
    });
  }
}

function recordTypeMetrics(): cw.IMetric[] {
  return DMIS_RECORD_TYPES.map(
    (type) =>
      new cw.Metric({
        namespace: MONITORING_NAMESPACE,
        metricName: RECORD_CHANGES_BY_TYPE,
        dimensionsMap: { RecordType: type },
        statistic: 'Sum',
        period: Duration.minutes(15),
        label: type,
      }),
  );
}
