/**
 * Watching the watchers: gives the function that runs the monitoring drift check (the
 * verifier) what it compares with CloudWatch, through its environment contract, and
 * read-only Describe permissions scoped as far as each API allows.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MONITORING_CHECK_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import type { MonitoringRuleOptions } from '../../lambdas/core/monitoring/rules';
import { acknowledgeWildcardResource } from '../compliance/acknowledge';
import { addContractEnvironment } from './function-defaults';

/** Props of {@link MonitoringCheck}. */
export interface MonitoringCheckProps {
  /** The function that runs the check. */
  readonly checker: lambda.Function;
  /** The security log group holding the metric filters. */
  readonly securityLogGroup: logs.ILogGroup;
  /** Its retention, in days, as deployed. */
  readonly securityLogRetentionDays: number;
  /** The key that encrypts it. */
  readonly logKey: kms.IKey;
  /** Where every alarm notifies. */
  readonly alarmTopic: sns.ITopic;
  /** The options the monitoring rules were rendered with (the same config AuditDetection gets). */
  readonly ruleOptions: MonitoringRuleOptions;
}

/** The drift check's environment and permissions on the checking function. */
export class MonitoringCheck extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringCheckProps) {
    super(scope, id);
    const stack = Stack.of(this);
    addContractEnvironment(props.checker, MONITORING_CHECK_ENVIRONMENT, {
      SECURITY_LOG_GROUP: props.securityLogGroup.logGroupName,
      SECURITY_LOG_RETENTION_DAYS: props.securityLogRetentionDays,
      LOG_KEY_ARN: props.logKey.keyArn,
      // CloudFormation names an alarm "<stack name>-<logical id>-<suffix>".
      ALARM_NAME_PREFIX: `${stack.stackName}-`,
      ALARM_TOPIC_ARN: props.alarmTopic.topicArn,
      MONITORING_RULE_OPTIONS: JSON.stringify(props.ruleOptions),
    });
    this.grantDescribe(props.checker, props.securityLogGroup);
  }

  private grantDescribe(fn: lambda.Function, securityLogGroup: logs.ILogGroup): void {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, resourceName: string) =>
      stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const allLogGroups = arn('logs', 'log-group', '*');
    const allAlarms = arn('cloudwatch', 'alarm', '*');
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['logs:DescribeMetricFilters', 'logs:DescribeSubscriptionFilters'],
        resources: [securityLogGroup.logGroupArn],
      }),
    );
    // DescribeLogGroups and DescribeAlarms authorise on the account's groups and alarms, not on one name.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [allLogGroups] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [allAlarms] }));
    const readOnly = 'Describe* only (read-only): the monitoring drift check reads configuration, never data or logs.';
    acknowledgeWildcardResource(
      fn.role ?? fn,
      securityLogGroup.logGroupArn,
      `${readOnly} A log group ARN ends in ":*" for its streams.`,
    );
    acknowledgeWildcardResource(
      fn.role ?? fn,
      allLogGroups,
      `${readOnly} DescribeLogGroups supports no narrower resource.`,
    );
    acknowledgeWildcardResource(
      fn.role ?? fn,
      allAlarms,
      `${readOnly} DescribeAlarms is authorised on alarm:*, the name prefix is a request filter.`,
    );
  }
}
