import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/**
 * The one Logger, Metrics and Tracer every function shares (service name and namespace
 * come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE set by the CDK).
 * Handlers log codes, counts and ids in structured keys; never bodies. The tracer is off
 * outside Lambda (tests, the local runtime), where its calls do nothing.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dmis-audit' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DMIS/Audit',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dmis-audit',
});
/** Entries wrap every SDK client they build with `tracer.captureAWSv3Client`, so each AWS call is a subsegment. */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dmis-audit' });
export { MetricUnit };

/** Logs a failed request by its code only; unexpected errors get their name, never their message. */
export function logFailure(status: number, error: unknown): void {
  if (status >= 500) logger.error('request failed', { status, errorName: error instanceof Error ? error.name : typeof error });
  else logger.info('request rejected', { status, code: (error as { code?: string }).code });
}

/**
 * The one instrumentation style of every entry: the invocation's context on each log line,
 * and a `## handler` subsegment annotated with cold start and service. This is Powertools'
 * manual form of `captureLambdaHandler`, without middy. Responses are never attached to the
 * trace (POWERTOOLS_TRACER_CAPTURE_RESPONSE is false): they may hold personal data.
 */
export function instrumented<E, R>(handle: (event: E, context: Context) => Promise<R>) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    if (!tracer.isTracingEnabled()) return handle(event, context);
    const facade = tracer.getSegment();
    const subsegment = facade?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handle(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (facade) tracer.setSegment(facade);
    }
  };
}
