import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PROBE_HANDLER_SOURCE, PROBE_NAMESPACE } from './probe-source';
import { ProbeSettings } from './validation';
import { acknowledge, acknowledgeInlinePolicy, acknowledgeNoReservedConcurrency, regulatedFindings } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { declareInteractions } from '../private/interactions';
import { encryptedLogGroup } from '../private/log-group';
import { RegionalCell } from '../topology/regional-cell';

/** Consecutive failed (or silent) probe periods before the probe alarm fires. */
export const PROBE_ALARM_EVALUATION_PERIODS = 2;

/**
 * The probe alarm's name in every region: fixed, since function names are, so a Route 53 health check in another
 * stack can name it.
 */
export function probeAlarmName(functionName: string): string {
  return `${functionName}-probe`;
}

/** What a replica's probe creates. */
export interface ProbeResources {
  readonly function: LambdaFunction;
  readonly alarm: Alarm;
}

/**
 * A scheduled function in the cell that invokes the replica's alias and publishes `ProbeSuccess`, and an alarm on
 * it: the signal an alarm-based Route 53 health check needs for a function with no public endpoint.
 */
export function createProbe(scope: Construct, cell: RegionalCell, alias: Alias, functionName: string, options: ProbeSettings): ProbeResources {
  const role = new Role(scope, 'ProbeRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Probe of ${functionName} in ${cell.region}`,
  });
  const logGroup = encryptedLogGroup(scope, 'ProbeLogGroup', cell.encryptionKey, { logGroupName: `/aws/lambda/${functionName}-probe` }, role);
  const fn = new LambdaFunction(scope, 'Probe', {
    functionName: `${functionName}-probe`,
    description: `Invokes ${functionName}:${alias.aliasName} in ${cell.region} every ${options.interval.toHumanString()}`,
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline(PROBE_HANDLER_SOURCE),
    role,
    logGroup,
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Neither EventBridge nor Lambda retries a failed probe: the next scheduled one is the retry.
    retryAttempts: 0,
    tracing: Tracing.ACTIVE,
    environment: {
      TARGET: alias.functionArn,
      PAYLOAD: options.payload,
      NAMESPACE: PROBE_NAMESPACE,
      FUNCTION_NAME: functionName,
    },
  });
  alias.grantInvoke(role);
  acknowledgeInlinePolicy(role);
  acknowledge(role, ['AwsSolutions-IAM5[Resource::*]'],
    'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions');
  acknowledge(fn, ['Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination', 'Resilience-LambdaAsyncFailureDestination',
    ...regulatedFindings('LambdaDLQ')],
  'A failed probe is the signal itself (ProbeSuccess 0, or no data, which the alarm treats as breaching); retrying or ' +
  'parking it would only delay that signal');
  acknowledge(fn, ['cdk-validator-cfnguard::lambda_inside_vpc_check', ...regulatedFindings('LambdaInsideVPC')],
    'The probe calls the Lambda API of its own region; a VPC per cell would add regional dependencies to the health signal');
  acknowledgeNoReservedConcurrency(fn, 'The probe runs once per scheduled interval (a minute or more), ' +
    'for 30 seconds at most, and is never retried, so it does not run twice at once');

  const schedule = new Rule(scope, 'ProbeSchedule', {
    description: `Probes ${functionName} in ${cell.region}`,
    schedule: Schedule.rate(options.interval),
    targets: [new LambdaTarget(fn, { retryAttempts: 0 })],
  });
  declareInteractions(scope, {
    principal: role,
    actions: ['lambda:InvokeFunction'],
    resource: alias.functionArn,
    purpose: 'the probe invokes the replica',
  }, {
    principal: 'events.amazonaws.com',
    actions: ['lambda:InvokeFunction'],
    resource: fn.functionArn,
    context: { 'aws:SourceAccount': cell.account, 'aws:SourceArn': schedule.ruleArn },
    purpose: 'the schedule runs the probe',
  });
  acknowledge(schedule, ['Serverless-EventBusDLQ'],
    'A probe event that cannot be delivered is a missed probe, which the alarm already treats as unhealthy (missing data ' +
    'breaches); a dead-letter queue of stale probe events would serve no one');

  const alarm = notifyingAlarm(scope, 'ProbeAlarm', cell.alarmTopic, {
    alarmName: probeAlarmName(functionName),
    alarmDescription: `${functionName} in ${cell.region}: the probe failed (or reported nothing) for 2 consecutive periods`,
    metric: new Metric({
      namespace: PROBE_NAMESPACE,
      metricName: 'ProbeSuccess',
      dimensionsMap: { FunctionName: functionName },
      statistic: 'Minimum',
      period: options.interval,
    }),
    threshold: 1,
    evaluationPeriods: PROBE_ALARM_EVALUATION_PERIODS,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    // No data means no probe ran or no answer came: unhealthy.
    treatMissingData: TreatMissingData.BREACHING,
  });
  return { function: fn, alarm };
}
