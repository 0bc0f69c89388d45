import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The one Logger and Metrics instance every handler shares (service name and namespace
 * come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE set by the CDK).
 * Handlers log codes, counts and ids in structured keys; never bodies.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dmis-audit' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DMIS/Audit',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dmis-audit',
});
export { MetricUnit };

/** Logs a failed request by its code only; unexpected errors get their name, never their message. */
export function logFailure(status: number, error: unknown): void {
  if (status >= 500) logger.error('request failed', { status, errorName: error instanceof Error ? error.name : typeof error });
  else logger.info('request rejected', { status, code: (error as { code?: string }).code });
}
