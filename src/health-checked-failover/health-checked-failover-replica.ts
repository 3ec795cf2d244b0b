import { ApiMapping, DomainName, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { CnameRecord, HostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { regionalName } from './binding';
import { HEALTH_FUNCTION_MEMORY_MB, HEALTH_FUNCTION_TIMEOUT, REGIONAL_RECORD_TTL } from './defaults';
import { throttleHealthRoute } from './health-route';
import { HEALTH_HANDLER_SOURCE } from './health-source';
import { FailoverSettings, HttpsSettings } from './validation';
import { acknowledge, acknowledgeInlinePolicy, acknowledgeNoReservedConcurrency, regulatedFindings } from '../private/acknowledge';
import { AliasedKey } from '../private/alias-key';
import { declareInteractions, endpointInvoke } from '../private/interactions';
import { restrictInvokePermissionsToAccount } from '../private/invoke-permission';
import { encryptedLogGroup } from '../private/log-group';
import { FunctionReplica } from '../replicated-function/replicated-function-replica';
import { RegionalCell } from '../topology/regional-cell';

/**
 * What a `HealthCheckedFailover` creates in one regional cell: the service's custom domain (certificate, domain names,
 * API mappings), the cell's own DNS name, and (with HTTPS health checks) the deep health endpoint.
 */
export class FailoverCell extends Construct {
  /** @internal */
  public static _create(cell: RegionalCell, id: string, settings: FailoverSettings): FailoverCell {
    return new FailoverCell(cell, id, settings);
  }

  /** The region of this cell. */
  public readonly region: string;
  /** The cell (stack). */
  public readonly cell: RegionalCell;
  /** The cell's own name, `<region>.<recordName>`: what health checks request and records point to. */
  public readonly regionalName: string;
  /** The certificate for the service name and the cell's own name, validated in the hosted zone. */
  public readonly certificate: Certificate;
  /** The service name on this cell's endpoint. */
  public readonly domainName: DomainName;
  /** The cell's own name on this cell's endpoint. */
  public readonly regionalDomainName: DomainName;
  /** The deep health handler, with HTTPS health checks. */
  public readonly healthFunction?: LambdaFunction;
  /**
   * The alias of the health handler that the health path invokes, named like the service's alias (`live`), so a
   * drill can target the service and its health endpoint alike.
   */
  public readonly healthAlias?: Alias;

  private constructor(cell: RegionalCell, id: string, settings: FailoverSettings) {
    super(cell, id);
    this.cell = cell;
    this.region = cell.region;
    this.regionalName = regionalName(this.region, settings.recordName);
    const replica = settings.service.replica(this.region);
    const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: settings.hostedZoneId, zoneName: settings.zoneName });

    // One certificate per region: ACM certificates are regional, and so is an API's custom domain.
    this.certificate = new Certificate(this, 'Certificate', {
      domainName: settings.recordName,
      subjectAlternativeNames: [this.regionalName],
      validation: CertificateValidation.fromDns(zone),
    });
    this.domainName = this.mapDomain('DomainName', settings.recordName, replica);
    this.regionalDomainName = this.mapDomain('RegionalDomainName', this.regionalName, replica);
    new CnameRecord(this, 'RegionalRecord', {
      zone,
      recordName: this.regionalName,
      domainName: this.regionalDomainName.regionalDomainName,
      ttl: REGIONAL_RECORD_TTL,
      comment: `${settings.service.functionName} in ${this.region} (cdk-resilient-serverless)`,
    });

    const https = settings.check.https;
    if (https) {
      this.healthFunction = this.createHealthEndpoint(replica, settings, https);
      this.healthAlias = this.healthFunction.addAlias(replica.alias.aliasName);
      const integration = new HttpLambdaIntegration('HealthIntegration', this.healthAlias);
      this.healthRoute(replica, 'HealthRoute', https.resourcePath, integration);
      if (https.previousResourcePath) {
        this.healthRoute(replica, 'PreviousHealthRoute', https.previousResourcePath, integration);
      }
    }
  }

  /** `GET <resourcePath>` to the health handler, unsigned, with a token bucket of its own. */
  private healthRoute(replica: FunctionReplica, id: string, resourcePath: string, integration: HttpLambdaIntegration): void {
    const routeKey = HttpRouteKey.with(resourcePath, HttpMethod.GET);
    const endpoint = replica._requireEndpoint(this);
    const route = new HttpRoute(this, id, { httpApi: endpoint.api, routeKey, integration, authorizer: new HttpNoneAuthorizer() });
    throttleHealthRoute(endpoint.stage, route, routeKey.key);
    restrictInvokePermissionsToAccount(route);
    declareInteractions(this, endpointInvoke(endpoint.api, this.healthAlias!, `$default/GET${resourcePath}`));
    acknowledge(route, ['AwsSolutions-APIG4', 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check'],
      'Route 53 health checkers cannot sign requests; this one route, at a path with an unguessable token and with a ' +
      'throttle of its own, answers only healthy or unhealthy with timings, from a handler allowed nothing but ' +
      'reads (GetItem, Query) of the local table replicas, of which it makes one GetItem of a fixed key, and an ' +
      'invocation of the local service alias');
  }

  private mapDomain(id: string, name: string, replica: FunctionReplica): DomainName {
    const domain = new DomainName(this, id, { domainName: name, certificate: this.certificate, securityPolicy: SecurityPolicy.TLS_1_2 });
    const endpoint = replica._requireEndpoint(this);
    new ApiMapping(this, `${id}Mapping`, { api: endpoint.api, domainName: domain, stage: endpoint.stage });
    return domain;
  }

  private createHealthEndpoint(replica: FunctionReplica, settings: FailoverSettings, https: HttpsSettings): LambdaFunction {
    const functionName = settings.service.functionName;
    const role = new Role(this, 'HealthRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Deep health check of ${replica.node.id} in ${this.region}`,
    });
    const logGroup = encryptedLogGroup(this, 'HealthLogGroup', this.cell.encryptionKey, { logGroupName: `/aws/lambda/${settings.healthFunctionName}` }, role);
    const checks = settings.dependencies.map((store) => {
      const local = store.replica(this.region);
      // A GetItem of a fixed key reads the local replica (data plane) whether or not the item exists, and is the same
      // read the store's own uses most often make: its system-errors alarm gains no metric for it. Query stays allowed
      // for the update from the version whose handler read with Query: CloudFormation updates the role's policy before
      // the function (the function depends on it), and that handler serves until the alias moves. The other way round
      // (a rollback of that update, or a redeploy of that version, restores the Query-only policy first) the handler
      // reads with Query when GetItem is denied.
      local.table.grant(role, 'dynamodb:GetItem', 'dynamodb:Query');
      store._useOperationsIn(this.region, [Operation.GET_ITEM]);
      local.encryptionKey?.grantDecrypt(role);
      declareInteractions(this, {
        principal: role, actions: ['dynamodb:GetItem'], resource: local.table.tableArn, purpose: 'the health handler reads the local replica',
      }, ...(local.encryptionKey ? [{
        principal: role,
        actions: ['kms:Decrypt'],
        resource: local.encryptionKey.keyArn,
        context: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com`, ...AliasedKey.useContext(local.encryptionKey) },
        purpose: 'the health handler reads the local replica',
      }] : []));
      const { partitionKey, sortKey } = store._keySchema();
      const key = { [partitionKey.name]: partitionKey.type, ...(sortKey ? { [sortKey.name]: sortKey.type } : {}) };
      return { table: store.tableName, key };
    });
    const environment: Record<string, string> = {
      CHECKS: JSON.stringify(checks), TIMEOUT_MS: String(https.dependencyTimeoutMs), CACHE_MS: String(https.cacheMs),
    };
    if (https.serviceEvent) {
      // Deep means the service too: its local alias, with an event it answers cheaply.
      replica.alias.grantInvoke(role);
      declareInteractions(this, {
        principal: role, actions: ['lambda:InvokeFunction'], resource: replica.alias.functionArn, purpose: 'the health handler invokes the service',
      });
      Object.assign(environment, {
        SERVICE: replica.alias.functionArn,
        SERVICE_NAME: `${functionName}:${replica.alias.aliasName}`,
        SERVICE_EVENT: https.serviceEvent,
      });
    }
    const fn = new LambdaFunction(this, 'Health', {
      // A fixed name per region, for runbooks and drills that fail a cell on purpose.
      functionName: settings.healthFunctionName,
      description: `Answers ${https.path}/<token> for ${replica.node.id} in ${this.region}: 200 when its dependencies answer, else 503`,
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline(HEALTH_HANDLER_SOURCE),
      role,
      logGroup,
      memorySize: HEALTH_FUNCTION_MEMORY_MB,
      timeout: HEALTH_FUNCTION_TIMEOUT,
      // No X-Ray: Route 53's checkers call it about 1.6 times a second per cell at the fast interval, and tracing that
      // traffic cost more than the health checks themselves; the answer's body and the failure log say what failed.
      tracing: Tracing.DISABLED,
      environment,
    });

    acknowledgeInlinePolicy(role);
    acknowledge(fn, ['Serverless-LambdaTracing'],
      'The health handler answers Route 53\'s checkers every few hundred milliseconds: tracing them would cost more than ' +
      'the health checks, and its answer and its log name the dependency that failed');
    acknowledge(fn, ['Serverless-LambdaDLQ', 'Resilience-LambdaAsyncFailureDestination', ...regulatedFindings('LambdaDLQ')],
      'The health handler is only invoked synchronously by the endpoint; a failed health request is the signal itself');
    acknowledge(fn, ['cdk-validator-cfnguard::lambda_inside_vpc_check', ...regulatedFindings('LambdaInsideVPC')],
      'The health handler calls its own region\'s DynamoDB and Lambda endpoints; a VPC per cell would add regional dependencies to the health signal');
    acknowledgeNoReservedConcurrency(fn, 'Route 53\'s checkers call it every few seconds, and every request passes the ' +
      'route\'s own throttle, which bounds its concurrency');
    return fn;
  }
}
