/**
 * Secure stage defaults for the audit API: throttling, tracing, error-only execution
 * logs without request data, and a JSON access-log line that names the caller.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { ApiThrottling, StageName } from '../config';

/** Stage options: throttling from config, X-Ray, metrics, execution logs at ERROR, no data trace. */
export function stageOptions(stageName: StageName, throttling: ApiThrottling): apigw.StageOptions {
  return {
    stageName,
    throttlingRateLimit: throttling.rateLimit,
    throttlingBurstLimit: throttling.burstLimit,
    tracingEnabled: true,
    metricsEnabled: true,
    loggingLevel: apigw.MethodLoggingLevel.ERROR,
    // Data trace would copy request bodies, secrets included, into execution logs.
    dataTraceEnabled: false,
  };
}

/** One JSON line per request; `userArn` is who called, the first thing an investigator asks. */
export function accessLogFormat(): apigw.AccessLogFormat {
  const F = apigw.AccessLogField;
  return apigw.AccessLogFormat.custom(
    JSON.stringify({
      requestId: F.contextRequestId(),
      extendedRequestId: F.contextExtendedRequestId(),
      requestTime: F.contextRequestTime(),
      httpMethod: F.contextHttpMethod(),
      resourcePath: F.contextResourcePath(),
      status: F.contextStatus(),
      protocol: F.contextProtocol(),
      responseLength: F.contextResponseLength(),
      integrationLatency: F.contextIntegrationLatency(),
      sourceIp: F.contextIdentitySourceIp(),
      userAgent: F.contextIdentityUserAgent(),
      accountId: F.contextIdentityAccountId(),
      caller: F.contextIdentityCaller(),
      userArn: F.contextIdentityUserArn(),
      errorType: F.contextErrorResponseType(),
      errorMessage: F.contextErrorMessage(),
      xrayTraceId: F.contextXrayTraceId(),
    }),
  );
}
