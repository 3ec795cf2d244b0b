import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  ChaosExperiments, DisasterRecoveryStrategy, GlobalTableStore, HealthCheckedFailover, MultiRegionTopology, MultiRegionTopologyProps,
  ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, synthesize, testApp } from '../harness';

// What each disaster-recovery strategy sets in each cell: provisioned concurrency of the standby cells, the default
// drill regions, and what the report says. Routing and recovery time: test/health-checked-failover/strategy.test.ts.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FORMAT = /^\[Orders\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(props: Partial<MultiRegionTopologyProps> = {}, app: App = testApp()): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS, ...props });
}

function service(t: MultiRegionTopology, props: Partial<ReplicatedFunctionProps> = {}): ReplicatedFunction {
  return new ReplicatedFunction(t, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'), ...props,
  });
}

const PROVISIONED = { reservedConcurrentExecutions: 50, provisionedConcurrency: { minCapacity: 8, maxCapacity: 20 } };

/** The provisioned concurrency floor of each cell's alias, and its autoscaling range (undefined: none). */
function capacity(t: MultiRegionTopology): Record<string, { floor?: number; range?: [number, number]; reserved?: number }> {
  return Object.fromEntries(t.cells.map((cell) => {
    const template = Template.fromStack(cell);
    const alias = Object.values(template.findResources('AWS::Lambda::Alias'))[0];
    const target = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'Orders-Api' } }))[0];
    return [cell.region, {
      floor: alias.Properties.ProvisionedConcurrencyConfig?.ProvisionedConcurrentExecutions,
      range: target ? [target.Properties.MinCapacity, target.Properties.MaxCapacity] : undefined,
      reserved: fn.Properties.ReservedConcurrentExecutions,
    }];
  }));
}

describe('DisasterRecoveryStrategy: what each strategy sets per cell', () => {
  test('the default is hot standby: every cell as declared, drills in every cell (the behaviour before strategies)', () => {
    const t = topology();
    service(t, PROVISIONED);
    expect(t.strategy.name).toBe('hot-standby');
    const full = { floor: 8, range: [8, 20], reserved: 50 };
    expect(capacity(t)).toEqual({ 'us-east-1': full, 'us-west-2': full, 'eu-west-1': full });
  });

  test('active-active: every cell as declared', () => {
    const t = topology({ strategy: DisasterRecoveryStrategy.activeActive() });
    service(t, PROVISIONED);
    expect(t.strategy.name).toBe('active-active');
    const full = { floor: 8, range: [8, 20], reserved: 50 };
    expect(capacity(t)).toEqual({ 'us-east-1': full, 'us-west-2': full, 'eu-west-1': full });
  });

  test('warm standby: the standby cells keep a quarter of the floor (rounded up) and the ceiling; reserved concurrency stays', () => {
    const t = topology({ strategy: DisasterRecoveryStrategy.warmStandby() });
    service(t, PROVISIONED);
    const standby = { floor: 2, range: [2, 20], reserved: 50 };
    expect(capacity(t)).toEqual({ 'us-east-1': { floor: 8, range: [8, 20], reserved: 50 }, 'us-west-2': standby, 'eu-west-1': standby });
  });

  test('warm standby of a fixed floor: the standby autoscales from its reduced floor up to the declared one, at least 1', () => {
    const t = topology({ strategy: DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0.1 }) });
    service(t, { provisionedConcurrency: { minCapacity: 4 } });
    expect(capacity(t)).toEqual({
      'us-east-1': { floor: 4, range: [4, 4] },
      'us-west-2': { floor: 1, range: [1, 4] },
      'eu-west-1': { floor: 1, range: [1, 4] },
    });
    Template.fromStack(t.cell('us-west-2')).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 0.7 }),
    });
  });

  test('pilot light: nothing provisioned in the standby cells; reserved concurrency (a free ceiling) stays', () => {
    const t = topology({ strategy: DisasterRecoveryStrategy.pilotLight() });
    service(t, PROVISIONED);
    const standby = { floor: undefined, range: undefined, reserved: 50 };
    expect(capacity(t)).toEqual({ 'us-east-1': { floor: 8, range: [8, 20], reserved: 50 }, 'us-west-2': standby, 'eu-west-1': standby });
  });

  test('a function without provisioned concurrency is the same in every cell under every strategy', () => {
    for (const strategy of [DisasterRecoveryStrategy.warmStandby(), DisasterRecoveryStrategy.pilotLight()]) {
      const t = topology({ strategy });
      service(t);
      expect(Object.values(capacity(t))).toEqual(REGIONS.map(() => ({ floor: undefined, range: undefined, reserved: undefined })));
    }
  });

  test('drills default to the serving cells: the primary alone with a warm standby or pilot light, every cell otherwise', () => {
    const cases: [DisasterRecoveryStrategy, string[]][] = [
      [DisasterRecoveryStrategy.hotStandby(), REGIONS],
      [DisasterRecoveryStrategy.activeActive(), REGIONS],
      [DisasterRecoveryStrategy.warmStandby(), ['us-east-1']],
      [DisasterRecoveryStrategy.pilotLight(), ['us-east-1']],
    ];
    for (const [strategy, regions] of cases) {
      const t = topology({ strategy });
      const table = new GlobalTableStore(t, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, backup: { enabled: false } });
      expect(new ChaosExperiments(t, 'Drills', { stores: [table] }).regions).toEqual(regions);
    }
    // A standby can still be drilled on purpose.
    const t = topology({ strategy: DisasterRecoveryStrategy.pilotLight() });
    const table = new GlobalTableStore(t, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, backup: { enabled: false } });
    expect(new ChaosExperiments(t, 'Drills', { stores: [table], regions: ['us-west-2'] }).regions).toEqual(['us-west-2']);
  });

  test('the report and the synth summary name the strategy, its standby cells and the recovery time', () => {
    const app = testApp();
    const t = topology({ strategy: DisasterRecoveryStrategy.pilotLight() }, app);
    const api = service(t);
    const zone = HostedZone.fromHostedZoneAttributes(t.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const failover = new HealthCheckedFailover(t, 'Failover', { service: api, hostedZone: zone, recordName: 'api.example.com' });
    const outdir = synthesize(app).directory;
    const json = JSON.parse(readFileSync(join(outdir, 'Orders.resilience.json'), 'utf-8'));
    expect(json.strategy).toEqual({
      name: 'pilot-light',
      standbyRegions: ['us-west-2', 'eu-west-1'],
      standbyCapacity: 0,
      recovery: [{ recordName: 'api.example.com', ...failover.recoveryTime, recoveryTimeObjectiveSeconds: null }],
    });
    expect(json.strategy.recovery[0]).toMatchObject({ failoverSeconds: 37, strategySeconds: 20, totalSeconds: 57 });
    const markdown = readFileSync(join(outdir, 'Orders.resilience.md'), 'utf-8');
    expect(markdown).toContain('Disaster-recovery strategy: **pilot-light**, standby cells us-west-2, eu-west-1 at 0% of the provisioned concurrency floor.');
    expect(markdown).toContain('| api.example.com | 37 s | 20 s | **57 s** | none declared |');
  });

  test('warm standby and pilot light topologies pass every checker', () => {
    for (const strategy of [DisasterRecoveryStrategy.warmStandby(), DisasterRecoveryStrategy.pilotLight()]) {
      const app = testApp();
      const t = topology({ strategy }, app);
      const api = service(t, PROVISIONED);
      const zone = HostedZone.fromHostedZoneAttributes(t.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
      new HealthCheckedFailover(t, 'Failover', { service: api, hostedZone: zone, recordName: 'api.example.com' });
      expectNoUnacknowledgedFindings(app);
    }
  });
});

describe('DisasterRecoveryStrategy: bad input fails at synth with the value as given, the problem and the fix', () => {
  test.each<[string, () => DisasterRecoveryStrategy | undefined, RegExp]>([
    ['fails when the strategy is a string', () => 'pilot-light' as any,
      /\[Orders\] invalid strategy 'pilot-light': it is not a DisasterRecoveryStrategy\. Allowed: DisasterRecoveryStrategy\.activeActive\(\), \.hotStandby\(\), \.warmStandby\(\{\.\.\.\}\) or \.pilotLight\(\{\.\.\.\}\)\. Fix: build strategy with/],
    ['fails when a warm standby keeps nothing warm', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0 }),
      /invalid strategy\.standbyCapacity 0: a standby with nothing warm is a pilot light\. Allowed: a number above 0 and below 1, such as 0\.25\. Fix: use DisasterRecoveryStrategy\.pilotLight\(\)\./],
    ['fails when a warm standby keeps everything warm', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 1 }),
      /invalid strategy\.standbyCapacity 1: a standby at full capacity is a hot standby\. Allowed: .*\. Fix: use DisasterRecoveryStrategy\.hotStandby\(\)\./],
    ['fails when the standby capacity is a percentage', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 25 }),
      /invalid strategy\.standbyCapacity 25: it is the share of the provisioned concurrency floor a standby keeps\. Allowed: a number above 0 and below 1.*Fix: pass the share, e\.g\. standbyCapacity: 0\.25\./],
    ['fails when the standby capacity is NaN', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: NaN }), /invalid strategy\.standbyCapacity NaN: it is the share/],
    ['fails when the standby capacity is a string', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: '0.5' as any }),
      /invalid strategy\.standbyCapacity '0\.5': it is the share/],
    ['fails when the peak concurrency is 0', () => DisasterRecoveryStrategy.pilotLight({ peakConcurrency: 0 }),
      /invalid strategy\.peakConcurrency 0: the value is below 1 \(the concurrency a standby must reach to carry the whole load\)\. Allowed: a whole number of concurrent executions/],
    ['fails when the peak concurrency is a fraction', () => DisasterRecoveryStrategy.warmStandby({ peakConcurrency: 1.5 }),
      /invalid strategy\.peakConcurrency 1\.5: a whole number is required/],
    ['fails when the peak concurrency is infinite', () => DisasterRecoveryStrategy.pilotLight({ peakConcurrency: Infinity }),
      /invalid strategy\.peakConcurrency Infinity: the value must be finite/],
  ])('%s', (_name, strategy, message) => {
    expect(() => topology({ strategy: strategy() })).toThrow(message);
    expect(() => topology({ strategy: strategy() })).toThrow(FORMAT);
  });

  test.each<[string, () => DisasterRecoveryStrategy]>([
    ['accepts the smallest standby capacity above 0', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0.01 })],
    ['accepts the largest standby capacity below 1', () => DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0.99 })],
    ['accepts a peak concurrency of 1', () => DisasterRecoveryStrategy.pilotLight({ peakConcurrency: 1 })],
    ['accepts an explicit hot standby', () => DisasterRecoveryStrategy.hotStandby()],
  ])('%s', (_name, strategy) => {
    const t = topology({ strategy: strategy() });
    service(t, PROVISIONED);
    expect(() => synthesize(t.node.root as App)).not.toThrow();
  });
});
