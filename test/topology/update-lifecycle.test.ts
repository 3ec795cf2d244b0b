import { App, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnRecordSet, HostedZone } from 'aws-cdk-lib/aws-route53';
import { buildOrdersService } from '../../example/orders-service';
import { FailoverRouting, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../../src';
import { TEST_ACCOUNT, synthesize, testApp } from '../harness';
import { planUpdate } from '../harness/update-plan';

const ZONE = { hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' };

/** The example app in `regions` (primary first), synthesized. */
function orders(regions: string[]) {
  const app = testApp();
  buildOrdersService(app, { account: TEST_ACCOUNT, ...ZONE, regions });
  return synthesize(app);
}

/** One plain stack in us-east-1, built by `build`, synthesized. */
function plain(build: (stack: Stack) => void) {
  const app: App = testApp();
  build(new Stack(app, 'Plain', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } }));
  return synthesize(app);
}

const record = (stack: Stack, id: string) => new CfnRecordSet(stack, id, {
  hostedZoneId: ZONE.hostedZoneId,
  name: 'api.orders.example.com',
  type: 'CNAME',
  ttl: '60',
  setIdentifier: 'us-east-1',
  failover: 'PRIMARY',
  resourceRecords: ['us-east-1.api.orders.example.com'],
});

describe('the update plan finds what CloudFormation would refuse', () => {
  test('a named resource whose create-only property changes is replaced under its own name: refused', () => {
    const plan = planUpdate(
      plain((s) => new Role(s, 'Ops', { roleName: 'orders-ops', path: '/', assumedBy: new AccountRootPrincipal() })),
      plain((s) => new Role(s, 'Ops', { roleName: 'orders-ops', path: '/ops/', assumedBy: new AccountRootPrincipal() })),
    );
    expect(plan.updates[0].replaced).toEqual([expect.stringMatching(/^Ops/)]);
    expect(plan.findings).toEqual([expect.objectContaining({
      id: 'Update-ReplaceCustomNamed',
      path: 'Plain/Ops/Resource',
      message: expect.stringMatching(/^AWS::IAM::Role RoleName="orders-ops" is replaced under the same name: CloudFormation cannot update a stack when a custom-named resource requires replacing/),
    })]);
  });

  test('the same change to an unnamed resource is a replacement, and fine', () => {
    const plan = planUpdate(
      plain((s) => new Role(s, 'Ops', { path: '/', assumedBy: new AccountRootPrincipal() })),
      plain((s) => new Role(s, 'Ops', { path: '/ops/', assumedBy: new AccountRootPrincipal() })),
    );
    expect(plan.updates[0].replaced).toEqual([expect.stringMatching(/^Ops/)]);
    expect(plan.findings).toEqual([]);
  });

  test('a named resource given a new logical id is created before the old one goes: refused', () => {
    const plan = planUpdate(
      plain((s) => new LogGroup(s, 'Logs', { logGroupName: '/orders/api' })),
      plain((s) => new LogGroup(s, 'ApiLogs', { logGroupName: '/orders/api' })),
    );
    expect(plan.updates[0]).toMatchObject({ created: [expect.stringMatching(/^ApiLogs/)], deleted: [expect.stringMatching(/^Logs/)] });
    expect(plan.findings).toEqual([expect.objectContaining({
      id: 'Update-NameStillTaken',
      path: 'Plain/ApiLogs/Resource',
      message: expect.stringMatching(/LogGroupName="\/orders\/api" is created while Plain\/Logs.* still holds that name/),
    })]);
  });

  test('a Route 53 record given a new logical id under the same set identifier: refused; under a new one: fine', () => {
    const moved = planUpdate(plain((s) => record(s, 'Primary')), plain((s) => record(s, 'Primary0')));
    expect(moved.findings.map((f) => f.id)).toEqual(['Update-NameStillTaken']);
    const renamed = planUpdate(plain((s) => record(s, 'Primary')), plain((s) => record(s, 'Primary0').setIdentifier = 'us-east-1-a'));
    expect(renamed.findings).toEqual([]);
  });

  test('a reference from a create-only property to a replaced resource replaces the referrer too', () => {
    const withLogs = (path: string) => plain((s) => {
      const role = new Role(s, 'Ops', { path, assumedBy: new AccountRootPrincipal() });
      new LogGroup(s, 'Logs', { logGroupName: role.roleName });
    });
    const plan = planUpdate(withLogs('/'), withLogs('/ops/'));
    expect(plan.updates[0].replaced.sort()).toEqual([expect.stringMatching(/^Logs/), expect.stringMatching(/^Ops/)]);
  });
});

describe('updating the example app when its regions change', () => {
  // Every stack both versions have is updated in place: the global table gains or loses a replica, the routing stack
  // creates or deletes the health checks and records of the region (the failover chain's first link keeps its logical
  // id and changes its set identifier, which the schema of AWS::Route53::RecordSet does not list as create-only: an
  // update, not a replacement), and the primary cell creates or deletes the replication alarms toward that region.
  test.each([
    ['a region is added at the end of the failover order', ['us-east-1', 'us-west-2', 'eu-west-1'], ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']],
    ['a region is added to a two-region chain', ['us-east-1', 'us-west-2'], ['us-east-1', 'us-west-2', 'eu-west-1']],
    ['the last region is removed', ['us-east-1', 'us-west-2', 'eu-west-1'], ['us-east-1', 'us-west-2']],
    ['a middle region is removed', ['us-east-1', 'us-west-2', 'eu-west-1'], ['us-east-1', 'eu-west-1']],
  ])('%s: nothing is replaced, and nothing CloudFormation would refuse', (_, from, to) => {
    const plan = planUpdate(orders(from), orders(to));
    expect(plan.updates.flatMap((u) => u.replaced.map((id) => `${u.stack}/${id}`))).toEqual([]);
    expect(plan.findings).toEqual([]);
  });
});

describe('changing the routing of a deployed name', () => {
  /** A three-region API behind one name, routed as `props` say, synthesized. */
  function api(props: Partial<HealthCheckedFailoverProps>) {
    const app = testApp();
    const topology = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
    const service = new ReplicatedFunction(topology, 'Api', {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    new HealthCheckedFailover(topology, 'ApiFailover', {
      service,
      hostedZone: HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', ZONE),
      recordName: 'api.orders.example.com',
      ...props,
    });
    return synthesize(app);
  }

  test('in one deployment: refused, Route 53 holds no two routing policies for one name', () => {
    const plan = planUpdate(api({}), api({ routing: FailoverRouting.latency() }));
    // The latency record of a region also takes the set identifier of its failover record (the region's name).
    expect(new Set(plan.findings.map((f) => f.id))).toEqual(new Set(['Update-MixedRouting', 'Update-NameStillTaken']));
    expect(plan.findings.find((f) => f.id === 'Update-MixedRouting')!.message).toMatch(
      /^the latency record 'api\.orders\.example\.com' CNAME in zone "Z0EXAMPLE0ORDERS0ZONE" is created while the failover record ApiFailoverPrimary0\w* of the same name and type is still there/);
  });

  test('in the two steps of replacedRouting: each deployment is one Route 53 accepts', () => {
    const failover = api({});
    const step1 = api({ routing: FailoverRouting.latency(), replacedRouting: 'active-passive' });
    const step2 = api({ routing: FailoverRouting.latency() });
    for (const [from, to] of [[failover, step1], [step1, step2]]) expect(planUpdate(from, to).findings).toEqual([]);
  });
});
