import { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { zoneProps } from './fixtures';
import {
  DisasterRecoveryStrategy, FailoverRouting, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, RegionSwitchPlan,
  ReplicatedCode, ReplicatedFunction,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, testApp } from '../harness';

// Moving a deployed name between routings (failover ↔ latency ↔ weighted). Route 53 refuses records of different
// routing policies for one name and type, and CloudFormation creates an update's new resources before deleting the old
// ones: the tests show which records each routing deploys (so what a one-step switch would ask CloudFormation to
// create beside the old ones), and the two-step migration that `replacedRouting` gives.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const NAME = 'api.example.com.';
const FORMAT = /^\[Orders\/Failover\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;
const WEIGHTS = { 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 1 };

const ROUTINGS: Record<string, () => FailoverRouting> = {
  'active-passive': () => FailoverRouting.activePassive(),
  'latency': () => FailoverRouting.latency(),
  'weighted': () => FailoverRouting.weighted({ weights: WEIGHTS }),
};

function failover(props: Partial<HealthCheckedFailoverProps> = {}): HealthCheckedFailover {
  // Hot standby (the default) accepts all three routings.
  const topology = new MultiRegionTopology(testApp(), 'Orders', {
    account: TEST_ACCOUNT, primaryRegion: REGIONS[0], regions: REGIONS, strategy: DisasterRecoveryStrategy.hotStandby(),
  });
  const service = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
  });
  return new HealthCheckedFailover(topology, 'Failover', { service, ...zoneProps(topology), ...props });
}

function template(f: HealthCheckedFailover): Template {
  return Template.fromStack(MultiRegionTopology.of(f).routingStack);
}

/** The record sets of the name itself, by logical id, with the routing policy each one has. */
function recordsOfName(f: HealthCheckedFailover): Record<string, string> {
  const records = template(f).findResources('AWS::Route53::RecordSet', { Properties: { Name: NAME } });
  return Object.fromEntries(Object.entries(records).map(([id, r]) => [id, policy(r.Properties)]));
}

function policy(record: any): string {
  return record.Failover ? 'failover' : record.Region ? 'latency' : record.Weight !== undefined ? 'weighted' : 'simple';
}

describe('a routing switch in one deployment', () => {
  // Every pair: the new routing's records of the name have logical ids the old template lacks (CloudFormation creates
  // them first) and another routing policy than the old ones still there (Route 53 refuses the first of them), so
  // the deployment fails and rolls back with the old records in place.
  const pairs = Object.keys(ROUTINGS).flatMap((from) => Object.keys(ROUTINGS).filter((to) => to !== from).map((to) => [from, to]));
  test.each(pairs)('from %s to %s: new records of another policy for the same name, under new logical ids', (from, to) => {
    const before = recordsOfName(failover({ routing: ROUTINGS[from]() }));
    const after = recordsOfName(failover({ routing: ROUTINGS[to]() }));
    const created = Object.keys(after).filter((id) => !(id in before));
    expect(created).toEqual(Object.keys(after));
    expect(new Set(Object.values(before)).size).toBe(1);
    expect(new Set(Object.values(after)).size).toBe(1);
    expect(Object.values(after)[0]).not.toBe(Object.values(before)[0]);
  });

  test('within one routing, a change updates the same records in place (same logical ids and set identifiers)', () => {
    const ids = (f: HealthCheckedFailover) => Object.entries(template(f).findResources('AWS::Route53::RecordSet', { Properties: { Name: NAME } }))
      .map(([id, r]) => [id, r.Properties.SetIdentifier]);
    const before = failover({ routing: FailoverRouting.weighted({ weights: WEIGHTS }) });
    const after = failover({ routing: FailoverRouting.weighted({ weights: { 'us-east-1': 1, 'us-west-2': 1, 'eu-west-1': 0 } }) });
    expect(ids(after)).toEqual(ids(before));
  });
});

describe('the two-step migration (replacedRouting)', () => {
  test('step 1 deploys no record of the name, nor of the chain, and keeps the health checks and their alarms', () => {
    const f = failover({ routing: FailoverRouting.latency(), replacedRouting: 'active-passive' });
    const t = template(f);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    t.resourceCountIs('AWS::Route53::HealthCheck', 3);
    const stack = MultiRegionTopology.of(f).routingStack;
    for (const region of REGIONS) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'HealthCheckStatus', Dimensions: [{ Name: 'HealthCheckId', Value: stack.resolve(f.healthCheck(region).healthCheckId) }],
      });
    }
    expect(f.routing.name).toBe('latency');
    const info = f.node.metadata.filter((m) => m.type === 'aws:cdk:info').map((m) => String(m.data));
    expect(info).toEqual([expect.stringMatching(/^api\.example\.com: step 1 of moving from active-passive to latency routing: this deployment deletes the name's records/)]);
  });

  test('step 2 (replacedRouting removed) deploys the new routing\'s records', () => {
    const f = failover({ routing: FailoverRouting.latency() });
    expect(Object.values(recordsOfName(f))).toEqual(['latency', 'latency', 'latency']);
  });

  test.each([
    ['active-passive', 'latency'], ['active-passive', 'weighted'], ['latency', 'active-passive'], ['latency', 'weighted'],
    ['weighted', 'active-passive'], ['weighted', 'latency'],
  ])('accepts step 1 from %s to %s', (from, to) => {
    const f = failover({ routing: ROUTINGS[to](), replacedRouting: from });
    template(f).resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('step 1 under active-active (from the chain to latency) passes every checker', () => {
    const topology = new MultiRegionTopology(testApp(), 'Orders', {
      account: TEST_ACCOUNT, primaryRegion: REGIONS[0], regions: REGIONS, strategy: DisasterRecoveryStrategy.activeActive(),
    });
    const service = new ReplicatedFunction(topology, 'Api', {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
    });
    const f = new HealthCheckedFailover(topology, 'Failover', { service, ...zoneProps(topology), replacedRouting: 'active-passive' });
    expect(f.routing.name).toBe('latency');
    expectNoUnacknowledgedFindings(f.node.root as any);
  });

  test('fails when a RegionSwitchPlan switches the name during step 1 (its records are being deleted)', () => {
    // A Region switch plan takes exactly two regions.
    const f = failover({ routing: FailoverRouting.latency(), replacedRouting: 'active-passive', regions: ['us-east-1', 'us-west-2'] });
    const build = () => new RegionSwitchPlan(MultiRegionTopology.of(f), 'Switch', { failover: f });
    expect(build).toThrow(/^\[Orders\/Failover\] invalid replacedRouting 'active-passive': a RegionSwitchPlan switches this name's record sets, and step 1 of a routing change deletes them: the plan would switch nothing\. Allowed: replacedRouting on a failover that no RegionSwitchPlan switches\. Fix: finish the routing change \(step 2: remove replacedRouting\) before adding the plan/);
  });

  test('accepts a RegionSwitchPlan once the routing change is done (step 2)', () => {
    const f = failover({ routing: FailoverRouting.latency(), regions: ['us-east-1', 'us-west-2'] });
    expect(() => new RegionSwitchPlan(MultiRegionTopology.of(f), 'Switch', { failover: f })).not.toThrow();
  });

  test.each<[string, Partial<HealthCheckedFailoverProps>, RegExp]>([
    ['fails when replacedRouting is the routing being deployed', { routing: FailoverRouting.latency(), replacedRouting: 'latency' },
      /invalid replacedRouting 'latency': it is the routing being deployed \(latency\): records of one routing update in place \(weights, TTL, health checks\), so there is nothing to migrate, and this would only delete the name's records\. Allowed: a routing other than latency: active-passive or weighted\. Fix: remove replacedRouting\./],
    ['fails when replacedRouting is the default routing left implicit', { replacedRouting: 'active-passive' },
      /invalid replacedRouting 'active-passive': it is the routing being deployed \(active-passive\)/],
    ['fails when replacedRouting is not a routing name', { routing: FailoverRouting.latency(), replacedRouting: 'failover' },
      /invalid replacedRouting 'failover': it names the routing \(FailoverRouting\.name\) of the records deployed now, which step 1 of a routing change deletes\. Allowed: one of active-passive, latency, weighted\. Fix: name the deployed routing, or remove replacedRouting\./],
    ['fails when replacedRouting is a FailoverRouting rather than its name', { routing: FailoverRouting.latency(), replacedRouting: FailoverRouting.activePassive() as any },
      /invalid replacedRouting .*: it names the routing \(FailoverRouting\.name\)/],
    ['fails when replacedRouting is in another case', { routing: FailoverRouting.latency(), replacedRouting: 'Weighted' },
      /invalid replacedRouting 'Weighted': .*Allowed: one of active-passive, latency, weighted/],
  ])('%s', (_name, props, message) => {
    expect(() => failover(props)).toThrow(message);
    expect(() => failover(props)).toThrow(FORMAT);
  });
});
