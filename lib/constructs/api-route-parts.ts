/**
 * Building blocks of the audit API's routes: the Lambda-free health check and OpenAPI
 * document, path parameters read from a route template, and the body model. Used only by AuditApi.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { buildOpenApiDocument } from '../../lambdas/core/api/openapi';
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

/**
 * The OpenAPI document without a Lambda: generated at synth from the same route table and
 * schemas, so this public route runs with no function role at all (the query function's
 * role reads the whole table and archive). Base64 because the template is Velocity, where
 * the document's `$ref`s and `#/` pointers would otherwise be read as template syntax.
 */
export function openApiIntegration(): apigw.MockIntegration {
  const encoded = Buffer.from(JSON.stringify(buildOpenApiDocument()), 'utf8').toString('base64');
  return new apigw.MockIntegration({
    passthroughBehavior: apigw.PassthroughBehavior.NEVER,
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [
      { statusCode: '200', responseTemplates: { 'application/json': `$util.base64Decode("${encoded}")` } },
    ],
  });
}

/** Required path parameters of a route template such as `/v1/events/{eventId}`. */
export function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries(pathParameterNames(path).map((name) => [`method.request.path.${name}`, true]));
}
