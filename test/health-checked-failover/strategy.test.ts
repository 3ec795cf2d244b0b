import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { zoneProps } from './fixtures';
import {
  DisasterRecoveryStrategy, FailoverRouting, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, ReplicatedCode,
  ReplicatedFunction,
} from '../../src';
import { strategyRecovery } from '../../src/health-checked-failover/failover-time';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, testApp } from '../harness';

// How the topology's disaster-recovery strategy shapes a failover: its default and accepted routings (weighted
// routing among them), and the recovery time (the failover model plus the strategy's scale-up) checked against the
// declared objective.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FORMAT = /^\[Orders\/Failover\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function failover(strategy?: DisasterRecoveryStrategy, props: Partial<HealthCheckedFailoverProps> = {}, regions = REGIONS): HealthCheckedFailover {
  const topology = new MultiRegionTopology(testApp(), 'Orders', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions, strategy });
  const service = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
  });
  return new HealthCheckedFailover(topology, 'Failover', { service, ...zoneProps(topology), ...props });
}

function records(f: HealthCheckedFailover): any[] {
  const template = Template.fromStack(MultiRegionTopology.of(f).routingStack);
  return Object.values(template.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties)
    .filter((r) => r.Name === 'api.example.com.');
}

describe('the recovery-time model per strategy', () => {
  test.each<[string, number, number, number, string]>([
    ['hot-standby', 1, 1000, 0, ''],
    ['active-active', 1, 50_000, 0, ''],
    ['pilot-light', 0, 1000, 20, 'pilot-light: 1 × 10 s Lambda scaling to 1000 more environments + 10 s cold start'],
    ['pilot-light', 0, 2500, 40, 'pilot-light: 3 × 10 s Lambda scaling to 2500 more environments + 10 s cold start'],
    ['warm-standby', 0.25, 1000, 20, 'warm-standby: 1 × 10 s Lambda scaling to 750 more environments + 10 s cold start'],
    ['warm-standby', 0.5, 4000, 30, 'warm-standby: 2 × 10 s Lambda scaling to 2000 more environments + 10 s cold start'],
    ['pilot-light', 0, 1, 20, 'pilot-light: 1 × 10 s Lambda scaling to 1 more environments + 10 s cold start'],
  ])('%s keeping %p of the floor, peak %p: adds %p s', (name, capacity, peak, seconds, formula) => {
    expect(strategyRecovery(name, capacity, peak)).toEqual({ seconds, formula });
  });

  test('hot standby (the default) and active-active add nothing: the recovery time is the failover time', () => {
    for (const strategy of [undefined, DisasterRecoveryStrategy.hotStandby(), DisasterRecoveryStrategy.activeActive()]) {
      const f = failover(strategy);
      expect(f.recoveryTime).toEqual({ failoverSeconds: 37, strategySeconds: 0, totalSeconds: 37, formula: f.failoverTime.formula });
    }
  });

  test('a pilot light adds the scale-up from zero to its peak and a cold start', () => {
    const f = failover(DisasterRecoveryStrategy.pilotLight({ peakConcurrency: 3000 }));
    expect(f.failoverTime.totalSeconds).toBe(37);
    expect(f.recoveryTime).toEqual({
      failoverSeconds: 37,
      strategySeconds: 40,
      totalSeconds: 77,
      formula: `${f.failoverTime.formula} + pilot-light: 3 × 10 s Lambda scaling to 3000 more environments + 10 s cold start`,
    });
  });

  test('accepts an objective the strategy meets exactly', () => {
    expect(failover(DisasterRecoveryStrategy.pilotLight(), { recoveryTimeObjective: Duration.seconds(57) }).recoveryTime.totalSeconds).toBe(57);
    expect(failover(DisasterRecoveryStrategy.warmStandby(), { recoveryTimeObjective: Duration.seconds(57) }).recoveryTime.totalSeconds).toBe(57);
    expect(failover(undefined, { recoveryTimeObjective: Duration.seconds(37) }).recoveryTime.totalSeconds).toBe(37);
  });
});

describe('routing per strategy', () => {
  test('active-active routes by latency by default; hot standby, warm standby and pilot light by a failover chain', () => {
    expect(records(failover(DisasterRecoveryStrategy.activeActive())).map((r) => r.Region)).toEqual(REGIONS);
    const { hotStandby, warmStandby, pilotLight } = DisasterRecoveryStrategy;
    const standbys = [undefined, hotStandby(), warmStandby(), pilotLight()];
    for (const strategy of standbys) {
      const f = failover(strategy);
      expect(f.routing.name).toBe('active-passive');
      expect(records(f).map((r) => r.Failover)).toEqual(['PRIMARY', 'SECONDARY']);
    }
  });

  test('hot standby keeps accepting latency routing, as before strategies', () => {
    expect(failover(undefined, { routing: FailoverRouting.latency() }).routing.name).toBe('latency');
  });

  test('weighted routing: one health-checked record per cell with its weight; a 0 weight is a last resort', () => {
    const f = failover(DisasterRecoveryStrategy.activeActive(), {
      routing: FailoverRouting.weighted({ weights: { 'us-east-1': 255, 'us-west-2': 1, 'eu-west-1': 0 } }),
    });
    expect(records(f).map((r) => [r.Weight, r.SetIdentifier, r.ResourceRecords[0], r.HealthCheckId !== undefined])).toEqual([
      [255, 'us-east-1', 'us-east-1.api.example.com', true],
      [1, 'us-west-2', 'us-west-2.api.example.com', true],
      [0, 'eu-west-1', 'eu-west-1.api.example.com', true],
    ]);
    expect(f.routing.name).toBe('weighted');
  });

  test('weighted routing over a subset of the cells weighs only those', () => {
    const f = failover(DisasterRecoveryStrategy.activeActive(), {
      regions: ['us-west-2', 'eu-west-1'], routing: FailoverRouting.weighted({ weights: { 'us-west-2': 1, 'eu-west-1': 1 } }),
    });
    expect(records(f).map((r) => [r.SetIdentifier, r.Weight])).toEqual([['us-west-2', 1], ['eu-west-1', 1]]);
  });

  test('an active-active topology with weighted routing passes every checker', () => {
    const f = failover(DisasterRecoveryStrategy.activeActive(), {
      routing: FailoverRouting.weighted({ weights: { 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 1 } }),
    });
    expectNoUnacknowledgedFindings(f.node.root as any);
  });
});

describe('failback hold-down', () => {
  // Route 53 reads an alarm's data stream, not its state: the hold-down is one datapoint spanning the whole N minutes
  // (Minimum of the status), so it means the same whether or not Route 53 applies evaluation periods to the stream.
  test('each record carries a CALCULATED check of the cell\'s check and a hold-down alarm that leaves ALARM after N healthy minutes', () => {
    const f = failover(DisasterRecoveryStrategy.pilotLight(), { failbackHoldDown: Duration.minutes(15) });
    const template = Template.fromStack(MultiRegionTopology.of(f).routingStack);
    template.resourceCountIs('AWS::Route53::HealthCheck', 9);
    const id = (check: any) => MultiRegionTopology.of(f).routingStack.resolve(check.healthCheckId);
    for (const region of REGIONS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `api.example.com-${region}-failback-hold-down`,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        Statistic: 'Minimum',
        Period: 900,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        Dimensions: [{ Name: 'HealthCheckId', Value: id(f.healthCheck(region)) }],
      });
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: {
          Type: 'CLOUDWATCH_METRIC',
          AlarmIdentifier: { Region: 'us-east-1', Name: `api.example.com-${region}-failback-hold-down` },
          InsufficientDataHealthStatus: 'Healthy',
        },
      });
    }
    const calculated = Object.entries(template.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'CALCULATED' } } }));
    expect(calculated.map(([, r]) => [r.Properties.HealthCheckConfig.HealthThreshold, r.Properties.HealthCheckConfig.ChildHealthChecks.length]))
      .toEqual(REGIONS.map(() => [2, 2]));
    // The records answer with a cell only while it is healthy and out of its hold-down.
    const routed = new Set(calculated.map(([logicalId]) => logicalId));
    const checked = Object.values(template.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties).filter((r) => r.HealthCheckId);
    expect(checked.length).toBe(3);
    for (const record of checked) expect(routed.has(record.HealthCheckId.Ref)).toBe(true);
    // Detection and the alarms on the cells' own checks are unchanged.
    expect(f.failoverTime.totalSeconds).toBe(37);
  });

  test('a changed hold-down makes new alarm-based checks (Route 53 does not follow an alarm\'s new settings), the alarms stay', () => {
    const logicalIds = (minutes: number) => {
      const f = failover(undefined, { failbackHoldDown: Duration.minutes(minutes) });
      const template = Template.fromStack(MultiRegionTopology.of(f).routingStack);
      return {
        checks: Object.keys(template.findResources('AWS::Route53::HealthCheck', { Properties: { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC' } } })).sort(),
        alarms: Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: Match.stringLikeRegexp('failback-hold-down') } })).sort(),
      };
    };
    const [fifteen, thirty] = [logicalIds(15), logicalIds(30)];
    expect(fifteen.checks).toHaveLength(3);
    for (const id of fifteen.checks) expect(thirty.checks).not.toContain(id);
    expect(thirty.alarms).toEqual(fifteen.alarms);
  });

  test('without a hold-down the records carry the cells\' own checks, as before', () => {
    const f = failover();
    const template = Template.fromStack(MultiRegionTopology.of(f).routingStack);
    template.resourceCountIs('AWS::Route53::HealthCheck', 3);
  });

  test('accepts the edges, one minute and one day, and passes every checker', () => {
    expect(() => failover(undefined, { failbackHoldDown: Duration.days(1) })).not.toThrow();
    const day = failover(undefined, { failbackHoldDown: Duration.days(1) });
    Template.fromStack(MultiRegionTopology.of(day).routingStack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'api.example.com-us-east-1-failback-hold-down', Period: 86400, EvaluationPeriods: 1,
    });
    const f = failover(DisasterRecoveryStrategy.warmStandby(), { failbackHoldDown: Duration.minutes(1) });
    Template.fromStack(MultiRegionTopology.of(f).routingStack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'api.example.com-us-east-1-failback-hold-down', Period: 60, EvaluationPeriods: 1,
    });
    expectNoUnacknowledgedFindings(f.node.root as any);
  });
});

describe('bad input: routing, weights and objectives a strategy cannot meet', () => {
  const weighted = (weights: any) => ({ routing: FailoverRouting.weighted({ weights }) });
  test.each<[string, DisasterRecoveryStrategy | undefined, Partial<HealthCheckedFailoverProps>, RegExp]>([
    ['fails when active-active routes by a failover chain', DisasterRecoveryStrategy.activeActive(), { routing: FailoverRouting.activePassive() },
      /invalid routing 'FailoverRouting\.activePassive\(\)': the topology's strategy is active-active, and a failover chain sends all traffic to one cell while the others idle\. Allowed: FailoverRouting\.latency\(\) or FailoverRouting\.weighted\(\{ weights \}\)\. Fix: remove `routing` \(latency by default\)/],
    ['fails when a pilot light routes by latency', DisasterRecoveryStrategy.pilotLight(), { routing: FailoverRouting.latency() },
      /invalid routing 'FailoverRouting\.latency\(\)': the topology's strategy is pilot-light: its standby cells \(us-west-2, eu-west-1\) are not sized to share the load, so only the primary may serve until it fails\. Allowed: FailoverRouting\.activePassive\(\)\. Fix: remove `routing` \(active-passive by default\)/],
    ['fails when a warm standby routes by weight', DisasterRecoveryStrategy.warmStandby(), weighted({ 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 1 }),
      /invalid routing 'FailoverRouting\.weighted\(\{ weights \}\)': the topology's strategy is warm-standby/],
    ['fails when the routing is a string', undefined, { routing: 'weighted' as any },
      /invalid routing 'weighted': it is not a FailoverRouting\. Allowed: FailoverRouting\.activePassive\(\), FailoverRouting\.latency\(\) or FailoverRouting\.weighted\(\{ weights \}\)/],
    ['fails when every weight is 0', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': 0, 'us-west-2': 0, 'eu-west-1': 0 }),
      /invalid routing\.weights \{ 'us-east-1': 0, 'us-west-2': 0, 'eu-west-1': 0 \}: every weight is 0: Route 53 would then split the traffic evenly, which is not what the weights say\. Allowed: at least one weight above 0\. Fix: give the cells that should serve a weight above 0/],
    ['fails when a routed region has no weight', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': 1, 'us-west-2': 1 }),
      /invalid routing\.weights \{ 'us-east-1': 1, 'us-west-2': 1 \}: 'eu-west-1' has no weight, and every routed cell needs one\. Allowed: a weight for each of 'us-east-1', 'us-west-2', 'eu-west-1' and no other region\. Fix: give every routed region a weight \(0 for a last resort\)\./],
    ['fails when a weighted region is not routed', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 1, 'ap-south-1': 1 }),
      /invalid routing\.weights .*: 'ap-south-1' is not routed by this failover \(its regions are 'us-east-1', 'us-west-2', 'eu-west-1'\)\..*Fix: remove the weights of regions the failover does not route to/],
    ['fails when a weight is above 255', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': 256, 'us-west-2': 1, 'eu-west-1': 1 }),
      /invalid routing\.weights\['us-east-1'\] 256: the value is above 255 \(Route 53 weighs a record with a whole number from 0 to 255\)\. Allowed: a whole number from 0 to 255/],
    ['fails when a weight is negative', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': -1, 'us-west-2': 1, 'eu-west-1': 1 }),
      /invalid routing\.weights\['us-east-1'\] -1: the value is below 0/],
    ['fails when a weight is a share', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': 0.5, 'us-west-2': 0.25, 'eu-west-1': 0.25 }),
      /invalid routing\.weights\['us-east-1'\] 0\.5: a whole number is required/],
    ['fails when a weight is a string', DisasterRecoveryStrategy.activeActive(), weighted({ 'us-east-1': '2', 'us-west-2': 1, 'eu-west-1': 1 }),
      /invalid routing\.weights\['us-east-1'\] '2': a number is required/],
    ['fails when the weights are a list', DisasterRecoveryStrategy.activeActive(), weighted([2, 1, 1]),
      /invalid routing\.weights \[2, 1, 1\]: weighted routing needs a weight for each routed region\. Allowed: an object of region to weight, e\.g\. \{ 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 1 \}/],
    ['fails when the weights are missing', DisasterRecoveryStrategy.activeActive(), weighted(undefined),
      /invalid routing\.weights undefined: weighted routing needs a weight for each routed region/],
    ['fails when a pilot light cannot meet the objective that its failover alone meets', DisasterRecoveryStrategy.pilotLight(),
      { recoveryTimeObjective: Duration.seconds(45) },
      /invalid recoveryTimeObjective Duration\.seconds\(45\): the topology's pilot-light strategy cannot meet it: the worst-case recovery is 57 s \(37 s DNS failover, then 20 s until the standby carries the load: 2 × \(10 s interval \+ 6 s HTTPS timeout\) \+ 5 s TTL \+ pilot-light: 1 × 10 s Lambda scaling to 1000 more environments \+ 10 s cold start\)\. Allowed: an objective of at least 57 s with this strategy, or a strategy that keeps more of the standby warm\. Fix: keep more warm .*lower the strategy's peakConcurrency if the load is lower \(now 1000\), or declare an objective of at least 57 s\./],
    ['fails when a warm standby\'s scale-up to a high peak misses the objective', DisasterRecoveryStrategy.warmStandby({ peakConcurrency: 10_000 }),
      { recoveryTimeObjective: Duration.minutes(1) },
      /invalid recoveryTimeObjective Duration\.minutes\(1\): the topology's warm-standby strategy cannot meet it: the worst-case recovery is 127 s/],
    ['fails when the hold-down is shorter than a minute', undefined, { failbackHoldDown: Duration.seconds(30) },
      /invalid failbackHoldDown Duration\.seconds\(30\): .*Allowed: a whole number of minutes/],
    ['fails when the hold-down is not whole minutes', undefined, { failbackHoldDown: Duration.seconds(90) },
      /invalid failbackHoldDown Duration\.seconds\(90\): the service counts whole minutes/],
    ['fails when the hold-down is longer than a day', undefined, { failbackHoldDown: Duration.days(2) },
      /invalid failbackHoldDown Duration\.days\(2\): the duration is longer than 1 day \(the hold-down is one alarm period of whole minutes, kept within a day.*Allowed: a whole number of minutes from 1 minute to 1 day/],
    ['fails when the hold-down is zero', undefined, { failbackHoldDown: Duration.minutes(0) }, /invalid failbackHoldDown Duration\.minutes\(0\): /],
    ['fails when the failover itself misses the objective, whatever the strategy', DisasterRecoveryStrategy.pilotLight(),
      { recoveryTimeObjective: Duration.seconds(30) },
      /invalid recoveryTimeObjective '30 seconds': the worst-case failover of this configuration is 37 s/],
  ])('%s', (_name, strategy, props, message) => {
    expect(() => failover(strategy, props)).toThrow(message);
    expect(() => failover(strategy, props)).toThrow(FORMAT);
  });
});
