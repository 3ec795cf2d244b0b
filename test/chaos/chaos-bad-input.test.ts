import { App, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ERROR, PAUSE, drill, failoverOf, fixture } from './fixtures';
import { FailoverHealthCheck, ReplicatedCode, ReplicatedFunction } from '../../src';
import { ChaosExperiments, DrillFault } from '../../src/chaos';
import { TEST_ACCOUNT } from '../harness';

const lambda = (f: ReturnType<typeof fixture>, fault: DrillFault) =>
  drill(f, { functions: [f.api], lambdaExtension: {}, faults: [fault] });

function alarm(stack: Stack, id: string): Alarm {
  return new Alarm(stack, id, {
    metric: new Metric({ namespace: 'Shop', metricName: id }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
  });
}

describe('ChaosExperiments bad input', () => {
  test('fails when the action is not on the allow-list', () => {
    expect(() => lambda(fixture(), DrillFault.fromActionId('aws:lambda:invoke-error', { duration: 'PT5M' }))).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\]\.actionId 'aws:lambda:invoke-error': it is not an AWS FIS action .*Allowed: one of \['aws:lambda:invocation-error'/);
    expect(() => lambda(fixture(), DrillFault.fromActionId('aws:ec2:terminate-instances', {})))
      .toThrow(/invalid faults\[0\]\.actionId 'aws:ec2:terminate-instances'/);
  });

  test('fails when a parameter is unknown, missing or not a string the action takes', () => {
    expect(() => lambda(fixture(), DrillFault.fromActionId(ERROR, { duration: 'PT5M', errorRate: '25' }))).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\]\.parameters 'errorRate': aws:lambda:invocation-error has no parameter 'errorRate'/);
    expect(() => lambda(fixture(), DrillFault.fromActionId(ERROR, { invocationPercentage: '50' })))
      .toThrow(/invalid faults\[0\]\.duration undefined: aws:lambda:invocation-error needs 'duration'/);
    expect(() => lambda(fixture(), DrillFault.fromActionId(ERROR, { duration: 'PT5M', preventExecution: 'yes' })))
      .toThrow(/invalid faults\[0\]\.preventExecution 'yes': it is not 'true' or 'false'.*Allowed: 'true' or 'false'/);
    expect(() => lambda(fixture(), DrillFault.fromActionId(ERROR, { duration: '10m' })))
      .toThrow(/invalid faults\[0\]\.duration '10m': it is not an ISO 8601 duration/);
  });

  test('fails when the invocation percentage is outside 1-100', () => {
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationError({ invocationPercentage: 0 }))).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\]\.invocationPercentage '0': it is outside 1-100, for aws:lambda:invocation-error\. Allowed: a whole number from 1 to 100/);
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationDelay({ invocationPercentage: 150 })))
      .toThrow(/invalid faults\[0\]\.invocationPercentage '150': it is outside 1-100/);
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationError({ invocationPercentage: 12.5 })))
      .toThrow(/invalid faults\[0\]\.invocationPercentage '12\.5': it is not a whole number/);
  });

  test('fails when the startup delay is over 900,000 ms or the status code over 999', () => {
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationDelay({ startupDelay: Duration.millis(900_001) }))).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\]\.startupDelayMilliseconds '900001': it is outside 0-900000.*Allowed: a whole number from 0 to 900000/);
    expect(() => lambda(fixture(), DrillFault.lambdaHttpResponse({ statusCode: 1000 })))
      .toThrow(/invalid faults\[0\]\.statusCode '1000': it is outside 0-999/);
    expect(() => lambda(fixture(), DrillFault.lambdaHttpResponse({ contentType: ' ' })))
      .toThrow(/invalid faults\[0\]\.contentTypeHeader ' ': it is empty/);
  });

  test('fails when a duration is outside what FIS runs and the fault can show', () => {
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationError({ duration: Duration.seconds(30) }))).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\]\.duration 'PT30S': it is shorter than 1 minute.*Allowed: an ISO 8601 duration such as 'PT10M', from 1 minute to 12 hours/);
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationError({ duration: Duration.hours(13) })))
      .toThrow(/invalid faults\[0\]\.duration 'PT13H': it is longer than 12 hours/);
    expect(() => lambda(fixture(), DrillFault.lambdaInvocationError({ duration: Duration.days(2) })))
      .toThrow(/invalid faults\[0\]\.duration 'P2D': it is longer than 12 hours/);
    const f = fixture();
    expect(() => drill(f, { stores: [f.table], faults: [DrillFault.pauseReplication({ duration: Duration.minutes(2) })] }))
      .toThrow(/invalid faults\[0\]\.duration 'PT2M': it is shorter than 5 minutes, for aws:dynamodb:global-table-pause-replication/);
  });

  test('fails when an action appears twice', () => {
    const f = fixture();
    expect(() => drill(f, { stores: [f.table], faults: [DrillFault.pauseReplication(), DrillFault.pauseReplication()] }))
      .toThrow(/\[Orders\/Drills\] invalid faults\[1\]\.actionId 'aws:dynamodb:global-table-pause-replication': another fault/);
  });

  test('fails when a Lambda fault has no extension, or a fault has nothing to target', () => {
    const f = fixture();
    expect(() => drill(f, { functions: [f.api], faults: [DrillFault.lambdaInvocationError()] })).toThrow(
      /\[Orders\/Drills\] invalid faults\[0\] 'aws:lambda:invocation-error': Lambda faults work through the AWS FIS Lambda extension.*Fix: set `lambdaExtension: \{\}`/);
    const g = fixture();
    expect(() => drill(g, { stores: [g.table], faults: [DrillFault.lambdaInvocationError()] }))
      .toThrow(/invalid faults\[0\] 'aws:lambda:invocation-error': the fault targets replicated functions, and `functions` is empty/);
    const h = fixture();
    expect(() => drill(h, { functions: [h.api], lambdaExtension: {}, faults: [DrillFault.pauseReplication()] }))
      .toThrow(new RegExp(`invalid faults\\[0\\] '${PAUSE}': the fault targets global tables, and \`stores\` is empty`));
  });

  test('fails when there is nothing to drill', () => {
    const f = fixture();
    expect(() => drill(f, { functions: [f.api] })).toThrow(/\[Orders\/Drills\] invalid faults \[\]: nothing to drill/);
    const g = fixture();
    expect(() => drill(g, { stores: [g.table], faults: [] })).toThrow(/invalid faults \[\]: the list is empty/);
    const h = fixture();
    expect(() => drill(h, { stores: [h.table], lambdaExtension: {} }))
      .toThrow(/invalid lambdaExtension \{\}: there is no function to wire the FIS Lambda extension into/);
  });

  test('fails when the extension options are not whole units', () => {
    const f = fixture();
    expect(() => drill(f, { functions: [f.api], lambdaExtension: { slowPollInterval: Duration.millis(1500) } }))
      .toThrow(/\[Orders\/Drills\] invalid lambdaExtension\.slowPollInterval '1 second 500 millis': AWS_FIS_SLOW_POLL_INTERVAL_SECONDS takes whole seconds/);
    const g = fixture();
    expect(() => drill(g, { functions: [g.api], lambdaExtension: { pollMaxWait: Duration.millis(0.5) } }))
      .toThrow(/invalid lambdaExtension\.pollMaxWait '0.5 millis': AWS_FIS_POLL_MAX_WAIT_MILLISECONDS takes whole milliseconds/);
  });

  test('fails when a function is wired by two drills', () => {
    const f = fixture();
    drill(f, { functions: [f.api], lambdaExtension: {} });
    expect(() => new ChaosExperiments(f.topology, 'MoreDrills', { functions: [f.api], lambdaExtension: {} })).toThrow(
      /\[Orders\/us-east-1\/MoreDrills\] invalid lambdaExtension 'Orders\/us-east-1\/Api\/Function': the drill at 'Orders\/us-east-1\/Drills' already wires/);
  });

  test('fails when a region is outside the topology, listed twice, or not drilled', () => {
    const f = fixture();
    expect(() => drill(f, { stores: [f.table], regions: ['ap-south-1'] }))
      .toThrow(/\[Orders\] invalid region 'ap-south-1': the topology has no cell in this region/);
    const g = fixture();
    expect(() => drill(g, { stores: [g.table], regions: ['eu-west-1', 'eu-west-1'] }))
      .toThrow(/\[Orders\/Drills\] invalid regions \['eu-west-1', 'eu-west-1'\]: a region is listed more than once/);
    const h = fixture();
    expect(() => drill(h, { stores: [h.table], regions: ['eu-west-1'] }).drill('us-east-1'))
      .toThrow(/\[Orders\/Drills\] invalid region 'us-east-1': the drill does not cover this region. Allowed: one of \['eu-west-1'\]/);
    const i = fixture();
    expect(() => drill(i, { stores: [i.table] }).experiment('us-east-1', ERROR))
      .toThrow(/\[Orders\/us-east-1\/Drills\] invalid actionId 'aws:lambda:invocation-error': the drill has no fault with this action/);
  });

  test('fails when a stop alarm is in another region, or a region has more than five', () => {
    const f = fixture();
    const foreign = Alarm.fromAlarmArn(f.topology.cell('us-east-1'), 'Foreign', `arn:aws:cloudwatch:ap-south-1:${TEST_ACCOUNT}:alarm:checkout`);
    expect(() => drill(f, { stores: [f.table], stopAlarms: [foreign] })).toThrow(
      /\[Orders\/Drills\] invalid stopAlarms\[0\] 'checkout': it is in ap-south-1, where the drill has no experiment; FIS documents/);
    const g = fixture();
    const notDrilled = alarm(g.topology.cell('us-west-2'), 'Checkout');
    expect(() => drill(g, { stores: [g.table], regions: ['us-east-1'], stopAlarms: [notDrilled] }))
      .toThrow(/invalid stopAlarms\[0\] 'Orders\/us-west-2\/Checkout': it is in us-west-2/);
    const h = fixture();
    const six = [1, 2, 3, 4, 5, 6].map((n) => alarm(h.topology.cell('eu-west-1'), `A${n}`));
    expect(() => drill(h, { stores: [h.table], stopAlarms: six }))
      .toThrow(/invalid stopAlarms \[.*\]: FIS accepts at most 5 stop conditions per experiment template, and 6 alarms are in eu-west-1/);
  });

  test('fails when the failover belongs to another topology', () => {
    const f = fixture();
    const g = fixture();
    expect(() => drill(f, { functions: [f.api], lambdaExtension: {}, failover: failoverOf(g) })).toThrow(
      /\[Orders\/Drills\] invalid failover 'Orders\/ApiFailover': it belongs to another topology \(at 'Orders' of another app\), and a drill reaches its own cells only.*Allowed: a HealthCheckedFailover of the drill's own topology/);
  });

  test('fails when the failover has no health handler to fail (probe-alarm health checks): the drill could not move DNS', () => {
    const f = fixture();
    const failover = failoverOf(f, { healthCheck: FailoverHealthCheck.probeAlarm() });
    expect(() => drill(f, { functions: [f.api], lambdaExtension: {}, failover })).toThrow(
      /\[Orders\/Drills\] invalid failover 'Orders\/ApiFailover': its health checks are probe-alarm checks: Route 53 watches each replica's probe alarm, there is no health handler to fail.*Allowed: a HealthCheckedFailover with HTTPS health checks.*Fix: remove `failover` and put the failover's service in `functions`: its probe invokes the faulted alias/);
  });

  test('fails when the failover routes to none of the drilled regions', () => {
    const f = fixture();
    const failover = failoverOf(f, { regions: ['us-east-1', 'us-west-2'] });
    expect(() => drill(f, { functions: [f.api], lambdaExtension: {}, regions: ['eu-west-1'], failover })).toThrow(
      /\[Orders\/Drills\] invalid failover 'Orders\/ApiFailover': it routes to \['us-east-1', 'us-west-2'\], none of which the drill covers.*Allowed: a failover that routes to at least one drilled region of \['eu-west-1'\]/);
  });

  test('fails when the failover comes without a Lambda fault, so its health handlers would never fail', () => {
    const f = fixture();
    const failover = failoverOf(f);
    expect(() => drill(f, { functions: [f.api], stores: [f.table], lambdaExtension: {}, faults: [DrillFault.pauseReplication()], failover }))
      .toThrow(new RegExp(`\\[Orders/Drills\\] invalid failover 'Orders/ApiFailover': the drill has no Lambda fault \\(only ${PAUSE}\\).*` +
        'Fix: add DrillFault.lambdaInvocationError\\(\\) to `faults`'));
    const g = fixture();
    // Without the extension, the Lambda fault is refused first.
    expect(() => drill(g, { functions: [g.api], faults: [DrillFault.lambdaInvocationError()], failover: failoverOf(g) }))
      .toThrow(/invalid faults\[0\] 'aws:lambda:invocation-error': Lambda faults work through the AWS FIS Lambda extension/);
    const h = fixture();
    // A failover is no Lambda target of its own: the defaults hold no Lambda fault without functions.
    expect(() => drill(h, { stores: [h.table], lambdaExtension: {}, failover: failoverOf(h) }))
      .toThrow(/invalid lambdaExtension \{\}: there is no function to wire the FIS Lambda extension into/);
  });

  test('fails when two drills fail one failover\'s health handlers', () => {
    const f = fixture();
    const failover = failoverOf(f);
    drill(f, { functions: [f.api], lambdaExtension: {}, failover });
    const worker = new ReplicatedFunction(f.topology, 'Worker', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
    });
    expect(() => new ChaosExperiments(f.topology, 'WorkerDrills', { functions: [worker], lambdaExtension: {}, failover })).toThrow(
      /\[Orders\/us-east-1\/WorkerDrills\] invalid lambdaExtension 'Orders\/us-east-1\/ApiFailover\/Health': the drill at 'Orders\/us-east-1\/Drills' already wires.*Fix: put every Lambda fault into one ChaosExperiments, or leave `failover` unset on the second/);
  });

  test('fails when a target belongs to another topology, or the drill is not in a topology', () => {
    const f = fixture();
    const g = fixture();
    expect(() => new ChaosExperiments(f.topology, 'Drills', { stores: [g.table] })).toThrow(
      /\[Orders\/Drills\] invalid stores\[0\] 'Orders\/Table': it belongs to another topology \(at 'Orders' of another app\)/);
    const app = new App();
    expect(() => new ChaosExperiments(new Stack(app, 'Plain'), 'Drills', {}))
      .toThrow(/\[Plain\/Drills\] invalid scope 'Plain\/Drills': this construct is not inside a MultiRegionTopology/);
  });
});

describe('ChaosExperiments bad input: faults, targets and stop conditions', () => {
  /** Every configuration error has one shape: the value as given, the problem, what is allowed and the fix. */
  const SHAPE = /^\[Orders\/[^\]]+\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

  test.each<[string, (f: ReturnType<typeof fixture>) => unknown, RegExp]>([
    ['a fault duration is NaN', (f) => lambda(f, DrillFault.lambdaInvocationError({ duration: Duration.minutes(NaN) })),
      /invalid faults\[0\]\.duration Duration\.minutes\(NaN\): the duration must be finite \(FIS takes whole seconds\)/],
    ['a fault duration is a fraction of a second', (f) => lambda(f, DrillFault.lambdaInvocationDelay({ duration: Duration.seconds(90.5) })),
      /invalid faults\[0\]\.duration Duration\.seconds\(90\.5\): the service counts whole seconds, and this is 90\.5 seconds/],
    ['a replication pause lasts NaN', (f) => drill(f, { stores: [f.table], faults: [DrillFault.pauseReplication({ duration: Duration.hours(NaN) })] }),
      /invalid faults\[0\]\.duration Duration\.hours\(NaN\): the duration must be finite/],
    ['a startup delay is a fraction of a millisecond', (f) => lambda(f, DrillFault.lambdaInvocationDelay({ startupDelay: Duration.millis(0.5) })),
      /invalid faults\[0\]\.startupDelayMilliseconds Duration\.millis\(0\.5\): the service counts whole millis, and this is 0\.5 millis \(FIS takes whole milliseconds\)/],
    ['the invocation percentage is NaN', (f) => lambda(f, DrillFault.lambdaInvocationError({ invocationPercentage: NaN })),
      /invalid faults\[0\]\.invocationPercentage 'NaN': it is not a whole number, for aws:lambda:invocation-error\. Allowed: a whole number from 1 to 100/],
    ['the invocation percentage is negative', (f) => lambda(f, DrillFault.lambdaHttpResponse({ invocationPercentage: -5 })),
      /invalid faults\[0\]\.invocationPercentage '-5': it is outside 1-100/],
    ['the status code is negative', (f) => lambda(f, DrillFault.lambdaHttpResponse({ statusCode: -1 })),
      /invalid faults\[0\]\.statusCode '-1': it is outside 0-999/],
    ['the status code is a fraction', (f) => lambda(f, DrillFault.lambdaHttpResponse({ statusCode: 500.5 })),
      /invalid faults\[0\]\.statusCode '500\.5': it is not a whole number/],
    ['a fault is not a DrillFault', (f) => drill(f, { stores: [f.table], faults: [{ actionId: PAUSE } as any] }),
      /invalid faults\[0\] \{ actionId: 'aws:dynamodb:global-table-pause-replication' \}: it is not a DrillFault/],
    ['the drill id has a character its log group name refuses', (f) => new ChaosExperiments(f.topology, 'Drills!', { stores: [f.table] }),
      /^\[Orders\/Drills!\] invalid id 'Drills!': the name may only contain letters, digits, periods, hyphens, underscores and #/],
    ['the drill id makes the Name tag of its templates longer than FIS takes', (f) => new ChaosExperiments(f.topology, 'D'.repeat(220), { stores: [f.table] }),
      /invalid id 'D{220}': the longest experiment template's Name tag 'Orders-D{220}-LambdaHttpIntegrationResponse-\S+' would have \d+ characters, over its limit of 256/],
    ['a nested drill\'s parent id has a character its log group name refuses (the name begins with the parents\' ids)',
      (f) => new ChaosExperiments(new Construct(f.topology, 'Team A'), 'Drills', { stores: [f.table] }),
      /^\[Orders\/Team A\/Drills\] invalid id 'Drills': the experiments' log group name '\/aws\/vendedlogs\/fis\/Orders-Team A-Drills' may only contain letters, digits and \._\/#-\..*Fix: use only .* in id; the name begins with the ids of its parents below the topology \('Team A'\), so shorter or plainer parent ids also fix it\.$/s],
    ['a nested drill\'s parents\' ids make the Name tag of its templates longer than FIS takes (the limit counts them)',
      (f) => new ChaosExperiments(new Construct(f.topology, 'P'.repeat(100)), 'D'.repeat(109), { stores: [f.table] }),
      /invalid id 'D{109}': the longest experiment template's Name tag 'Orders-P{100}-D{109}-LambdaHttpIntegrationResponse-\S+' would have 257 characters, over its limit of 256\. Allowed: .*1 to 108 characters\. Fix: shorten id to 108 characters or fewer; the name begins with the ids of its parents/],
    ['a function is listed twice', (f) => drill(f, { functions: [f.api, f.api], lambdaExtension: {} }),
      /invalid functions \[Orders\/Api, Orders\/Api\]: Orders\/Api appears more than once \(a drill targets each function once\)\. Allowed: distinct items\. Fix: remove the repeated Orders\/Api/],
    ['a store is listed twice', (f) => drill(f, { stores: [f.table, f.table] }),
      /invalid stores \[Orders\/Table, Orders\/Table\]: Orders\/Table appears more than once \(a drill targets each table once\)/],
    ['a stop alarm is the errors alarm the invocation-error fault trips', (f) =>
      drill(f, { functions: [f.api], lambdaExtension: {}, faults: [DrillFault.lambdaInvocationError()], stopAlarms: [f.api.replica('eu-west-1').errorsAlarm] }),
    /invalid stopAlarms\[0\] 'Orders\/eu-west-1\/Api\/\S*ErrorsAlarm': the aws:lambda:invocation-error fault trips this alarm on purpose \(the fault fails invocations of Api\), so the experiment would stop itself/],
    ['a stop alarm is the duration alarm the delay fault trips', (f) =>
      drill(f, { functions: [f.api], lambdaExtension: {}, faults: [DrillFault.lambdaInvocationDelay()], stopAlarms: [f.api.replica('us-east-1').durationAlarm] }),
    /invalid stopAlarms\[0\] '\S+DurationAlarm': the aws:lambda:invocation-add-delay fault trips this alarm on purpose \(the fault slows Api down\)/],
    ['a stop alarm is the replication latency alarm the pause trips', (f) =>
      drill(f, { stores: [f.table], stopAlarms: [f.table.replica('us-west-2').replicationLatencyAlarms[0]] }),
    /invalid stopAlarms\[0\] '\S+': the aws:dynamodb:global-table-pause-replication fault trips this alarm on purpose \(the pause stops replication from Table\).*Fix: remove stopAlarms\[0\]/],
    // Values shown as given, and settings that do nothing.
    ['the extension poll wait is NaN (shown as given, not as an empty string)', (f) => drill(f, { functions: [f.api], lambdaExtension: { pollMaxWait: Duration.seconds(NaN) } }),
      /invalid lambdaExtension\.pollMaxWait Duration\.seconds\(NaN\): AWS_FIS_POLL_MAX_WAIT_MILLISECONDS takes whole milliseconds/],
    ['the extension slow poll interval is infinite', (f) => drill(f, { functions: [f.api], lambdaExtension: { slowPollInterval: Duration.seconds(Infinity) } }),
      /invalid lambdaExtension\.slowPollInterval Duration\.seconds\(Infinity\): AWS_FIS_SLOW_POLL_INTERVAL_SECONDS takes whole seconds/],
    ['the log retention is a number of days CloudWatch Logs does not offer', (f) => drill(f, { stores: [f.table], logRetention: 45 as any }),
      /invalid logRetention 45: CloudWatch Logs keeps logs for fixed periods only\. Allowed: one of 1, 3, 5, 7, .*\. Fix: use a RetentionDays value/],
    ['the extension is wired but no fault is a Lambda fault', (f) =>
      drill(f, { functions: [f.api], stores: [f.table], lambdaExtension: {}, faults: [DrillFault.pauseReplication()] }),
    /invalid lambdaExtension \{\}: it does nothing: no fault of the drill is a Lambda fault.*Fix: remove `lambdaExtension`, or add a Lambda fault/],
  ])('fails when %s', (_, make, message) => {
    expect(() => make(fixture())).toThrow(message);
    expect(() => make(fixture())).toThrow(SHAPE);
  });

  test.each<[string, (f: ReturnType<typeof fixture>) => unknown]>([
    ['Lambda faults at the edges of their ranges', (f) => drill(f, {
      functions: [f.api],
      lambdaExtension: {},
      faults: [
        DrillFault.lambdaInvocationError({ duration: Duration.minutes(1), invocationPercentage: 1 }),
        DrillFault.lambdaInvocationDelay({ duration: Duration.hours(12), invocationPercentage: 100, startupDelay: Duration.millis(0) }),
        DrillFault.lambdaHttpResponse({ statusCode: 0 }),
      ],
    })],
    ['the longest startup delay and the highest status code', (f) => drill(f, {
      functions: [f.api],
      lambdaExtension: {},
      faults: [DrillFault.lambdaInvocationDelay({ startupDelay: Duration.millis(900_000) }), DrillFault.lambdaHttpResponse({ statusCode: 999 })],
    })],
    ['a nested drill whose Name tag, with its parents\' ids, is exactly as long as FIS takes',
      (f) => new ChaosExperiments(new Construct(f.topology, 'P'.repeat(100)), 'D'.repeat(108), { stores: [f.table] })],
    ['the shortest replication pause', (f) => drill(f, { stores: [f.table], faults: [DrillFault.pauseReplication({ duration: Duration.minutes(5) })] })],
    ['a stop alarm the fault does not trip (the throttles of a function it fails)', (f) => drill(f, {
      functions: [f.api], lambdaExtension: {}, faults: [DrillFault.lambdaInvocationError()], stopAlarms: [f.api.replica('eu-west-1').throttlesAlarm],
    })],
  ])('accepts %s', (_, make) => {
    expect(() => make(fixture())).not.toThrow();
  });
});
