// Deploy-time proof of HealthCheckedFailover: with both cells healthy, Route 53 answers the name with the primary
// (us-east-1); the primary's deep health endpoint is then failed (its handler's concurrency set to 0, so the health path
// answers 5xx), and Route 53 must answer with the secondary (us-west-2), where a request through the name succeeds.
// The primary is restored at the end.
// Here it runs in snapshot mode (`npx projen integ`); `npx projen integ:deploy` deploys it into the public hosted zone
// named by INTEG_HOSTED_ZONE_ID and INTEG_ZONE_NAME.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { GlobalTableStore, HealthCheckedFailover } from '../src';
import { integTopology, integZone, regionEchoService } from './harness/integ';

const { hostedZoneId, zoneName } = integZone();

const app = new App();
const topology = integTopology(app, 'IntegFailover', ['us-east-1', 'us-west-2']);
const api = regionEchoService(topology);
const store = new GlobalTableStore(topology, 'Items', {
  partitionKey: { name: 'pk', type: AttributeType.STRING },
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  backup: { enabled: false },
});
const failover = new HealthCheckedFailover(topology, 'Failover', {
  service: api, hostedZone: HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId, zoneName }), recordName: `api.${zoneName}`, dependencies: [store], recoveryTimeObjective: Duration.seconds(40),
});

const assertions = new Stack(app, 'Assert-failover-us-east-1', { env: { account: topology.account, region: 'us-east-1' } });
const integ = new IntegTest(app, 'Failover', {
  testCases: [...topology.cells, topology.routingStack],
  assertionStack: assertions,
  regions: ['us-east-1'],
});
const answer = { HostedZoneId: hostedZoneId, RecordName: failover.recordName, RecordType: 'CNAME' };
const poll = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) };

const primaryAnswers = integ.assertions.awsApiCall('Route53', 'testDNSAnswer', answer)
  .expect(ExpectedResult.objectLike({ RecordData: Match.arrayWith([Match.stringLikeRegexp('^us-east-1\\.api\\.')]) }))
  .waitForAssertions(poll);
const failPrimary = integ.assertions.awsApiCall('Lambda', 'putFunctionConcurrency', {
  FunctionName: `${api.functionName}-health`,
  ReservedConcurrentExecutions: 0,
});
const secondaryAnswers = integ.assertions.awsApiCall('Route53', 'testDNSAnswer', answer)
  .expect(ExpectedResult.objectLike({ RecordData: Match.arrayWith([Match.stringLikeRegexp('^us-west-2\\.api\\.')]) }))
  // The worst case is failoverTime (37 s); allow for the status to reach Route 53's DNS servers.
  .waitForAssertions(poll);
const servedBySecondary = integ.assertions.httpApiCall(`https://${failover.recordName}/`)
  .expect(ExpectedResult.objectLike({ status: 200, body: 'us-west-2' }))
  .waitForAssertions(poll);
const restorePrimary = integ.assertions.awsApiCall('Lambda', 'deleteFunctionConcurrency', { FunctionName: `${api.functionName}-health` });

primaryAnswers.next(failPrimary).next(secondaryAnswers).next(servedBySecondary).next(restorePrimary);

app.synth();
