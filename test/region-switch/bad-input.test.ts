import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  HealthCheckedFailover, MultiRegionTopology, RegionSwitchPlan, RegionSwitchPlanProps, RegionSwitchStep, RegionToRun, ReplicatedCode,
  ReplicatedFunction,
} from '../../src';
import { TEST_ACCOUNT } from '../harness';
import { Built, build, zoneProps } from '../health-checked-failover/fixtures';

const TWO_REGIONS = ['us-east-1', 'us-west-2'];
/** Every configuration error's shape: the construct, the setting and its value, the problem, what is allowed, the fix. */
const FORMAT = /^\[Orders\/Switch\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

type PropsOf = (built: Built) => Partial<RegionSwitchPlanProps>;

function plan(props: PropsOf, regions = TWO_REGIONS): Built & { plan: RegionSwitchPlan } {
  const built = build({}, {}, regions);
  return { ...built, plan: new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover, ...props(built) }) };
}

/** An approver role in a stack of another region than the routing stack. */
function roleInWest(built: Built): Role {
  return new Role(built.topology.cell('us-west-2'), 'Approvers', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
}

describe('RegionSwitchPlan: every class of bad input fails at synth with the setting, its value and the fix', () => {
  test.each<[string, PropsOf, RegExp]>([
    ['the plan name has a character Region switch refuses', () => ({ planName: 'orders_plan' }),
      /invalid planName 'orders_plan': the name may only contain letters, digits and hyphens, starting and ending with a letter or digit\. Allowed: .*1 to 32 characters\. Fix: remove the other characters from planName\./],
    ['the plan name is longer than 32 characters', () => ({ planName: 'a'.repeat(33) }),
      /invalid planName 'a{33}': the name has 33 characters\. Allowed: .*1 to 32 characters\. Fix: shorten planName to 32 characters or fewer\./],
    ['the plan name ends with a hyphen', () => ({ planName: 'orders-' }), /invalid planName 'orders-': the name may only contain/],
    ['the objective is under a minute', () => ({ recoveryTimeObjective: Duration.seconds(30) }),
      /invalid recoveryTimeObjective Duration.seconds\(30\): the service counts whole minutes/],
    ['the objective is not a whole number of minutes', () => ({ recoveryTimeObjective: Duration.seconds(90) }),
      /invalid recoveryTimeObjective Duration.seconds\(90\): the service counts whole minutes, and this is 1.5 minutes \(Region switch takes a whole number of minutes, up to a week\)\. Allowed: a whole number of minutes from 1 minute to 7 days\./],
    ['the objective is longer than a week', () => ({ recoveryTimeObjective: Duration.days(8) }),
      /invalid recoveryTimeObjective Duration.days\(8\): the duration is longer than 7 days/],
    ['a step is not a RegionSwitchStep', () => ({ stepsBeforeTrafficShift: [{} as RegionSwitchStep] }),
      /invalid stepsBeforeTrafficShift\[0\] \{\}: it is not a RegionSwitchStep\. Allowed: RegionSwitchStep\.lambda\(\) or RegionSwitchStep\.manualApproval\(\)\./],
    ['two steps have the same name', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api), RegionSwitchStep.lambda(b.api)] }),
      /invalid stepsBeforeTrafficShift \['Orders-Api', 'Orders-Api'\]: the step name 'Orders-Api' appears twice in the workflow\. Allowed: distinct step names, other than 'shift-traffic'\./],
    ['a step takes the traffic step\'s name', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { name: 'shift-traffic' })] }),
      /the step name 'shift-traffic' appears twice in the workflow \('shift-traffic' is the plan's own traffic step\)/],
    ['a step name has a character Region switch refuses', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { name: 'warm up' })] }),
      /invalid stepsBeforeTrafficShift\[0\]\.name 'warm up': the name may only contain letters, digits, hyphens and underscores/],
    ['a custom action\'s timeout is not whole minutes', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { timeout: Duration.seconds(30) })] }),
      /invalid stepsBeforeTrafficShift\[0\]\.timeout Duration.seconds\(30\): the service counts whole minutes, and this is 0.5 minutes/],
    ['a custom action retries less often than its timeout allows', (b) => ({
      stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { timeout: Duration.minutes(5), retryInterval: Duration.minutes(10) })],
    }), /invalid stepsBeforeTrafficShift\[0\]\.retryInterval Duration.minutes\(10\): the duration is longer than 5 minutes \(Region switch counts whole minutes, up to the step's timeout of 5 minutes\)/],
    ['a custom action runs in neither region', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { runIn: 'activeRegion' as RegionToRun })] }),
      /invalid stepsBeforeTrafficShift\[0\]\.runIn 'activeRegion': Region switch runs a custom action in the activating or the deactivating Region only\. Allowed: RegionToRun\.ACTIVATING or RegionToRun\.DEACTIVATING\./],
    ['a custom action\'s function belongs to another topology', () => {
      const other = new MultiRegionTopology(new App(), 'Other', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: TWO_REGIONS });
      const fn = new ReplicatedFunction(other, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
      return { stepsBeforeTrafficShift: [RegionSwitchStep.lambda(fn)] };
    }, /invalid stepsBeforeTrafficShift\[0\]\.fn 'Other\/Api': it belongs to another topology/],
    ['an approval waits for less than a minute', () => ({
      stepsBeforeTrafficShift: [RegionSwitchStep.manualApproval(Role.fromRoleArn(new Stack(), 'R', `arn:aws:iam::${TEST_ACCOUNT}:role/a`), { timeout: Duration.seconds(0) })],
    }), /invalid stepsBeforeTrafficShift\[0\]\.timeout Duration.seconds\(0\): the duration is shorter than 1 minute/],
    ['the approver role lives in another region', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.manualApproval(roleInWest(b))] }),
      /invalid stepsBeforeTrafficShift\[0\]\.approvalRole 'Orders\/us-west-2\/Approvers': it is defined in a stack of us-west-2, and the plan's stack \(us-east-1\) refers to no other Region's resources\. Allowed: .*\. Fix: import the role by its ARN/],
    ['the trigger fires more often than once a minute', () => ({ trigger: { minDelayBetweenExecutions: Duration.seconds(30) } }),
      /invalid trigger\.minDelayBetweenExecutions Duration.seconds\(30\): the service counts whole minutes/],
    ['the failover is not a HealthCheckedFailover', () => ({ failover: {} as any }),
      /invalid failover \{\}: it is not a HealthCheckedFailover\. Allowed: a HealthCheckedFailover of the topology\./],
  ])('fails when %s', (_name, props, message) => {
    let error: Error | undefined;
    try {
      plan(props);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(FORMAT);
  });

  test('fails when the failover routes to more or fewer than two regions (a plan\'s limit)', () => {
    expect(() => plan(() => ({}), ['us-east-1', 'us-west-2', 'eu-west-1'])).toThrow(
      /^\[Orders\/Switch\] invalid failover 'Orders\/Failover': it routes to 3 regions \(us-east-1, us-west-2, eu-west-1\), and a Region switch plan has exactly 2 \(https:\/\/docs\.aws\.amazon\.com\/arc-region-switch\/latest\/api\/API_Plan\.html\)\. Allowed: a HealthCheckedFailover whose regions are exactly 2 cells\. Fix: give the failover regions: \[primary, one secondary\]/);
  });

  test('fails when the failover\'s worst case is longer than the declared objective', () => {
    // A 60 s TTL: 2 × (10 s + 6 s) + 60 s = 92 s, over one minute.
    const built = build({ ttl: Duration.seconds(60) }, {}, TWO_REGIONS);
    expect(() => new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover, recoveryTimeObjective: Duration.minutes(1) })).toThrow(
      /invalid recoveryTimeObjective Duration.minutes\(1\): the failover's worst case is 92 s \(2 × \(10 s interval \+ 6 s HTTPS timeout\) \+ 60 s TTL\), longer than the objective\. Allowed: at least Duration.minutes\(2\)\. Fix: raise recoveryTimeObjective to Duration.minutes\(2\)/);
  });

  test('fails when the defaulted plan name (the service name) is too long, naming planName', () => {
    const app = new App();
    const serviceName = 'orders-'.repeat(6);
    const topology = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: TWO_REGIONS, serviceName });
    const api = new ReplicatedFunction(topology, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
    const failover = new HealthCheckedFailover(topology, 'Failover', { service: api, ...zoneProps(topology) });
    expect(() => new RegionSwitchPlan(topology, 'Switch', { failover })).toThrow(
      /invalid planName 'orders-orders-orders-orders-orders-orders-': the name may only contain .*\. Fix: set planName: the default, the topology's serviceName 'orders-orders-orders-orders-orders-orders-', does not fit\./);
  });

  test('fails when two plans take the same name in the account', () => {
    const built = build({}, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover });
    expect(() => new RegionSwitchPlan(built.topology, 'Again', { failover: built.failover })).toThrow(/planName 'Orders'/);
  });

  test('fails when a second plan switches the same failover', () => {
    const built = build({}, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover });
    expect(() => new RegionSwitchPlan(built.topology, 'Again', { failover: built.failover, planName: 'again' })).toThrow(
      /^\[Orders\/Again\] invalid failover 'Orders\/Failover': the plan Orders\/Switch already switches this failover, and its records take one plan's health checks\. Allowed: a HealthCheckedFailover no other RegionSwitchPlan switches\. Fix: add your steps to Orders\/Switch instead, or remove it\.$/);
  });

  test.each<[string, PropsOf]>([
    ['a 32-character plan name', () => ({ planName: 'a'.repeat(32) })],
    ['a one-character plan name', () => ({ planName: 'a' })],
    ['an objective of exactly the failover\'s worst case rounded up', () => ({ recoveryTimeObjective: Duration.minutes(1) })],
    ['an objective of a week', () => ({ recoveryTimeObjective: Duration.days(7) })],
    ['a retry interval equal to the timeout', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { timeout: Duration.minutes(1), retryInterval: Duration.minutes(1) })] })],
    ['an approver role of the routing stack', (b) => ({
      stepsBeforeTrafficShift: [RegionSwitchStep.manualApproval(new Role(b.topology.routingStack, 'Approvers', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }))],
    })],
    ['a trigger at most once a minute', () => ({ trigger: { minDelayBetweenExecutions: Duration.minutes(1) } })],
    ['a custom action in the deactivating region', (b) => ({ stepsBeforeTrafficShift: [RegionSwitchStep.lambda(b.api, { runIn: RegionToRun.DEACTIVATING })] })],
  ])('accepts %s', (_name, props) => {
    const built = plan(props);
    Template.fromStack(built.topology.routingStack).resourceCountIs('AWS::ARCRegionSwitch::Plan', 1);
  });
});
