/**
 * The regional REST API. Its resources and methods come from the one route table
 * (lambdas/core/api/routes.ts) that the local HTTP front also serves.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  acknowledgeManagedPolicy,
  acknowledgeRule,
  acknowledgeWildcardResource,
  principalConstruct,
} from '../compliance/acknowledge';
import {
  ROUTES, rolesAllowed, routeKey, type ApiRole, type LambdaRouteHandler, type PersonalDataGrants, type Route,
} from '../../lambdas/core/api/routes';
import type { ApiThrottling, StageName } from '../config';
import { addAuditErrorResponses } from './api-error-responses';
import { healthIntegration, JSON_OBJECT_SCHEMA, openApiIntegration, pathParameters } from './api-route-parts';
import { accessLogFormat, stageOptions } from './api-stage-defaults';

/** Props of {@link AuditApi}. */
export interface AuditApiProps {
  /** The function behind each Lambda-backed route handler. */
  readonly handlers: Readonly<Record<LambdaRouteHandler, lambda.IFunction>>;
  /** API Gateway stage name; the API is named `dmis-audit-<stage>` after it. */
  readonly stageName: StageName;
  /** Stage-wide throttling. */
  readonly throttling: ApiThrottling;
  /** Key that encrypts the access log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the access log group. */
  readonly logRetention: logs.RetentionDays;
}

/** One deployed route and its method. */
export interface ApiMethod {
  /** The route table's row. */
  readonly route: Route;
  /** Its API Gateway method. */
  readonly method: apigw.Method;
}

/** The audit REST API: IAM auth on every route but the public ones, validated requests, JSON access logs. */
export class AuditApi extends Construct {
  /** The API. */
  public readonly api: apigw.RestApi;
  /** Its access log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** Every route with its method, in ROUTES order. */
  public readonly methods: readonly ApiMethod[];

  constructor(scope: Construct, id: string, props: AuditApiProps) {
    super(scope, id);
    if (props.throttling.rateLimit < 1 || props.throttling.burstLimit < 1) {
      throw new Error('AuditApi: throttling.rateLimit and throttling.burstLimit must be at least 1');
    }
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      // Per stage: the API's metrics (the 5xx alarm) are dimensioned by this name, account-wide.
      restApiName: `dmis-audit-${props.stageName}`,
      description: 'DMIS audit trail API',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Execution logging (errors only) needs API Gateway's account-level CloudWatch role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        ...stageOptions(props.stageName, props.throttling),
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });
    addAuditErrorResponses(this.api);
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // Only "a JSON object" here: the ingest use case validates every field and names each bad path.
    const bodyModel = this.api.addModel('JsonObject', { contentType: 'application/json', schema: JSON_OBJECT_SCHEMA });
    this.methods = ROUTES.map((route) => ({ route, method: this.addRoute(route, props, validator, bodyModel) }));
    this.acknowledgeFindings();
  }

  /**
   * Allows the grantee to call every route `role` may call, and no other: the route's own
   * role, and personal-data routes for the reader when `grants` says so (`rolesAllowed`,
   * the rule the local front applies too).
   */
  public grantRoutes(
    role: Exclude<ApiRole, 'none'>,
    grantee: iam.IGrantable,
    grants: PersonalDataGrants = { auditorsReadPersonalData: false },
  ): void {
    for (const { route, method } of this.methods) {
      if (!rolesAllowed(route, grants).includes(role)) continue;
      method.grantExecute(grantee);
      if (route.path.includes('{')) {
        acknowledgeWildcardResource(
          principalConstruct(grantee),
          method.methodArn,
          `A path parameter of ${routeKey(route)} is "*" in the method ARN; the method and path are fixed.`,
        );
      }
    }
  }

  private acknowledgeFindings(): void {
    const stage = this.api.deploymentStage;
    acknowledgeRule(
      stage,
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'Caching is off on purpose: an audit read must reflect the store, and no cache means no second copy of audit data at rest.',
    );
    acknowledgeRule(
      stage,
      'NIST.800.53.R5-APIGWSSLEnabled',
      'Backend client certificates authenticate API Gateway to HTTP backends; every integration here is Lambda or mock, reached over AWS IAM.',
    );
    const cloudWatchRole = this.api.node.findChild('CloudWatchRole');
    acknowledgeManagedPolicy(
      cloudWatchRole,
      'AmazonAPIGatewayPushToCloudWatchLogs',
      'This is the AWS-maintained policy for API Gateway execution logging; it grants log writes only.',
    );
    for (const { route, method } of this.methods) {
      if (route.role !== 'none') {
        acknowledgeRule(
          method,
          'AwsSolutions-COG4',
          'Callers are DMIS services and auditors with AWS credentials: IAM (SigV4) authorisation, scoped per route by the AuditWriter/AuditReader roles.',
        );
      } else {
        const publicRoute =
          route.handler === 'health'
            ? `${routeKey(route)} is public by design (liveness): a mock integration that returns no audit data and calls no function.`
            : `${routeKey(route)} is public by design (the API description): a mock integration returns the OpenAPI document generated at synth from the schemas; it calls no function and reads no audit data.`;
        acknowledgeRule(method, 'AwsSolutions-APIG4', publicRoute);
        acknowledgeRule(method, 'AwsSolutions-COG4', publicRoute);
      }
    }
  }

  private addRoute(
    route: Route,
    props: AuditApiProps,
    validator: apigw.RequestValidator,
    bodyModel: apigw.IModel,
  ): apigw.Method {
    const resource = this.api.root.resourceForPath(route.path);
    if (route.handler === 'health' || route.handler === 'openapi') {
      const mock = route.handler === 'health' ? healthIntegration() : openApiIntegration();
      return resource.addMethod(route.method, mock, {
        authorizationType: apigw.AuthorizationType.NONE,
        methodResponses: [{ statusCode: '200' }],
      });
    }
    const integration = new apigw.LambdaIntegration(props.handlers[route.handler], { allowTestInvoke: false });
    return resource.addMethod(route.method, integration, {
      // Public routes are mocks (above): every route that runs a function is IAM-authorised.
      authorizationType: apigw.AuthorizationType.IAM,
      requestValidator: validator,
      requestParameters: pathParameters(route.path),
      ...('request' in route && 'body' in route.request ? { requestModels: { 'application/json': bodyModel } } : {}),
    });
  }
}
