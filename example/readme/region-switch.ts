import { App, Duration } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  HealthCheckedFailover, MultiRegionTopology, RegionSwitchPlan, RegionSwitchStep, RegionToRun, ReplicatedCode, ReplicatedFunction,
} from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'], // a Region switch plan has exactly two Regions
});
const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
const failover = new HealthCheckedFailover(orders, 'ApiFailover', {
  service: api,
  hostedZone: HostedZone.fromHostedZoneAttributes(orders.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
  recordName: 'api.example.com',
});
// Warms the Region that takes the traffic: invoked on its replica's alias, with the plan's execution role.
const warmUp = new ReplicatedFunction(orders, 'WarmUp', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ warmed: true });'),
});

const plan = new RegionSwitchPlan(orders, 'Switch', {
  failover,
  stepsBeforeTrafficShift: [
    // Your on-call role approves; imported by ARN, so no stack depends on another Region.
    RegionSwitchStep.manualApproval(Role.fromRoleArn(orders.routingStack, 'OnCall', 'arn:aws:iam::123456789012:role/on-call'), {
      timeout: Duration.minutes(30),
    }),
    RegionSwitchStep.lambda(warmUp, { name: 'warm-up', runIn: RegionToRun.ACTIVATING, timeout: Duration.minutes(10) }),
  ],
  // Executes the plan when us-east-1's health alarm is red, at most once an hour.
  trigger: { minDelayBetweenExecutions: Duration.hours(1) },
});

// 1 minute: the failover's worst case, 37 s, rounded up.
console.log(`${plan.planName}: ${plan.regions.join(' <-> ')}, RTO ${plan.recoveryTimeObjectiveMinutes} min`);
