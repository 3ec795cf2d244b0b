import { Duration, Size } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { Architecture, LayerVersion, Runtime, SnapStartConf, Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EndpointAuthorization, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps } from '../../src';
import { TEST_ACCOUNT, testApp } from '../harness';

const REGIONS = ['us-east-1', 'ap-southeast-2'];
const HANDLER = 'exports.handler = async () => ({ statusCode: 200, body: "ok" });';
/** Every message names the construct, the setting and its value, the problem, what is allowed and the fix. */
const FORMAT = /^\[Orders\/Api\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(): MultiRegionTopology {
  return new MultiRegionTopology(testApp(), 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS });
}

function api(props: Partial<ReplicatedFunctionProps> = {}, id = 'Api'): ReplicatedFunction {
  return new ReplicatedFunction(topology(), id, {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline(HANDLER),
    ...props,
  });
}

function layers(count: number): LayerVersion[] {
  const t = topology();
  return Array.from({ length: count }, (_, i) =>
    LayerVersion.fromLayerVersionArn(t.primaryCell, `Layer${i}`, `arn:aws:lambda:us-east-1:123456789012:layer:l${i}:1`) as LayerVersion);
}

describe('ReplicatedFunction refuses bad input at synth, in its own words', () => {
  test.each<[string, Partial<ReplicatedFunctionProps>, RegExp]>([
    // numbers and durations: NaN, Infinity, 0, negative, fractions, out of the service's range
    ['the timeout is 0', { timeout: Duration.seconds(0) },
      /invalid timeout Duration\.seconds\(0\): the duration is shorter than 1 second .*Allowed: a whole number of seconds from 1 second to 15 minutes\. Fix: set a timeout of whole seconds/],
    ['the timeout is not whole seconds', { timeout: Duration.millis(1500) },
      /invalid timeout Duration\.millis\(1500\): the service counts whole seconds, and this is 1\.5 seconds .*Allowed: a whole number of seconds/],
    ['the timeout is NaN', { timeout: Duration.seconds(NaN) }, /invalid timeout Duration\.seconds\(NaN\): the duration must be finite/],
    ['the timeout is over 15 minutes', { timeout: Duration.seconds(901) }, /invalid timeout Duration\.seconds\(901\): the duration is longer than 15 minutes/],
    ['the memory is NaN', { memorySize: NaN }, /invalid memorySize NaN: a number is required \(Lambda's memory range\)\. Allowed: a whole number of MB from 128 to 10240\. Fix: set memorySize/],
    ['the memory is a fraction', { memorySize: 256.5 }, /invalid memorySize 256\.5: a whole number is required/],
    ['the memory is below 128 MB', { memorySize: 127 }, /invalid memorySize 127: the value is below 128/],
    ['the memory is Infinity', { memorySize: Infinity }, /invalid memorySize Infinity: the value must be finite/],
    ['reserved concurrency is negative', { reservedConcurrentExecutions: -1 },
      /invalid reservedConcurrentExecutions -1: the value is below 0 \(Lambda reserves whole executions; 0 stops the function\)\. Allowed: a whole number of concurrent executions of at least 0/],
    ['reserved concurrency is a fraction', { reservedConcurrentExecutions: 1.5 }, /invalid reservedConcurrentExecutions 1\.5: a whole number is required/],
    ['provisioned concurrency is 0', { provisionedConcurrency: { minCapacity: 0 } }, /invalid provisionedConcurrency\.minCapacity 0: the value is below 1/],
    ['provisioned concurrency is a fraction', { provisionedConcurrency: { minCapacity: 1.5 } }, /invalid provisionedConcurrency\.minCapacity 1\.5: a whole number is required/],
    ['provisioned concurrency grows to Infinity', { provisionedConcurrency: { minCapacity: 1, maxCapacity: Infinity } },
      /invalid provisionedConcurrency\.maxCapacity Infinity: the value must be finite/],
    ['the utilization target is NaN', { provisionedConcurrency: { minCapacity: 1, utilizationTarget: NaN } },
      /invalid provisionedConcurrency\.utilizationTarget NaN: a number is required .*Allowed: a number from 0\.1 to 0\.9/],
    ['the rate limit is NaN', { endpoint: { throttlingRateLimit: NaN } }, /invalid endpoint\.throttlingRateLimit NaN: a number is required \(a token bucket/],
    ['the rate limit is negative', { endpoint: { throttlingRateLimit: -5 } }, /invalid endpoint\.throttlingRateLimit -5: the value is below 1/],
    ['the burst limit is 0', { endpoint: { throttlingBurstLimit: 0 } }, /invalid endpoint\.throttlingBurstLimit 0: the value is below 1 .*Allowed: a whole number of requests of at least 1/],
    ['the burst limit is Infinity', { endpoint: { throttlingBurstLimit: Infinity } }, /invalid endpoint\.throttlingBurstLimit Infinity: the value must be finite/],
    ['the duration alarm ratio is NaN', { durationAlarmRatio: NaN }, /invalid durationAlarmRatio NaN: the p99 duration alarm fires at this fraction of the timeout\. Allowed: a number above 0 and at most 1/],
    ['the duration alarm ratio is 0', { durationAlarmRatio: 0 }, /invalid durationAlarmRatio 0: the p99 duration alarm/],
    ['the log retention is not one CloudWatch Logs accepts', { logGroupRetention: 45 as RetentionDays },
      /invalid logGroupRetention 45: CloudWatch Logs keeps logs for fixed periods only\. Allowed: one of 1, 3, 5, 7, 14, 30, .*9999\. Fix: use a RetentionDays value/],
    ['the dead-letter retention is under SQS\'s minute', { deadLetterRetention: Duration.seconds(59) },
      /invalid deadLetterRetention Duration\.seconds\(59\): the duration is shorter than 1 minute \(SQS keeps a message from 60 seconds to 14 days\)/],
    ['the dead-letter retention is over 14 days', { deadLetterRetention: Duration.days(15) }, /invalid deadLetterRetention Duration\.days\(15\): the duration is longer than 14 days/],
    ['the dead-letter retention is not whole seconds', { deadLetterRetention: Duration.millis(60_500) },
      /invalid deadLetterRetention Duration\.millis\(60500\): the service counts whole seconds, and this is 60\.5 seconds/],
    ['a dead-letter retention is given for the user\'s own queue', { onFailureQueueName: 'failures', deadLetterRetention: Duration.days(4) },
      /invalid deadLetterRetention Duration\.days\(4\): it sets the retention of the dead-letter queue this construct creates.*Fix: remove deadLetterRetention/],
    ['the probe interval is 0', { probe: { interval: Duration.minutes(0) } }, /invalid probe\.interval Duration\.minutes\(0\): the duration is shorter than 1 minute/],
    ['the probe interval is not whole minutes', { probe: { interval: Duration.seconds(90) } },
      /invalid probe\.interval Duration\.seconds\(90\): the service counts whole minutes, and this is 1\.5 minutes/],
    ['the probe interval is longer than the alarm can evaluate', { probe: { interval: Duration.hours(13) } },
      /invalid probe\.interval Duration\.hours\(13\): the duration is longer than 12 hours .*one-day evaluation/],
    ['the probe payload is too large for the probe\'s environment', { probe: { payload: JSON.stringify({ pad: 'x'.repeat(2100) }) } },
      /invalid probe\.payload '\{"pad":"x+"\}': the payload has 2110 characters, and it travels in the probe function's environment \(4 KB in all\)\. Allowed: a JSON document of at most 2048 characters/],
    ['retries are more than Lambda makes', { retryAttempts: 3 },
      /invalid retryAttempts 3: the value is above 2 \(Lambda retries a failed asynchronous event at most twice\)\. Allowed: a whole number of retries from 0 to 2/],
    ['retries are negative', { retryAttempts: -1 }, /invalid retryAttempts -1: the value is below 0/],
    ['retries are a fraction', { retryAttempts: 1.5 }, /invalid retryAttempts 1\.5: a whole number is required/],
    ['the maximum event age is under a minute', { maxEventAge: Duration.seconds(59) },
      /invalid maxEventAge Duration\.seconds\(59\): the duration is shorter than 1 minute \(Lambda keeps an asynchronous event from 60 seconds to 6 hours\)/],
    ['the maximum event age is over 6 hours', { maxEventAge: Duration.hours(7) }, /invalid maxEventAge Duration\.hours\(7\): the duration is longer than 6 hours/],
    ['the ephemeral storage is under 512 MiB', { ephemeralStorageSize: Size.mebibytes(511) },
      /invalid ephemeralStorageSize Size\.mebibytes\(511\): the size is below 512 mebibytes \(Lambda's \/tmp is 512 MiB to 10,240 MiB\)\. Allowed: a whole number of mebibytes from 512 to 10240/],
    ['the ephemeral storage is over 10240 MiB', { ephemeralStorageSize: Size.gibibytes(11) }, /invalid ephemeralStorageSize Size\.gibibytes\(11\): the size is above 10240 mebibytes/],
    ['the ephemeral storage is not whole MiB', { ephemeralStorageSize: Size.kibibytes(600_000) },
      /invalid ephemeralStorageSize Size\.kibibytes\(600000\): the service counts whole mebibytes/],
    ['the durable execution timeout is 0', { durableConfig: { executionTimeout: Duration.seconds(0) } },
      /invalid durableConfig\.executionTimeout Duration\.seconds\(0\): the duration is shorter than 1 second/],
    ['the durable retention is over 90 days', { durableConfig: { executionTimeout: Duration.hours(1), retentionPeriod: Duration.days(91) } },
      /invalid durableConfig\.retentionPeriod Duration\.days\(91\): the duration is longer than 90 days/],

    // names, with every name derived from them
    ['the function name has a character Lambda refuses', { functionName: 'orders.api' },
      /invalid functionName 'orders\.api': the name may only contain letters, digits, hyphens and underscores\. Allowed: letters, digits, hyphens and underscores, 1 to 64 characters/],
    ['the function name is empty', { functionName: '' }, /invalid functionName '': a name is required/],
    ['the probe function name derived from it would pass 64 characters', { functionName: 'x'.repeat(59), probe: {} },
      /invalid functionName 'x{59}': the probe function name 'x{59}-probe' would have 65 characters, over its limit of 64\. Allowed: .*1 to 58 characters\. Fix: shorten functionName to 58 characters or fewer/],
    ['the alias name has a character Lambda refuses', { aliasName: 'v1.2' }, /invalid aliasName 'v1\.2': the name may only contain letters, digits, hyphens and underscores, not only digits/],
    ['the failure queue is given by ARN', { onFailureQueueName: 'arn:aws:sqs:us-east-1:123456789012:failures' },
      /invalid onFailureQueueName 'arn:aws:sqs:us-east-1:123456789012:failures': it is an ARN, and the queue is named once for every region.*Allowed: the queue's name only.*Fix: pass the name: onFailureQueueName: 'failures'/],
    ['the failure queue is given by URL', { onFailureQueueName: 'https://sqs.us-east-1.amazonaws.com/123456789012/failures' },
      /invalid onFailureQueueName 'https:\/\/sqs\..*': it is a URL.*Fix: pass the name: onFailureQueueName: 'failures'/],
    ['the failure queue is a FIFO queue', { onFailureQueueName: 'failures.fifo' },
      /invalid onFailureQueueName 'failures\.fifo': Lambda sends failed asynchronous events to standard queues only/],
    ['the failure queue name has characters SQS refuses', { onFailureQueueName: 'failures!' },
      /invalid onFailureQueueName 'failures!': the name may only contain letters, digits, hyphens and underscores\. Allowed: .*1 to 80 characters/],
    ['the failure queue name is over 80 characters', { onFailureQueueName: 'q'.repeat(81) }, /invalid onFailureQueueName 'q{81}': the name has 81 characters/],

    // values only the deploy (or aws-cdk-lib, about a resource the user never declared) would refuse
    ['an environment name starts with a digit', { environment: { '1STAGE': 'prod' } },
      /invalid environment key '1STAGE': Lambda takes variable names of a letter followed by letters, digits and underscores\. Allowed: a name matching/],
    ['an environment name has a hyphen', { environment: { 'MY-STAGE': 'prod' } }, /invalid environment key 'MY-STAGE'/],
    ['an environment name is one letter', { environment: { X: '1' } }, /invalid environment key 'X'/],
    ['an environment name is reserved by Lambda', { environment: { AWS_REGION: 'eu-west-1' } },
      /invalid environment key 'AWS_REGION': Lambda sets this variable itself and refuses it.*Fix: remove it \(read it at run time/],
    ['an environment value is not a string', { environment: { PORT: 8080 as unknown as string } }, /invalid environment\.PORT 8080: Lambda environment values are strings/],
    ['the environment is over 4 KB', { environment: { BIG: 'x'.repeat(4094) } },
      /invalid environment '<1 variables, 4097 bytes>': Lambda holds at most 4096 bytes of environment variables.*Fix: move large values to SSM Parameter Store/],
    ['inline code is given for a Java runtime', { runtime: Runtime.JAVA_21 },
      /invalid code 'ReplicatedCode\.fromInline\(\.\.\.\)': Lambda takes inline code for Node\.js and Python runtimes only, and the runtime is java21\. Allowed: ReplicatedCode\.fromAsset/],
    ['inline code is given for an OS-only runtime', { runtime: Runtime.PROVIDED_AL2023 }, /invalid code .*the runtime is provided\.al2023/],
    ['inline code is given for a .NET runtime', { runtime: Runtime.DOTNET_8 }, /invalid code .*the runtime is dotnet8/],
    ['the inline code is empty', { code: ReplicatedCode.fromInline('') }, /invalid code 'ReplicatedCode\.fromInline\(''\)': the inline code is empty/],
    ['the code asset does not exist', { code: ReplicatedCode.fromAsset('/nonexistent/handler') },
      /invalid code 'ReplicatedCode\.fromAsset\('\/nonexistent\/handler'\)': there is nothing at \/nonexistent\/handler .*Allowed: an existing directory, or a \.zip or \.jar file/],
    ['the code asset is a file that is not an archive', { code: ReplicatedCode.fromAsset(__filename) },
      /invalid code 'ReplicatedCode\.fromAsset\('.*bad-input\.test\.ts'\)': the asset is a file that is not an archive/],
    ['the handler is empty', { handler: '' }, /invalid handler '': a handler is required\. Allowed: 1 to 128 characters without whitespace/],
    ['the handler has whitespace', { handler: 'index handler' }, /invalid handler 'index handler': Lambda handlers contain no whitespace/],
    ['the handler is over 128 characters', { handler: `index.${'h'.repeat(123)}` }, /invalid handler 'index\.h+': the handler has 129 characters/],
    ['the runtime is a container image', { runtime: Runtime.FROM_IMAGE },
      /invalid runtime 'FROM_IMAGE': a replicated function deploys code from a ReplicatedCode, not a container image/],
    ['the description is over 256 characters', { description: 'd'.repeat(257) }, /invalid description 'd{257}': the description has 257 characters/],
    ['a VPC-only option is given without a VPC', { allowAllOutbound: true },
      /invalid allowAllOutbound true: it configures VPC networking, and replicated functions are not placed in a VPC.*Fix: remove `allowAllOutbound`/],
    ['SnapStart is asked of a runtime without it', { snapStart: SnapStartConf.ON_PUBLISHED_VERSIONS },
      /invalid snapStart '<SnapStartConf>': Lambda SnapStart does not support the runtime nodejs24\.x/],
    ['profiling is asked of a runtime without it', { profiling: true }, /invalid profiling true: CodeGuru Profiler does not support the runtime nodejs24\.x/],
    // Settings the rest of the configuration makes do nothing.
    ['a utilization target is set without autoscaling', { provisionedConcurrency: { minCapacity: 2, utilizationTarget: 0.5 } },
      /invalid provisionedConcurrency\.utilizationTarget 0\.5: it does nothing: autoscaling needs maxCapacity above minCapacity, and both are 2\. Allowed: .*\. Fix: remove utilizationTarget, or set maxCapacity above minCapacity\./],
    ['the endpoint is disabled and its authorization set', { endpoint: { enabled: false, authorization: EndpointAuthorization.NONE } },
      /invalid endpoint\.authorization 'NONE': it does nothing: the endpoint is disabled \(endpoint\.enabled is false\)\. Allowed: no value while the endpoint is disabled\. Fix: remove endpoint\.authorization, or enable the endpoint\./],
    ['the endpoint is disabled and its throttling set', { endpoint: { enabled: false, throttlingRateLimit: 5 } },
      /invalid endpoint\.throttlingRateLimit 5: it does nothing: the endpoint is disabled/],
    ['the endpoint is disabled and its burst set', { endpoint: { enabled: false, throttlingBurstLimit: 5 } },
      /invalid endpoint\.throttlingBurstLimit 5: it does nothing: the endpoint is disabled/],
    // Values the deploy would reject, or that used to crash.
    ['the deployment configuration is a plain object', { deploymentConfig: { deploymentConfigName: 'Mine', deploymentConfigArn: 'arn:x' } as any },
      /invalid deploymentConfig \{ deploymentConfigName: 'Mine', deploymentConfigArn: 'arn:x' \}: it is not a LambdaDeploymentConfig\. Allowed: a predefined LambdaDeploymentConfig/],
    ['the tracing mode is unknown', { tracing: 'Sometimes' as any },
      /invalid tracing 'Sometimes': Lambda traces in these modes only\. Allowed: one of Active, PassThrough, Disabled\. Fix: use a Tracing value/],
    ['the architecture is unknown', { architecture: { name: 'riscv' } as any },
      /invalid architecture 'riscv': Lambda runs these instruction sets only\. Allowed: one of x86_64, arm64\. Fix: use Architecture\.X86_64 or Architecture\.ARM_64\./],
  ])('fails when %s', (_, props, message) => {
    expect(() => api(props)).toThrow(message);
    expect(() => api(props)).toThrow(FORMAT);
  });

  test('fails when there are more layers than Lambda runs, counting the layers aws-cdk-lib adds', () => {
    expect(() => api({ layers: layers(6) })).toThrow(/\[Orders\/Api\] invalid layers \[.*\]: the list has 6 items \(Lambda runs at most 5 layers/);
  });

  test('fails when the default name <serviceName>-<id> is too long, and says where it comes from', () => {
    expect(() => api({}, 'A'.repeat(60))).toThrow(
      /\[Orders\/A{60}\] invalid functionName 'Orders-A{60}': the name has 67 characters\. .*Fix: shorten functionName to 64 characters or fewer; functionName defaults to <serviceName>-<id>: pass a functionName, or shorten the construct id or serviceName\./,
    );
  });

  test('fails when the construct id cannot name the function\'s SSM parameters', () => {
    expect(() => api({ functionName: 'orders-api' }, 'My Api')).toThrow(
      /\[Orders\/My Api\] invalid id 'My Api': the name may only contain letters, digits, periods, hyphens and underscores\..*the construct id names the function's SSM parameters/,
    );
  });

  test('fails when addEnvironment is given a name Lambda refuses', () => {
    expect(() => api().addEnvironment('AWS_REGION', 'x')).toThrow(/\[Orders\/Api\] invalid addEnvironment key 'AWS_REGION': Lambda sets this variable itself/);
  });
});

describe('ReplicatedFunction accepts the edges of every range', () => {
  test.each<[string, Partial<ReplicatedFunctionProps>]>([
    ['the longest legal function name', { functionName: 'f'.repeat(64) }],
    ['the longest function name that leaves room for the probe', { functionName: 'f'.repeat(58), probe: {} }],
    ['a timeout of 1 second', { timeout: Duration.seconds(1) }],
    ['a timeout of 15 minutes', { timeout: Duration.minutes(15) }],
    ['128 MB of memory', { memorySize: 128 }],
    ['10240 MB of memory', { memorySize: 10_240 }],
    ['a reserved concurrency of 0', { reservedConcurrentExecutions: 0 }],
    ['no retries and a one-minute event age', { retryAttempts: 0, maxEventAge: Duration.seconds(60) }],
    ['two retries and a six-hour event age', { retryAttempts: 2, maxEventAge: Duration.hours(6) }],
    ['a one-minute dead-letter retention', { deadLetterRetention: Duration.seconds(60) }],
    ['a 14-day dead-letter retention', { deadLetterRetention: Duration.days(14) }],
    ['512 MiB of ephemeral storage', { ephemeralStorageSize: Size.mebibytes(512) }],
    ['10 GiB of ephemeral storage', { ephemeralStorageSize: Size.gibibytes(10) }],
    ['a 12-hour probe interval', { probe: { interval: Duration.hours(12) } }],
    ['logs kept for a day', { logGroupRetention: RetentionDays.ONE_DAY }],
    ['logs kept forever', { logGroupRetention: RetentionDays.INFINITE }],
    ['a utilization target with autoscaling', { provisionedConcurrency: { minCapacity: 1, maxCapacity: 2, utilizationTarget: 0.9 } }],
    ['a disabled endpoint with no endpoint settings', { endpoint: { enabled: false } }],
    ['a predefined deployment configuration, Graviton and pass-through tracing',
      { deploymentConfig: LambdaDeploymentConfig.ALL_AT_ONCE, architecture: Architecture.ARM_64, tracing: Tracing.PASS_THROUGH }],
    ['a fractional rate limit of 1.5 requests per second and a burst of 1', { endpoint: { throttlingRateLimit: 1.5, throttlingBurstLimit: 1 } }],
    ['a duration alarm at the full timeout', { durationAlarmRatio: 1 }],
    ['an environment of exactly 4 KB', { environment: { BIG: 'x'.repeat(4093) } }],
    ['an 80-character failure queue name', { onFailureQueueName: 'q'.repeat(80) }],
    ['a 128-character handler', { handler: `index.${'h'.repeat(122)}` }],
    ['a 256-character description', { description: 'd'.repeat(256) }],
    ['code from an existing directory', { code: ReplicatedCode.fromAsset(__dirname) }],
    ['inline Python code', { runtime: Runtime.PYTHON_3_13, handler: 'index.handler', code: ReplicatedCode.fromInline('def handler(e, c):\n  return 1') }],
    ['SnapStart on a runtime that has it', { runtime: Runtime.PYTHON_3_13, snapStart: SnapStartConf.ON_PUBLISHED_VERSIONS }],
    ['five layers', { layers: layers(5) }],
  ])('accepts %s', (_, props) => {
    const fn = api(props);
    expect(fn.replicas).toHaveLength(REGIONS.length);
    Template.fromStack(fn.replica('ap-southeast-2').cell).resourceCountIs('AWS::Lambda::Alias', 1);
  });

  test('publishes the settled facts other constructs read', () => {
    expect(api({ probe: { interval: Duration.minutes(5) } })._settings).toMatchObject({ endpoint: 'when-fronted', probePeriodSeconds: 300 });
    expect(api({ endpoint: { enabled: false } })._settings).toMatchObject({ endpoint: 'never', probePeriodSeconds: undefined });
  });
});
