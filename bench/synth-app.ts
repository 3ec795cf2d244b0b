// One benchmark run: builds a topology of N regions with 5 replicated functions, synthesizes it, and prints the
// process's CPU time, peak memory and resource count as JSON. The variants: the library, with or without its dashboards;
// `hand-written`, a hand copy in plain aws-cdk-lib of what the library emits but its dashboards (the same resources as
// `library-no-dashboards`, so it isolates the library's own overhead); and `user-intent`, what a careful user writes by hand for the same intent without the library (function, role, log group,
// alias with an on-failure queue, canary deployment with rollback alarms, the alarms they would write, one encrypted
// alarm topic per region). Run by bench/synth.ts in a fresh process per measurement, so module loading counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { LambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Alias, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';

export const BENCH_REGIONS = [
  'us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1',
  'us-east-2', 'us-west-1', 'eu-west-2', 'eu-north-1', 'ap-south-1', 'sa-east-1',
];
const NAMES = ['Orders', 'Payments', 'Inventory', 'Shipping', 'Notifications'];
/** The functions of the topology: 5 by default; a third argument asks for more (the footprint figures use 6). */
const FUNCTIONS = Array.from({ length: Number(process.argv[4] ?? NAMES.length) }, (_, i) => NAMES[i] ?? `Function${i}`);
const CODE = 'exports.handler = async () => ({ statusCode: 200 });';
const ACCOUNT = '123456789012';

/** The library variant: one topology of `regions` with 5 replicated functions. */
export function library(app: App, regions: string[], dashboards = true): import('../src').MultiRegionTopology {
  // Required here, not at the top, so the baseline's process never loads the library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../lib') as typeof import('../src');
  const topology = new lib.MultiRegionTopology(app, 'Bench', { account: ACCOUNT, primaryRegion: regions[0], regions, dashboards });
  for (const name of FUNCTIONS) {
    new lib.ReplicatedFunction(topology, name, {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: lib.ReplicatedCode.fromInline(CODE),
    });
  }
  return topology;
}

/** The library's resources but its dashboards, written by hand for each region in plain aws-cdk-lib. */
function handWritten(app: App, regions: string[]): void {
  const primary = new Stack(app, `Bench-${regions[0]}`, { env: { account: ACCOUNT, region: regions[0] } });
  for (const region of regions) {
    const stack = region === regions[0] ? primary : new Stack(app, `Bench-${region}`, { env: { account: ACCOUNT, region } });
    if (stack !== primary) stack.addDependency(primary);
    new StringParameter(stack, 'TopologyParameter', { parameterName: '/bench/topology', stringValue: JSON.stringify(regions) });
    const key = new Key(stack, 'EncryptionKey', { enableKeyRotation: true });
    key.grantEncryptDecrypt(new ServicePrincipal(`logs.${region}.amazonaws.com`));
    const topic = new Topic(stack, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    // What the cell's functions share: one CodeDeploy application and deployment role (each alias and its two
    // rollback alarms by literal ARN), one dead-letter queue with one alarm.
    const application = new LambdaApplication(stack, 'DeploymentApplication');
    const aliasArns = new PolicyStatement({ actions: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'] });
    const alarmArns = new PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'] });
    const deploymentRole = new Role(stack, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
      inlinePolicies: { Deployment: new PolicyDocument({ statements: [aliasArns, alarmArns] }) },
    });
    const dlq = new Queue(stack, 'Dlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    const dead = new Alarm(stack, 'DeadLetters', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
    dead.addAlarmAction(new SnsAction(topic));
    for (const name of FUNCTIONS) {
      const role = new Role(stack, `${name}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      const logGroup = new LogGroup(stack, `${name}Logs`, { logGroupName: `/aws/lambda/Bench-${name}`, retention: RetentionDays.ONE_YEAR, encryptionKey: key });
      logGroup.grantWrite(role);
      const fn = new LambdaFunction(stack, name, {
        functionName: `Bench-${name}`,
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline(CODE),
        role,
        logGroup,
        deadLetterQueue: dlq,
        timeout: Duration.seconds(10),
        memorySize: 512,
        tracing: Tracing.ACTIVE,
      });
      const alias = new Alias(stack, `${name}Alias`, {
        aliasName: 'live', version: fn.currentVersion, retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(dlq),
      });
      const errors = new Alarm(stack, `${name}Errors`, {
        alarmName: `Bench-${name}-errors`,
        metric: new MathExpression({ expression: '100 * e / MAX([i, 1])', usingMetrics: { e: alias.metricErrors(), i: alias.metricInvocations() }, period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      const throttles = new Alarm(stack, `${name}Throttles`, { alarmName: `Bench-${name}-throttles`, metric: alias.metricThrottles(), threshold: 1, evaluationPeriods: 1 });
      const duration = new Alarm(stack, `${name}Duration`, { metric: alias.metricDuration({ statistic: 'p99' }), threshold: 8000, evaluationPeriods: 3 });
      for (const alarm of [errors, throttles, duration]) alarm.addAlarmAction(new SnsAction(topic));
      aliasArns.addResources(stack.formatArn({ service: 'lambda', resource: 'function', resourceName: `Bench-${name}:live`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      alarmArns.addResources(...['errors', 'throttles'].map((what) =>
        stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `Bench-${name}-${what}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })));
      new LambdaDeploymentGroup(stack, `${name}Deployment`, {
        application,
        alias,
        deploymentConfig: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
        alarms: [errors, throttles],
        role: deploymentRole.withoutPolicyUpdates(),
      });
      new StringParameter(stack, `${name}AliasArn`, { parameterName: `/bench/${name}/alias-arn`, stringValue: alias.functionArn });
    }
  }
}

/**
 * What a careful user writes by hand for 5 functions in every region, without the library: per function an execution
 * role, an encrypted log group, the function with active tracing, a `live` alias with retries and an on-failure queue,
 * error-rate and throttle alarms that roll a canary deployment back, a dead-letter alarm; per region a key and an
 * encrypted alarm topic. No regional endpoint (the library creates one only for functions a failover fronts), no
 * discovery parameters, no p99 alarm, no stack ordering.
 */
function userIntent(app: App, regions: string[]): void {
  for (const region of regions) {
    const stack = new Stack(app, `Bench-${region}`, { env: { account: ACCOUNT, region } });
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    key.grantEncryptDecrypt(new ServicePrincipal(`logs.${region}.amazonaws.com`));
    const topic = new Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
    for (const name of FUNCTIONS) {
      const logGroup = new LogGroup(stack, `${name}Logs`, { logGroupName: `/aws/lambda/Bench-${name}`, retention: RetentionDays.ONE_YEAR, encryptionKey: key });
      const dlq = new Queue(stack, `${name}Dlq`, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
      const fn = new LambdaFunction(stack, name, {
        functionName: `Bench-${name}`,
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline(CODE),
        logGroup,
        timeout: Duration.seconds(10),
        memorySize: 512,
        tracing: Tracing.ACTIVE,
      });
      const alias = new Alias(stack, `${name}Live`, { aliasName: 'live', version: fn.currentVersion, onFailure: new SqsDestination(dlq) });
      const errors = new Alarm(stack, `${name}Errors`, {
        metric: new MathExpression({ expression: '100 * e / MAX([i, 1])', usingMetrics: { e: alias.metricErrors(), i: alias.metricInvocations() }, period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      const throttles = new Alarm(stack, `${name}Throttles`, { metric: alias.metricThrottles(), threshold: 1, evaluationPeriods: 1 });
      const dead = new Alarm(stack, `${name}DeadLetters`, { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
      for (const alarm of [errors, throttles, dead]) alarm.addAlarmAction(new SnsAction(topic));
      new LambdaDeploymentGroup(stack, `${name}Deployment`, { alias, deploymentConfig: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: [errors, throttles] });
    }
  }
}

const VARIANTS: Record<string, (app: App, regions: string[]) => unknown> = {
  'library': library,
  // The library without its dashboards (N + 1 of them, none of which the user-intent baseline writes): for context.
  'library-no-dashboards': (app, regions) => library(app, regions, false),
  'hand-written': handWritten,
  'user-intent': userIntent,
};

if (require.main === module) {
  const [variant, count] = [process.argv[2], Number(process.argv[3])];
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'crs-bench-')) });
  VARIANTS[variant](app, BENCH_REGIONS.slice(0, count));
  const assembly = app.synth();
  const resources = assembly.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
  const cpu = process.cpuUsage();
  // maxRSS: the process's peak resident set, in kilobytes.
  const peakMemoryMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMemoryMb, resources }) + '\n');
  rmSync(assembly.directory, { recursive: true, force: true });
}
