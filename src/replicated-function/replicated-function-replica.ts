import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, MathExpression, Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Alias, Function as LambdaFunction, LayerVersion, Version } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { EndpointAuthorization } from './options';
import { createProbe } from './probe';
import { ReplicatedFunctionSettings } from './validation';
import { acknowledge, acknowledgeInlinePolicy, acknowledgeNoReservedConcurrency, regulatedFindings } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { functionParameterName } from '../private/discovery';
import { configError } from '../private/errors';
import { declareInteractions, endpointInvoke } from '../private/interactions';
import { restrictInvokePermissionsToAccount } from '../private/invoke-permission';
import { encryptedLogGroup } from '../private/log-group';
import { RegionalCell } from '../topology/regional-cell';

/** Structured (JSON) access logs with the $context variables HTTP APIs support. */
const HTTP_API_ACCESS_LOG_FORMAT = AccessLogFormat.custom(JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
}));

/**
 * The replica of a `ReplicatedFunction` in one regional cell: everything it creates in that region's stack.
 */
export class FunctionReplica extends Construct {
  /** @internal */
  public static _create(cell: RegionalCell, id: string, settings: ReplicatedFunctionSettings): FunctionReplica {
    return new FunctionReplica(cell, id, settings);
  }

  /** The region of this replica. */
  public readonly region: string;
  /** The cell (stack) this replica lives in. */
  public readonly cell: RegionalCell;
  /** The function. */
  public readonly function: LambdaFunction;
  /** The version published from the current configuration and code. */
  public readonly version: Version;
  /** The stable alias that callers, the endpoint and deployments use. */
  public readonly alias: Alias;
  /** The function's least-privilege execution role. */
  public readonly role: Role;
  /** The function's log group. */
  public readonly logGroup: LogGroup;
  /**
   * Where failed asynchronous events go: the queue the cell's replicated functions share (or `onFailureQueueName`'s).
   * The alias's on-failure destination sends a record that names the function (`requestContext.functionArn`) with the
   * error; the function's dead-letter queue setting, for unqualified invocations, sends the bare event with its
   * `RequestID`, `ErrorCode` and `ErrorMessage` attributes.
   */
  public readonly deadLetterQueue: IQueue;
  /** The CodeDeploy deployment group that shifts traffic to new versions and rolls back on alarms. */
  public readonly deploymentGroup: LambdaDeploymentGroup;
  /** Error rate of the alias at or above 1% for two consecutive minutes. Rolls deployments back. */
  public readonly errorsAlarm: Alarm;
  /** Any throttled invocation of the alias. Rolls deployments back. */
  public readonly throttlesAlarm: Alarm;
  /** p99 duration near the timeout for three consecutive minutes. */
  public readonly durationAlarm: Alarm;
  /**
   * Any message waiting in the dead-letter queue: the cell's one alarm on the queue its replicated functions share (or,
   * with `onFailureQueueName`, this function's alarm on that queue).
   */
  public readonly deadLetterAlarm: Alarm;
  /** The scheduled probe of this replica, when `probe` is set. */
  public readonly probeFunction?: LambdaFunction;
  /** The probe failed or reported nothing for two periods, when `probe` is set: the signal for an alarm-based health check. */
  public readonly probeAlarm?: Alarm;

  private readonly settings: ReplicatedFunctionSettings;
  private _endpoint?: { api: HttpApi; stage: HttpStage; url: string };

  private constructor(cell: RegionalCell, id: string, settings: ReplicatedFunctionSettings) {
    super(cell, id);
    this.settings = settings;
    this.cell = cell;
    this.region = cell.region;
    const name = settings.functionName;
    const provisioned = settings.provisionedConcurrencyByRegion[this.region];

    this.role = new Role(this, 'ServiceRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${name} in ${this.region}`,
    });

    // A role of our own gets no AWSLambdaBasicExecutionRole: it may write to this log group and nothing else.
    this.logGroup = encryptedLogGroup(this, 'LogGroup', logKey(cell, settings), {
      logGroupName: `/aws/lambda/${name}`,
      retention: settings.logRetention,
    }, this.role);

    // One dead-letter queue per cell, shared by its functions, unless the user names a queue of their own.
    const sharedDeadLetters = settings.onFailureQueueName === undefined ? cell._functionDeadLetters(settings.deadLetterRetention) : undefined;
    this.deadLetterQueue = sharedDeadLetters?.queue
      ?? Queue.fromQueueArn(this, 'OnFailureQueue', Stack.of(this).formatArn({ service: 'sqs', resource: settings.onFailureQueueName! }));

    this.function = new LambdaFunction(this, 'Function', {
      ...settings.lambdaOptions,
      functionName: name,
      runtime: settings.runtime,
      handler: settings.handler,
      code: settings.code._codeForCell(),
      role: this.role,
      logGroup: this.logGroup,
      // Unqualified invocations ($LATEST) have no EventInvokeConfig of their own (one resource less per function):
      // their failed events reach the same queue through the function's dead-letter queue setting, which needs no
      // resource. Lambda takes a dead-letter queue in addition to or instead of destinations; a dead-letter message
      // carries only the event (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
      deadLetterQueue: this.deadLetterQueue,
      timeout: settings.timeout,
      memorySize: settings.memorySize,
      reservedConcurrentExecutions: settings.reservedConcurrentExecutions,
      tracing: settings.tracing,
      layers: settings.layerArns.map((arn, i) =>
        LayerVersion.fromLayerVersionArn(this, `Layer${i}`, arn.replace('{region}', this.region))),
    });
    this.version = this.function.currentVersion;
    acknowledgeInlinePolicy(this.role);
    acknowledge(this.role, ['AwsSolutions-IAM5[Resource::*]'],
      'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions');
    // Asynchronous invocation settings are per qualifier: the alias has its own (below), with the retries, the event
    // age and an on-failure destination whose record names the function and the error.
    const asyncFailure = {
      retryAttempts: settings.retryAttempts,
      maxEventAge: settings.maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    };
    acknowledge(this.function, ['cdk-validator-cfnguard::lambda_inside_vpc_check', ...regulatedFindings('LambdaInsideVPC')],
      'VPC placement is not supported for replicated functions (vpc is refused at synth: a VPC lives in one region); a ' +
      'replica reaches the AWS services it is granted through their regional endpoints, with TLS and IAM-signed requests');
    if (settings.reservedConcurrentExecutions === undefined) {
      acknowledgeNoReservedConcurrency(this.function, 'Set reservedConcurrentExecutions to bound this function' +
        (settings.endpoint !== 'never' ? '; its endpoint\'s stage throttle, when it has one, bounds the request rate meanwhile' : ''));
    }

    this.alias = new Alias(this, 'Alias', {
      aliasName: settings.aliasName,
      version: this.version,
      ...asyncFailure,
      provisionedConcurrentExecutions: provisioned?.minCapacity,
    });
    // Lambda sends failed asynchronous events to the on-failure destination with the function's role.
    declareInteractions(this, {
      principal: this.role,
      actions: ['sqs:SendMessage'],
      resource: this.deadLetterQueue.queueArn,
      purpose: 'failed asynchronous events reach the dead-letter queue',
    });
    if (provisioned) {
      const pc = provisioned;
      this.alias.addAutoScaling({ minCapacity: pc.minCapacity, maxCapacity: pc.maxCapacity })
        .scaleOnUtilization({ utilizationTarget: pc.utilizationTarget });
    }

    const minute = Duration.minutes(1);
    // Named, so the cell's shared deployment role names them by literal ARNs, short enough for 40 and more aliases.
    const alarmName = (what: string): string => `${name}-${what}`;
    const alarmArn = (alarm: string): string => Stack.of(this).formatArn({
      service: 'cloudwatch', resource: 'alarm', resourceName: alarm, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.errorsAlarm = notifyingAlarm(this, 'ErrorsAlarm', cell.alarmTopic, {
      alarmName: alarmName('errors'),
      alarmDescription: `${name} in ${this.region}: 1% or more of invocations failed for 2 minutes`,
      metric: new MathExpression({
        // No invocations, no error rate (and no division by zero); Errors is FILLed, since a period may lack it.
        expression: 'IF(invocations > 0, 100 * FILL(errors, 0) / invocations, 0)',
        usingMetrics: {
          errors: this.metricErrors(),
          invocations: this.metricInvocations(),
        },
        period: minute,
        label: 'Error rate (%)',
      }),
      threshold: 1,
      evaluationPeriods: 2,
    });
    this.throttlesAlarm = notifyingAlarm(this, 'ThrottlesAlarm', cell.alarmTopic, {
      alarmName: alarmName('throttles'),
      alarmDescription: `${name} in ${this.region}: invocations throttled`,
      metric: this.metricThrottles(),
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.durationAlarm = notifyingAlarm(this, 'DurationAlarm', cell.alarmTopic, {
      alarmDescription: `${name} in ${this.region}: p99 duration at ${settings.durationAlarmRatio * 100}% of the timeout for 3 minutes`,
      metric: this.metricDuration(),
      threshold: settings.timeout.toMilliseconds() * settings.durationAlarmRatio,
      evaluationPeriods: 3,
    });
    this.deadLetterAlarm = sharedDeadLetters?.alarm ?? notifyingAlarm(this, 'DeadLetterAlarm', cell.alarmTopic, {
      alarmDescription: `${name} in ${this.region}: failed asynchronous events are waiting in the dead-letter queue`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // CodeDeploy shifts this alias only, and reads its two rollback alarms, with the role the cell's functions share.
    // Not aws-cdk-lib's default role: the AWSCodeDeployRoleForLambdaLimited policy it attaches lets any region's
    // deployments update every alias of the account. The alias is named by its literal ARN, not a Ref: the alias's
    // UpdatePolicy names the deployment group, which needs this role, so a Ref would close a dependency cycle
    // (alias -> deployment group -> role -> alias).
    const aliasArn = Stack.of(this).formatArn({
      service: 'lambda', resource: 'function', resourceName: `${name}:${settings.aliasName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const functionArn = Stack.of(this).formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const deployments = cell._functionDeployments;
    const deploymentRole = deployments.roleFor({
      aliasArn,
      functionArn,
      alarmArns: [alarmArn(alarmName('errors')), alarmArn(alarmName('throttles'))],
      what: `${name}:${settings.aliasName}`,
    });
    this.deploymentGroup = new LambdaDeploymentGroup(this, 'Deployment', {
      application: deployments.application,
      alias: this.alias,
      deploymentConfig: settings.deploymentConfig,
      alarms: [this.errorsAlarm, this.throttlesAlarm],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      // Immutable: the deployment group would attach the account-wide managed policy to it.
      role: deploymentRole.withoutPolicyUpdates(),
    });
    // Proved against both ARNs Lambda may authorize the alias actions on (see DeployedAlias.functionArn).
    declareInteractions(this, ...[this.alias.functionArn, this.function.functionArn].map((resource) => ({
      principal: deploymentRole,
      actions: ['lambda:GetAlias', 'lambda:UpdateAlias'],
      resource,
      purpose: 'CodeDeploy shifts the alias to a new version',
    })));

    if (settings.endpoint === 'always') this._requireEndpoint(this);

    if (settings.probe) {
      const probe = createProbe(this, cell, this.alias, name, settings.probe);
      this.probeFunction = probe.function;
      this.probeAlarm = probe.alarm;
    }

    new StringParameter(this, 'AliasArnParameter', {
      parameterName: functionParameterName(cell.topology.serviceName, id, 'alias-arn'),
      description: `Alias ARN of ${name} in ${this.region} (cdk-resilient-serverless)`,
      stringValue: this.alias.functionArn,
    });
  }

  /**
   * The regional HTTPS endpoint (an HTTP API in front of the alias), when the replica has one: with
   * `endpoint.enabled: true`, or once a `HealthCheckedFailover` fronts the function; undefined otherwise.
   */
  public get endpoint(): HttpApi | undefined {
    return this._endpoint?.api;
  }

  /** The endpoint's `$default` stage (auto-deployed, throttled, access-logged), when the replica has an endpoint. */
  public get endpointStage(): HttpStage | undefined {
    return this._endpoint?.stage;
  }

  /** The endpoint's URL (`https://<id>.execute-api.<region>.amazonaws.com/`), when the replica has an endpoint. */
  public get endpointUrl(): string | undefined {
    return this._endpoint?.url;
  }

  /**
   * The replica's endpoint, created on first use from the validated endpoint settings, with its discovery parameter
   * (`.../endpoint-url`): what fronts the function (a failover's custom domain and health route) asks for it here.
   *
   * @param requester what fronts the function, named in the error when the endpoint is disabled
   * @internal
   */
  public _requireEndpoint(requester: IConstruct): { api: HttpApi; stage: HttpStage; url: string } {
    if (this._endpoint) return this._endpoint;
    if (this.settings.endpoint === 'never') {
      throw configError(requester, {
        setting: 'service',
        value: this.node.path,
        problem: `'${requester.node.path}' fronts the function through its regional endpoint, and the function ` +
          `'${this.settings.functionName}' disables it (endpoint.enabled is false)`,
        allowed: 'a ReplicatedFunction whose endpoint is not disabled',
        fix: 'remove `endpoint: { enabled: false }` from the ReplicatedFunction, or front another function',
      });
    }
    const name = this.settings.functionName;
    const [api, stage] = this.createEndpoint(name, this.settings);
    this._endpoint = { api, stage, url: api.apiEndpoint + '/' };
    new StringParameter(this, 'EndpointUrlParameter', {
      parameterName: functionParameterName(this.cell.topology.serviceName, this.node.id, 'endpoint-url'),
      description: `Regional HTTPS endpoint of ${name} in ${this.region} (cdk-resilient-serverless)`,
      stringValue: this._endpoint.url,
    });
    return this._endpoint;
  }

  /** Errors of the alias (Sum per minute by default). */
  public metricErrors(props?: MetricOptions): Metric {
    return this.alias.metricErrors({ period: Duration.minutes(1), statistic: 'Sum', ...props });
  }

  /** Throttles of the alias (Sum per minute by default). */
  public metricThrottles(props?: MetricOptions): Metric {
    return this.alias.metricThrottles({ period: Duration.minutes(1), statistic: 'Sum', ...props });
  }

  /** Invocations of the alias (Sum per minute by default). */
  public metricInvocations(props?: MetricOptions): Metric {
    return this.alias.metricInvocations({ period: Duration.minutes(1), statistic: 'Sum', ...props });
  }

  /** Duration of the alias (p99 per minute by default). */
  public metricDuration(props?: MetricOptions): Metric {
    return this.alias.metricDuration({ period: Duration.minutes(1), statistic: 'p99', ...props });
  }

  private createEndpoint(name: string, settings: ReplicatedFunctionSettings): [HttpApi, HttpStage] {
    const api = new HttpApi(this, 'Endpoint', {
      apiName: `${name}-${this.region}`,
      description: `Regional HTTPS endpoint of ${name} in ${this.region}`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Integration', this.alias),
      defaultAuthorizer: settings.authorization === EndpointAuthorization.IAM ? new HttpIamAuthorizer() : undefined,
    });
    const accessLogs = encryptedLogGroup(this, 'EndpointAccessLogs', logKey(this.cell, settings), { retention: settings.logRetention });
    declareInteractions(this, endpointInvoke(api, this.alias, '$default/POST/'));
    const stage = new HttpStage(this, 'EndpointStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.rateLimit, burstLimit: settings.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: HTTP_API_ACCESS_LOG_FORMAT,
      },
    });
    restrictInvokePermissionsToAccount(api);
    return [api, stage];
  }
}

/** The key of a replica's log groups (function logs and endpoint access logs), unless the user turned encryption off. */
function logKey(cell: RegionalCell, settings: ReplicatedFunctionSettings): Key | undefined {
  return settings.logEncryption ? cell.encryptionKey : undefined;
}

