// Deploy-time proof of RegionSwitchPlan: a two-cell HealthCheckedFailover and its plan (a custom action on the
// service's alias, then the Route 53 health check step). Region switch reads the plan back with the two Regions, the
// approach and the objective the failover model gave it, and has created the Route 53 health checks of its traffic
// step, one per Region, for the failover's record name. The deployment itself proves that the lookup found them (the
// Lambda runtime's SDK has the Region switch client) and that Route 53 accepted the plan's check as a child of the
// primary's calculated check; the assertions read that check and the PRIMARY record that carries it.
// Here it runs in snapshot mode (`npx projen integ`); `npx projen integ:deploy` deploys it into the public hosted zone
// named by INTEG_HOSTED_ZONE_ID and INTEG_ZONE_NAME.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { HealthCheck, HostedZone } from 'aws-cdk-lib/aws-route53';
import { HealthCheckedFailover, RegionSwitchPlan, RegionSwitchStep } from '../src';
import { integTopology, integZone, regionEchoService } from './harness/integ';

const { hostedZoneId, zoneName } = integZone();

const app = new App();
const topology = integTopology(app, 'IntegSwitch', ['us-east-1', 'us-west-2']);
const api = regionEchoService(topology);
const failover = new HealthCheckedFailover(topology, 'Failover', {
  service: api,
  hostedZone: HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId, zoneName }),
  recordName: `switch.${zoneName}`,
});
const plan = new RegionSwitchPlan(topology, 'Switch', {
  failover,
  stepsBeforeTrafficShift: [RegionSwitchStep.lambda(api, { name: 'echo', timeout: Duration.minutes(5) })],
});

// The plan is in the routing stack (us-east-1), so the assertions read it from there.
const assertions = new Stack(app, 'Assert-switch-us-east-1', { env: { account: topology.account, region: 'us-east-1' } });
const integ = new IntegTest(app, 'RegionSwitch', {
  testCases: [...topology.cells, topology.routingStack],
  assertionStack: assertions,
  regions: ['us-east-1'],
});
const planArn = plan.plan.attrArn;

const readBack = integ.assertions.awsApiCall('@aws-sdk/client-arc-region-switch', 'GetPlan', { arn: planArn })
  .expect(ExpectedResult.objectLike({
    plan: Match.objectLike({
      regions: ['us-east-1', 'us-west-2'],
      primaryRegion: 'us-east-1',
      recoveryApproach: 'activePassive',
      recoveryTimeObjectiveMinutes: plan.recoveryTimeObjectiveMinutes,
    }),
  }));
const healthChecks = integ.assertions.awsApiCall('@aws-sdk/client-arc-region-switch', 'ListRoute53HealthChecks', { arn: planArn })
  .expect(ExpectedResult.objectLike({
    healthChecks: Match.arrayWith([
      Match.objectLike({ region: 'us-east-1', recordName: failover.recordName }),
      Match.objectLike({ region: 'us-west-2', recordName: failover.recordName }),
    ]),
  }))
  // Region switch creates the health checks after the plan.
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) });

// The primary's record carries the calculated check of the cell's own check and the plan's check for us-east-1.
const routed = topology.routingStack.node.findAll().find((c) => c.node.id === 'us-east-1RoutedCheck') as HealthCheck;
const calculated = integ.assertions.awsApiCall('@aws-sdk/client-route-53', 'GetHealthCheck', { HealthCheckId: routed.healthCheckId })
  .expect(ExpectedResult.objectLike({
    HealthCheck: Match.objectLike({
      HealthCheckConfig: Match.objectLike({
        Type: 'CALCULATED',
        HealthThreshold: 2,
        ChildHealthChecks: Match.arrayWith([failover.healthCheck('us-east-1').healthCheckId]),
      }),
    }),
  }));
const records = integ.assertions.awsApiCall('@aws-sdk/client-route-53', 'ListResourceRecordSets', {
  HostedZoneId: hostedZoneId, StartRecordName: failover.recordName, StartRecordType: 'CNAME',
}).expect(ExpectedResult.objectLike({
  ResourceRecordSets: Match.arrayWith([Match.objectLike({ SetIdentifier: 'us-east-1', Failover: 'PRIMARY', HealthCheckId: routed.healthCheckId })]),
}));

readBack.next(healthChecks).next(calculated).next(records);

app.synth();
