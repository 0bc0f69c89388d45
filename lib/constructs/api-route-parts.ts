/**
 * Building blocks of the audit API's routes: the Lambda-free health check, path
 * parameters read from a route template, and the body model. Used only by AuditApi.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { pathParameterNames } from '../../lambdas/core/api/route-match';

/** A non-empty JSON object: the shape check API Gateway can make before a function runs. */
export const JSON_OBJECT_SCHEMA: apigw.JsonSchema = {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  type: apigw.JsonSchemaType.OBJECT,
  minProperties: 1,
};

/** Liveness without a Lambda: nothing to cold-start, nothing to authorise. */
export function healthIntegration(): apigw.MockIntegration {
  return new apigw.MockIntegration({
    passthroughBehavior: apigw.PassthroughBehavior.NEVER,
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"status":"ok"}' } }],
  });
}

/** Required path parameters of a route template such as `/v1/events/{eventId}`. */
export function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries(pathParameterNames(path).map((name) => [`method.request.path.${name}`, true]));
}
