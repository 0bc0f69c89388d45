/**
 * API Gateway's own rejections (bad signature, no permission, throttled, body too large)
 * in the API's one error shape, `{"error": {"code", "message", "details"}}`, with the
 * status codes DESIGN.md promises: clients never see API Gateway's `{"message"}` body.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { AuditErrorCode } from '../../lambdas/core/errors';

interface ErrorResponse {
  readonly type: apigw.ResponseType;
  /** @default - the status API Gateway chose */
  readonly statusCode?: string;
  readonly code: AuditErrorCode | 'internal_error';
  /** Response-template text for `details`; validation errors say which part was wrong. */
  readonly details?: string;
}

const ERROR_RESPONSES: readonly ErrorResponse[] = [
  // IAM auth: no signature, a bad one or an expired one is "no valid credential" (401), not 403.
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: '401', code: 'unauthorized' },
  { type: apigw.ResponseType.INVALID_SIGNATURE, statusCode: '401', code: 'unauthorized' },
  { type: apigw.ResponseType.EXPIRED_TOKEN, statusCode: '401', code: 'unauthorized' },
  { type: apigw.ResponseType.UNAUTHORIZED, statusCode: '401', code: 'unauthorized' },
  { type: apigw.ResponseType.ACCESS_DENIED, statusCode: '403', code: 'forbidden' },
  { type: apigw.ResponseType.THROTTLED, statusCode: '429', code: 'throttled' },
  { type: apigw.ResponseType.QUOTA_EXCEEDED, statusCode: '429', code: 'throttled' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, statusCode: '413', code: 'payload_too_large' },
  { type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, statusCode: '415', code: 'unsupported_media_type' },
  {
    type: apigw.ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    code: 'invalid_request',
    details: '[{"path": "body", "message": "$util.escapeJavaScript($context.error.validationErrorString)"}]',
  },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, statusCode: '400', code: 'invalid_request' },
  { type: apigw.ResponseType.DEFAULT_4XX, code: 'invalid_request' },
  { type: apigw.ResponseType.DEFAULT_5XX, code: 'internal_error' },
];

/** Adds a gateway response for every rejection API Gateway makes before a handler runs. */
export function addAuditErrorResponses(api: apigw.RestApi): void {
  for (const response of ERROR_RESPONSES) {
    const body = `{"error": {"code": "${response.code}", "message": $context.error.messageString, "details": ${response.details ?? '[]'}}}`;
    api.addGatewayResponse(`Error${response.type.responseType}`, {
      type: response.type,
      statusCode: response.statusCode,
      templates: { 'application/json': body },
    });
  }
}
