import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LambdaDeploymentConfig, TrafficRouting } from 'aws-cdk-lib/aws-codedeploy';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  EndpointAuthorization, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, snapshotOf, templates, testApp } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const HANDLER = 'exports.handler = async () => ({ statusCode: 200, body: "ok" });';

function topology(app: App = testApp()): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS });
}

function api(props: Partial<ReplicatedFunctionProps> = {}, scope: Construct = topology()): ReplicatedFunction {
  return new ReplicatedFunction(scope, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline(HANDLER),
    ...props,
  });
}

/**
 * The resources of one function replica in a cell's template, and those the cell's functions share, with everything
 * that legitimately differs between regions (the region name, the asset bucket) replaced, so replicas can be compared
 * for equality.
 */
function replicaConfiguration(template: any, region: string): any {
  const own = Object.fromEntries(Object.entries(template.Resources).filter(([id]) => /^(Api|FunctionDeployments|FunctionDeadLetters)/.test(id)));
  return JSON.parse(JSON.stringify(own).split(region).join('<region>'));
}

function replicaDifferences(app: App): string[] {
  const byStack = templates(app);
  const [reference, ...others] = REGIONS.map((region) => ({ region, config: replicaConfiguration(byStack[`Orders-${region}`], region) }));
  const differences: string[] = [];
  for (const other of others) {
    const ids = new Set([...Object.keys(reference.config), ...Object.keys(other.config)]);
    for (const id of ids) {
      if (JSON.stringify(reference.config[id]) !== JSON.stringify(other.config[id])) {
        differences.push(`${id} differs between ${reference.region} and ${other.region}`);
      }
    }
  }
  return differences;
}

describe('ReplicatedFunction', () => {
  test('creates an identical replica in every region: the replicas\' configurations do not differ', () => {
    const app = testApp();
    api({ reservedConcurrentExecutions: 50, environment: { STAGE: 'prod' }, endpoint: { enabled: true } }, topology(app));

    expect(replicaDifferences(app)).toEqual([]);
    expect(Object.keys(replicaConfiguration(templates(app)['Orders-us-east-1'], 'us-east-1')).length).toBeGreaterThan(20);
  });

  test('the replica comparison catches a replica that differs', () => {
    // GIVEN one replica changed behind the construct's back
    const app = testApp();
    const fn = api({}, topology(app));
    fn.replica('eu-west-1').function.addEnvironment('DRIFT', '1');

    // THEN the function differs, and so do the version it publishes and the alias pointing at it
    const differences = replicaDifferences(app);
    expect(differences).toContain('ApiFunction6BF808ED differs between us-east-1 and eu-west-1');
    expect(differences).toContain('ApiAlias58B2F8C6 differs between us-east-1 and eu-west-1');
    expect(differences.every((d) => d.endsWith('between us-east-1 and eu-west-1'))).toBe(true);
  });

  test('each replica: a function with safe defaults, a published version and a stable alias', () => {
    const fn = api();

    for (const region of REGIONS) {
      const template = Template.fromStack(fn.replica(region).cell);
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Orders-Api',
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ApiLogGroup') } },
      });
      template.resourceCountIs('AWS::Lambda::Version', 1);
      template.hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        FunctionVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiFunctionCurrentVersion'), 'Version'] },
      });
    }
    expect(fn.functionName).toBe('Orders-Api');
    expect(fn.aliasName).toBe('live');
  });

  test('asynchronous invocations of the alias and of the unqualified function retry, expire and land in an encrypted dead-letter queue', () => {
    const template = Template.fromStack(api().replica('us-west-2').cell);

    // One EventInvokeConfig, the alias's: retries, event age and an on-failure destination whose record names the function
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig');
    expect(Object.values<any>(configs).map((c) => typeof c.Properties.Qualifier === 'string' ? c.Properties.Qualifier : 'alias').sort())
      .toEqual(['alias']);
    for (const config of Object.values<any>(configs)) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^FunctionDeadLettersQueue/), 'Arn'] } } },
      });
    }
    // Unqualified ($LATEST) invocations: the function's dead-letter queue setting, to the same queue (no resource)
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Orders-Api',
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FunctionDeadLettersQueue'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('sends failed events to a queue of the user\'s, by name, in each region', () => {
    const fn = api({ onFailureQueueName: 'orders-failures', retryAttempts: 0, maxEventAge: Duration.minutes(5) });

    const template = Template.fromStack(fn.replica('eu-west-1').cell);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig', {
      Properties: {
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 300,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:eu-west-1:${TEST_ACCOUNT}:orders-failures` } },
      },
    });
    expect(Object.keys(configs)).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: `arn:aws:sqs:eu-west-1:${TEST_ACCOUNT}:orders-failures` },
    });
  });

  test('the role may write its own log group, trace, and send to its dead-letter queue, and nothing else', () => {
    const template = Template.fromStack(api().replica('us-east-1').cell);

    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ApiServiceRole') }] } });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((s: any) => [[s.Action].flat().sort(), s.Resource])).toEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [expect.stringMatching(/^ApiLogGroup/), 'Arn'] }],
      [['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], { 'Fn::GetAtt': [expect.stringMatching(/^FunctionDeadLettersQueue/), 'Arn'] }],
      [['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], '*'],
    ]);
  });

  test('logs go to an explicit log group kept a year, encrypted with the cell\'s key', () => {
    const fn = api();
    const template = Template.fromStack(fn.replica('us-east-1').cell);

    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/Orders-Api',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EncryptionKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('a regional HTTPS endpoint with IAM authorization and a token-bucket throttle', () => {
    const fn = api({ endpoint: { enabled: true, throttlingRateLimit: 50, throttlingBurstLimit: 80 } });
    const template = Template.fromStack(fn.replica('us-west-2').cell);

    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Orders-Api-us-west-2', ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default', AuthorizationType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { Ref: Match.stringLikeRegexp('^ApiAlias') },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 },
      AccessLogSettings: { Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"') },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      SourceAccount: TEST_ACCOUNT,
      FunctionName: { Ref: Match.stringLikeRegexp('^ApiAlias') },
    });
    expect(fn.replica('us-west-2').endpointUrl).toBeDefined();
  });

  test('an endpoint open to anyone, or none at all', () => {
    Template.fromStack(api({ endpoint: { enabled: true, authorization: EndpointAuthorization.NONE } }).replica('us-east-1').cell)
      .hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'NONE' });

    // By default, only what fronts the function (a HealthCheckedFailover) creates the endpoint
    const unfronted = api();
    const plain = Template.fromStack(unfronted.replica('us-east-1').cell);
    plain.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    plain.resourcePropertiesCountIs('AWS::SSM::Parameter', { Name: '/cdk-resilient-serverless/Orders/functions/Api/endpoint-url' }, 0);
    expect(unfronted.replica('us-east-1').endpoint).toBeUndefined();

    const without = api({ endpoint: { enabled: false } });
    const template = Template.fromStack(without.replica('us-east-1').cell);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    template.resourcePropertiesCountIs('AWS::SSM::Parameter', { Name: '/cdk-resilient-serverless/Orders/functions/Api/endpoint-url' }, 0);
    expect(without.replica('us-east-1').endpointUrl).toBeUndefined();
  });

  test('a CodeDeploy canary in every region that rolls back on the errors and throttles alarms', () => {
    const template = Template.fromStack(api().replica('eu-west-1').cell);

    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      AlarmConfiguration: {
        Enabled: true,
        Alarms: [{ Name: { Ref: Match.stringLikeRegexp('^ApiErrorsAlarm') } }, { Name: { Ref: Match.stringLikeRegexp('^ApiThrottlesAlarm') } }],
      },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'] },
    });
    template.hasResource('AWS::Lambda::Alias', { UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.anyValue() } });
  });

  test('takes a linear or all-at-once deployment instead', () => {
    Template.fromStack(api({ deploymentConfig: LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE }).replica('us-east-1').cell)
      .hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' });
  });

  test('alarms in each region on errors, throttles, p99 duration near the timeout and dead letters, notifying the cell\'s topic', () => {
    const fn = api({ timeout: Duration.seconds(30) });
    const template = Template.fromStack(fn.replica('us-west-2').cell);
    const topic = { Ref: Match.stringLikeRegexp('^AlarmTopic') };

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(invocations > 0, 100 * FILL(errors, 0) / invocations, 0)' })]),
      Threshold: 1,
      EvaluationPeriods: 2,
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Threshold: 1, AlarmActions: [topic] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: 24000, EvaluationPeriods: 3, AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1, AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(fn.metricErrors('us-west-2').dimensions).toEqual({ FunctionName: expect.any(String), Resource: expect.any(String) });
    expect(fn.metricDuration('us-west-2').statistic).toBe('p99');
  });

  test('provisioned concurrency with autoscaling on utilization', () => {
    const template = Template.fromStack(api({
      reservedConcurrentExecutions: 20,
      provisionedConcurrency: { minCapacity: 2, maxCapacity: 10 },
    }).replica('us-east-1').cell);

    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 20 });
    template.hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2, MaxCapacity: 10, ScalableDimension: 'lambda:function:ProvisionedConcurrency',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 0.7 },
    });
  });

  test('uses a layer given by ARN from each replica\'s own region', () => {
    const t = topology();
    const layer = LayerVersion.fromLayerVersionArn(t.primaryCell, 'Powertools',
      'arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:40');
    const fn = api({ layers: [layer] }, t);

    for (const region of REGIONS) {
      Template.fromStack(fn.replica(region).cell).hasResourceProperties('AWS::Lambda::Function', {
        Layers: [`arn:aws:lambda:${region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:40`],
      });
    }
  });

  test('publishes the alias ARN and endpoint URL under deterministic names in every region', () => {
    const fn = api({ endpoint: { enabled: true } });

    for (const region of REGIONS) {
      const template = Template.fromStack(fn.replica(region).cell);
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/cdk-resilient-serverless/Orders/functions/Api/alias-arn',
        Value: { Ref: Match.stringLikeRegexp('^ApiAlias') },
      });
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-resilient-serverless/Orders/functions/Api/endpoint-url' });
    }
  });

  test('grants reach every replica: a replicated grantee may invoke the alias in its own region only', () => {
    const t = topology();
    const target = api({}, t);
    const caller = new ReplicatedFunction(t, 'Caller', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline(HANDLER) });

    target.grantInvoke(caller);
    target.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:*:*:parameter/orders/*'] }));

    for (const region of REGIONS) {
      const template = Template.fromStack(t.cell(region));
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^CallerServiceRole') }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { Ref: Match.stringLikeRegexp('^ApiAlias') } })]) },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^ApiServiceRole') }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ssm:GetParameter' })]) },
      });
    }
    expect(caller.grantPrincipalIn('us-west-2')).toBe(caller.replica('us-west-2').role);
  });

  test('honours the alias name, retention periods, log encryption and duration alarm ratio it is given', () => {
    const fn = api({
      aliasName: 'prod',
      deadLetterRetention: Duration.days(4),
      logGroupRetention: RetentionDays.ONE_MONTH,
      logGroupEncryption: false,
      durationAlarmRatio: 0.5,
      timeout: Duration.seconds(20),
      architecture: Architecture.ARM_64,
    });
    const template = Template.fromStack(fn.replica('us-east-1').cell);

    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'prod' });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/Orders-Api', RetentionInDays: 30, KmsKeyId: Match.absent() });
    // The cell's key still encrypts the alarm topic.
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: 10000 });
    template.hasResourceProperties('AWS::Lambda::Function', { Architectures: ['arm64'], Timeout: 20 });
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation, each acknowledgement with its reason', () => {
    const app = testApp();
    api({ provisionedConcurrency: { minCapacity: 1, maxCapacity: 4 } }, topology(app));

    const report = expectNoUnacknowledgedFindings(app);
    expect([...new Set(report.findings.map((f) => f.id))].sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'HIPAA.Security-IAMNoInlinePolicy',
      'HIPAA.Security-LambdaConcurrency',
      'HIPAA.Security-LambdaInsideVPC',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaInsideVPC',
      'PCI.DSS.321-IAMNoInlinePolicy',
      'PCI.DSS.321-LambdaInsideVPC',
      'Serverless-SQSRedrivePolicy',
      'cdk-validator-cfnguard::lambda_inside_vpc_check',
      'cdk-validator-cfnguard::sqs_dlq_check',
    ]);
  });

  test('matches the snapshot', () => {
    const app = testApp();
    api({}, topology(app));

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});

describe('ReplicatedFunction bad input', () => {
  test('fails when the timeout is over 15 minutes', () => {
    expect(() => api({ timeout: Duration.minutes(16) })).toThrow(
      /\[Orders\/Api\] invalid timeout Duration\.minutes\(16\): the duration is longer than 15 minutes \(Lambda .* stops every invocation at 15 minutes\)\. Allowed: a whole number of seconds from 1 second to 15 minutes\. Fix: .*shorten the timeout/,
    );
  });

  test('fails when the memory is outside Lambda\'s range', () => {
    expect(() => api({ memorySize: 64 })).toThrow(/\[Orders\/Api\] invalid memorySize 64: .*Allowed: a whole number of MB from 128 to 10240/);
    expect(() => api({ memorySize: 10241 })).toThrow(/invalid memorySize 10241/);
  });

  test('fails when provisioned concurrency is above reserved concurrency', () => {
    expect(() => api({ reservedConcurrentExecutions: 5, provisionedConcurrency: { minCapacity: 2, maxCapacity: 8 } })).toThrow(
      /\[Orders\/Api\] invalid provisionedConcurrency\.maxCapacity 8: provisioned concurrency is carved out of the reserved concurrency \(5\).*Fix: lower maxCapacity/,
    );
    expect(() => api({ provisionedConcurrency: { minCapacity: 5, maxCapacity: 2 } })).toThrow(/invalid provisionedConcurrency .*1 <= minCapacity <= maxCapacity/);
    expect(() => api({ provisionedConcurrency: { minCapacity: 1, utilizationTarget: 0.95 } })).toThrow(/invalid provisionedConcurrency\.utilizationTarget 0\.95/);
  });

  test('fails when asked for a region outside the topology', () => {
    expect(() => api().replica('ap-south-1')).toThrow(/\[Orders\] invalid region 'ap-south-1': the topology has no cell in this region/);
    expect(() => api().metricErrors('sa-east-1')).toThrow(/invalid region 'sa-east-1'/);
  });

  test('fails when the runtime is deprecated', () => {
    expect(() => api({ runtime: Runtime.NODEJS_16_X })).toThrow(
      /\[Orders\/Api\] invalid runtime 'nodejs16\.x': AWS Lambda no longer supports this runtime.*Fix: upgrade the runtime/,
    );
    expect(() => api({ runtime: new Runtime('python3.8') })).toThrow(/invalid runtime 'python3\.8'/);
  });

  test('fails when a prop names an object of one region, and says what to use instead', () => {
    const t = topology();
    const role = new Role(t.primaryCell, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    expect(() => api({ role }, t)).toThrow(
      /\[Orders\/Api\] invalid role '<aws_iam\.Role at Orders\/us-east-1\/Role>': it names an object that lives in one region.*Fix: remove `role`: each replica gets its own least-privilege role/,
    );
    const queue = new Queue(t.primaryCell, 'Dlq');
    expect(() => new ReplicatedFunction(t, 'Other', { runtime: Runtime.NODEJS_24_X, handler: 'i.h', code: ReplicatedCode.fromInline(HANDLER), deadLetterQueue: queue }))
      .toThrow(/invalid deadLetterQueue .*pass onFailureQueueName/);
  });

  test('fails when a layer is a resource of one stack', () => {
    const t = topology();
    const layer = new LayerVersion(t.primaryCell, 'Layer', { code: Code.fromAsset(__dirname) });
    expect(() => api({ layers: [layer] }, t)).toThrow(/invalid layers\[0\] .*the layer is a resource in one stack/);
  });

  test('fails when a custom deployment configuration is given', () => {
    const t = topology();
    const custom = new LambdaDeploymentConfig(t.primaryCell, 'Custom', {
      trafficRouting: TrafficRouting.timeBasedLinear({ interval: Duration.minutes(1), percentage: 10 }),
    });
    expect(() => api({ deploymentConfig: custom }, t)).toThrow(/invalid deploymentConfig .*a custom deployment configuration is a resource in one region/);
  });

  test('fails when the throttle is not a token bucket', () => {
    expect(() => api({ endpoint: { throttlingRateLimit: 0 } })).toThrow(/invalid endpoint\.throttlingRateLimit 0: the value is below 1 \(a token bucket needs/);
    expect(() => api({ endpoint: { throttlingBurstLimit: 2.5 } })).toThrow(/invalid endpoint\.throttlingBurstLimit 2\.5/);
  });

  test('fails when the duration alarm ratio is not a fraction of the timeout', () => {
    expect(() => api({ durationAlarmRatio: 1.5 })).toThrow(/\[Orders\/Api\] invalid durationAlarmRatio 1\.5: .*Allowed: a number above 0 and at most 1/);
  });

  test('fails when the function or alias name is not valid in Lambda', () => {
    expect(() => api({ functionName: 'x'.repeat(65) })).toThrow(/invalid functionName 'x{65}'.*1 to 64 characters/);
    expect(() => api({ aliasName: '123' })).toThrow(/invalid aliasName '123'/);
  });

  test('fails when it is not inside a topology', () => {
    const app = testApp();
    expect(() => api({}, new Stack(app, 'Plain'))).toThrow(/\[Plain\/Api\] invalid scope 'Plain\/Api': this construct is not inside a MultiRegionTopology/);
  });
});
