/**
 * Secure, shared defaults for every audit function: the Powertools environment and the
 * esbuild bundling options (used by AuditFunction), and how a construct that connects a
 * resource to a function hands it that part of the function's environment contract.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { renderEnvironment, type EnvironmentOf, type EnvironmentSpec } from '../../lambdas/composition/environment';
import { MONITORING_NAMESPACE } from '../../lambdas/core/monitoring/rules';

/** Powertools settings (service name, namespace, no payloads in logs or traces) and source-mapped stacks. */
export function powertoolsEnvironment(serviceName: string): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: serviceName,
    POWERTOOLS_METRICS_NAMESPACE: MONITORING_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Event payloads may hold personal data and not-yet-redacted secrets: never log them,
    // never attach responses to traces.
    POWERTOOLS_LOGGER_LOG_EVENT: 'false',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    // Stack traces point at the TypeScript source, via the bundled source maps.
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/**
 * Sets one part of a function's environment contract (lambdas/composition/function-environments.ts)
 * on an existing function: the typed `values` must name every required variable of `spec`.
 */
export function addContractEnvironment<S extends EnvironmentSpec>(
  fn: lambda.Function,
  spec: S,
  values: EnvironmentOf<S>,
): void {
  for (const [name, value] of Object.entries(renderEnvironment(spec, values))) fn.addEnvironment(name, value);
}

/**
 * ESM output (top-level await, smaller cold start) with a `require` shim for CommonJS
 * dependencies. Always the locally installed esbuild: there is no Docker in CI.
 */
export function esmBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    banner:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    // The Node.js 22 runtime ships AWS SDK v3; bundling it again only adds cold-start weight.
    externalModules: ['@aws-sdk/*'],
    forceDockerBundling: false,
  };
}
