import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  DisasterRecoveryStrategy, FailoverRouting, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps,
} from '../../src';
import { standbyFloor } from '../../src/private/standby-floor';
import { TemplateResource } from '../../src/report/cost';
import { ReportInput } from '../../src/report/model';
import { renderStrategyComparison, renderSummary } from '../../src/report/render';
import { compareStrategies } from '../../src/report/strategy-cost';
import { TEST_ACCOUNT, synthesize, testApp } from '../harness';

// The four strategies side by side: each one's standing monthly cost for the topology as configured and each name's
// recovery time under it. Every figure is worked by hand from the list prices (us-east-1) and 730 hours (2,628,000 s)
// a month: provisioned concurrency x86 $0.0000041667 per GB-second, so one execution at 1 GB is $10.9501 a month;
// Arm $0.0000033334, so one at 512 MB is $4.3801 a month.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

function report(strategy?: DisasterRecoveryStrategy, fnProps: Partial<ReplicatedFunctionProps> = {},
  routing?: FailoverRouting): { json: any; markdown: string } {
  const app: App = testApp();
  const topology = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS, strategy });
  const api = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
    memorySize: 1024,
    ...fnProps,
  });
  const zone = HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  new HealthCheckedFailover(topology, 'Failover', { service: api, hostedZone: zone, recordName: 'api.example.com', routing });
  const outdir = synthesize(app).directory;
  return {
    json: JSON.parse(readFileSync(join(outdir, 'Orders.resilience.json'), 'utf-8')),
    markdown: readFileSync(join(outdir, 'Orders.resilience.md'), 'utf-8'),
  };
}

const FLOOR_20 = { provisionedConcurrency: { minCapacity: 20, maxCapacity: 40 } };
const summary = (e: any) => [e.strategy, e.current, e.provisionedConcurrencyUsd, e.differenceUsd, e.recovery.map((r: any) => r.totalSeconds)];

describe('strategies side by side', () => {
  test('hot standby (the default), floor 20 at 1 GB: the standby cells\' floors are what differs, recovery as each strategy models it', () => {
    const { json, markdown } = report(undefined, FLOOR_20);
    const [activeActive, hot, warm, pilot] = json.strategyComparison;
    // 20 × $10.9501 = $219.00 a cell; a warm standby keeps ceil(20 × 0.25) = 5: 5 × $10.9501 = $54.75.
    expect(json.strategyComparison.map(summary)).toEqual([
      ['active-active', false, 657, 0, [37]],
      ['hot-standby', true, 657, 0, [37]],
      ['warm-standby', false, 328.5, -328.5, [57]],
      ['pilot-light', false, 219, -438, [57]],
    ]);
    expect(hot.monthlyUsd).toBe(json.cost.monthlyUsd);
    expect(warm.monthlyUsd).toBeCloseTo(json.cost.monthlyUsd - 328.5, 2);
    expect(pilot.monthlyUsd).toBeCloseTo(json.cost.monthlyUsd - 438, 2);
    expect(activeActive.monthlyUsd).toBe(hot.monthlyUsd);
    expect(warm.provisionedConcurrency).toEqual([
      { functionName: 'Orders-Api', region: 'us-east-1', concurrentExecutions: 20, monthlyUsd: 219 },
      { functionName: 'Orders-Api', region: 'us-west-2', concurrentExecutions: 5, monthlyUsd: 54.75 },
      { functionName: 'Orders-Api', region: 'eu-west-1', concurrentExecutions: 5, monthlyUsd: 54.75 },
    ]);
    expect(warm.standbyCapacity).toBe(0.25);
    expect(pilot.recovery).toEqual([{ recordName: 'api.example.com', strategy: 'pilot-light', failoverSeconds: 37, strategySeconds: 20, totalSeconds: 57 }]);
    // The failover's chain is refused under active-active only.
    expect(json.strategyComparison.map((e: any) => e.routingChanges)).toEqual([[{ recordName: 'api.example.com', routing: 'active-passive' }], [], [], []]);
    expect(activeActive.standbyRegions).toEqual([]);
    expect(pilot.standbyRegions).toEqual(['us-west-2', 'eu-west-1']);

    expect(markdown).toContain('## Strategies side by side');
    expect(markdown).toContain('| strategy | standby cells | provisioned concurrency | per month | difference | recovery api.example.com | routing |');
    expect(markdown).toContain(`| **hot-standby** (chosen) | us-west-2, eu-west-1 | Orders-Api 20/20/20 ($657.00) | $${hot.monthlyUsd.toFixed(2)} | - | 37 s | active-passive or latency or weighted |`);
    expect(markdown).toContain(`| warm-standby | us-west-2, eu-west-1 | Orders-Api 20/5/5 ($328.50) | $${warm.monthlyUsd.toFixed(2)} | -$328.50 | 57 s (37 + 20) | active-passive |`);
    expect(markdown).toContain('| active-active | - | Orders-Api 20/20/20 ($657.00) |');
    expect(markdown).toContain('| latency or weighted: change api.example.com (active-passive) |');
    expect(renderSummary(json, 'Orders.resilience.md')).toContain(
      `  per strategy, fixed monthly cost and worst recovery: active-active $${activeActive.monthlyUsd.toFixed(2)}, 37 s; ` +
      `hot-standby (chosen) $${hot.monthlyUsd.toFixed(2)}, 37 s; warm-standby $${warm.monthlyUsd.toFixed(2)}, 57 s; pilot-light $${pilot.monthlyUsd.toFixed(2)}, 57 s\n`);
  });

  test('a pilot light: its templates keep no standby floor, and the comparison still takes the declared floor from the primary', () => {
    const { json } = report(DisasterRecoveryStrategy.pilotLight({ peakConcurrency: 2500 }), FLOOR_20);
    expect(json.strategyComparison.map(summary)).toEqual([
      ['active-active', false, 657, 438, [37]],
      ['hot-standby', false, 657, 438, [37]],
      // 2,500 × 0.75 = 1,875 missing: 2 × 10 s + 10 s; from zero, 2,500: 3 × 10 s + 10 s.
      ['warm-standby', false, 328.5, 109.5, [67]],
      ['pilot-light', true, 219, 0, [77]],
    ]);
    expect(json.strategyComparison[3].monthlyUsd).toBe(json.cost.monthlyUsd);
    expect(json.cost.lines.filter((l: any) => l.kind === 'provisioned-concurrency').map((l: any) => l.monthlyUsd)).toEqual([219]);
  });

  test('a warm standby compares at its own capacity: 0.1 of 20 keeps 2', () => {
    const { json } = report(DisasterRecoveryStrategy.warmStandby({ standbyCapacity: 0.1 }), FLOOR_20);
    const warm = json.strategyComparison[2];
    // 219.00 + 2 × (2 × $10.9501 = $21.90).
    expect([warm.current, warm.standbyCapacity, warm.provisionedConcurrencyUsd, warm.monthlyUsd]).toEqual([true, 0.1, 262.8, json.cost.monthlyUsd]);
    expect(json.strategyComparison[1].differenceUsd).toBe(394.2);
  });

  test('active-active with weighted routing: the standby strategies would need a failover chain', () => {
    const { json } = report(DisasterRecoveryStrategy.activeActive(), FLOOR_20,
      FailoverRouting.weighted({ weights: { 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 1 } }));
    expect(json.strategyComparison.map((e: any) => [e.strategy, e.current, e.routingChanges.length])).toEqual([
      ['active-active', true, 0], ['hot-standby', false, 0], ['warm-standby', false, 1], ['pilot-light', false, 1],
    ]);
    expect(json.strategyComparison[0].monthlyUsd).toBe(json.cost.monthlyUsd);
    expect(json.strategyComparison[0].routingChanges).toEqual([]);
    expect(json.strategyComparison[2].routingChanges).toEqual([{ recordName: 'api.example.com', routing: 'weighted' }]);
  });

  test('accepts a topology without provisioned concurrency: every strategy costs the same, recovery still differs', () => {
    const { json, markdown } = report();
    expect(json.strategyComparison.map(summary)).toEqual([
      ['active-active', false, 0, 0, [37]], ['hot-standby', true, 0, 0, [37]], ['warm-standby', false, 0, 0, [57]], ['pilot-light', false, 0, 0, [57]],
    ]);
    expect(json.strategyComparison.every((e: any) => e.monthlyUsd === json.cost.monthlyUsd)).toBe(true);
    expect(markdown).toContain('| warm-standby | us-west-2, eu-west-1 | none declared ($0.00) |');
  });
});

describe('compareStrategies on templates', () => {
  const cells = REGIONS.map((region, i) => ({ region, stackName: `S-${region}`, primary: i === 0 }));
  const alternatives = [
    { name: 'hot-standby', standbyRegions: REGIONS.slice(1), standbyCapacity: 1, routings: ['active-passive'] },
    { name: 'warm-standby', standbyRegions: REGIONS.slice(1), standbyCapacity: 0.1, routings: ['active-passive'] },
  ];
  const input = { cells, strategy: { name: 'hot-standby', alternatives } } as unknown as ReportInput;
  const fn = (stack: string, name: string, id: string): TemplateResource => ({
    stack, logicalId: id, type: 'AWS::Lambda::Function', properties: { FunctionName: name, MemorySize: 512, Architectures: ['arm64'] },
  });
  const alias = (stack: string, id: string, fnId: string, count: number): TemplateResource => ({
    stack,
    logicalId: `${id}Alias`,
    type: 'AWS::Lambda::Alias',
    properties: { FunctionName: { Ref: fnId }, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: count } },
  });

  test('Arm at 512 MB, floor 8, a warm standby at 0.1 keeps 1 (never 0); a function of the primary cell only stays there', () => {
    const resources = [
      ...cells.flatMap((c) => [fn(c.stackName, 'Api', 'Fn'), alias(c.stackName, 'Api', 'Fn', 8)]),
      fn('S-us-east-1', 'Reports', 'Rep'), alias('S-us-east-1', 'Reports', 'Rep', 2),
    ];
    // 8 × $4.3801 = $35.04 a cell, 1 × $4.3801 = $4.38; the primary-only function 2 × $4.3801 = $8.76.
    const [hot, warm] = compareStrategies(input, resources, 200, [], []);
    expect(hot).toMatchObject({ provisionedConcurrencyUsd: 113.88, monthlyUsd: 200, differenceUsd: 0 });
    expect(warm).toMatchObject({ provisionedConcurrencyUsd: 52.56, monthlyUsd: 138.68, differenceUsd: -61.32 });
    expect(warm.provisionedConcurrency.map((p) => [p.functionName, p.region, p.concurrentExecutions])).toEqual([
      ['Api', 'us-east-1', 8], ['Api', 'us-west-2', 1], ['Api', 'eu-west-1', 1], ['Reports', 'us-east-1', 2],
    ]);
    expect(renderStrategyComparison({ strategyComparison: [hot, warm] } as any)[0]).toBe('## Strategies side by side');
  });

  test.each([[20, 1, 20], [20, 0.25, 5], [20, 0.1, 2], [8, 0.1, 1], [1, 0.01, 1], [20, 0, 0]])(
    'a standby floor of %p at %p keeps %p', (floor, capacity, expected) => {
      expect(standbyFloor(floor, capacity)).toBe(expected);
    });
});
