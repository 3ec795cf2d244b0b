// Deploy-time proof of ChaosExperiments with a failover: a drill fails a region as Route 53 sees it.
// With both cells healthy, Route 53 answers the name with the primary (us-east-1). The us-east-1 invocation-error
// experiment is then started; it fails the Api replica and the failover's health handler of
// us-east-1 through the FIS Lambda extension (which takes up to 60 s to pick the fault up). Route 53's checkers must
// then see the primary's health path (/health/<token>) fail, DNS must answer with the secondary (us-west-2), and a request through the name
// must be served there. The experiment is stopped at the end.
// Here it runs in snapshot mode (`npx projen integ`); `npx projen integ:deploy` deploys it into the public hosted zone
// named by INTEG_HOSTED_ZONE_ID and INTEG_ZONE_NAME. Deploy waits until the wired replicas' new version is live.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { ChaosExperiments, DrillFault, HealthCheckedFailover } from '../src';
import { integTopology, integZone, regionEchoService } from './harness/integ';

const { hostedZoneId, zoneName } = integZone();
const ERROR = 'aws:lambda:invocation-error';

const app = new App();
const topology = integTopology(app, 'IntegChaos', ['us-east-1', 'us-west-2']);
const api = regionEchoService(topology);
const failover = new HealthCheckedFailover(topology, 'Failover', {
  service: api, hostedZone: HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId, zoneName }), recordName: `api.${zoneName}`,
});
const drills = new ChaosExperiments(topology, 'Drills', {
  functions: [api],
  failover,
  lambdaExtension: {},
  // Longer than the steps below can take (up to 5 minutes each after the start); the last step stops it early.
  faults: [DrillFault.lambdaInvocationError({ duration: Duration.minutes(30) })],
});

const assertions = new Stack(app, 'Assert-chaos-us-east-1', { env: { account: topology.account, region: 'us-east-1' } });
const integ = new IntegTest(app, 'Chaos', {
  testCases: [...topology.cells, topology.routingStack],
  assertionStack: assertions,
  regions: ['us-east-1'],
});
const poll = (minutes: number) => ({ totalTimeout: Duration.minutes(minutes), interval: Duration.seconds(10) });

const answer = { HostedZoneId: hostedZoneId, RecordName: failover.recordName, RecordType: 'CNAME' };

// 0. Before the drill, the name answers with the primary: the move below is the drill's doing.
const primaryAnswers = integ.assertions.awsApiCall('Route53', 'testDNSAnswer', answer)
  .expect(ExpectedResult.objectLike({ RecordData: Match.arrayWith([Match.stringLikeRegexp('^us-east-1\\.')]) }))
  .waitForAssertions(poll(5));

// 1. Fail the primary region: its Api replica and its health handler (both behind their `live` alias). The SDK fills
// in a fresh clientToken per call; the tag names the run in `aws fis list-experiments`.
const start = integ.assertions.awsApiCall('FIS', 'startExperiment', {
  experimentTemplateId: drills.experiment('us-east-1', ERROR).template.ref,
  tags: { Name: 'IntegChaos-primary-failure' },
});
start.provider.addToRolePolicy({ Effect: 'Allow', Action: ['fis:TagResource'], Resource: ['*'] });
const experimentId = start.getAttString('experiment.id');

// 2. Route 53's checkers see the health path of us-east-1 fail (the extension fails the invocation, the endpoint answers 5xx):
// up to 60 s for the extension to pick the fault up, then a checker interval. Only the status of one checker is read,
// which keeps the custom resource's response under CloudFormation's 4 KB; step 3 is Route 53's verdict.
const primaryFails = integ.assertions.awsApiCall('Route53', 'getHealthCheckStatus', {
  HealthCheckId: failover.healthCheck('us-east-1').healthCheckId,
})
  .assertAtPath('HealthCheckObservations.0.StatusReport.Status', ExpectedResult.stringLikeRegexp('^Failure'))
  .waitForAssertions(poll(5));

// 3. Route 53 deems the primary unhealthy: the name answers with the secondary (within failoverTime, 37 s, after the
// checkers see the failure; allow for the status to reach Route 53's DNS servers).
const secondaryAnswers = integ.assertions.awsApiCall('Route53', 'testDNSAnswer', answer)
  .expect(ExpectedResult.objectLike({ RecordData: Match.arrayWith([Match.stringLikeRegexp('^us-west-2\\.')]) }))
  .waitForAssertions(poll(5));

// 4. Callers of the name are served by the secondary.
const servedBySecondary = integ.assertions.httpApiCall(`https://${failover.recordName}/`)
  .expect(ExpectedResult.objectLike({ status: 200, body: 'us-west-2' }))
  .waitForAssertions(poll(5));

// 5. End the drill: the extension clears the fault within about 20 s.
const stop = integ.assertions.awsApiCall('FIS', 'stopExperiment', { id: experimentId }, ['experiment.id']);

primaryAnswers.next(start).next(primaryFails).next(secondaryAnswers).next(servedBySecondary).next(stop);

app.synth();
