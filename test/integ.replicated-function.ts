// Deploy-time proof of ReplicatedFunction: in every region, the replica's alias answers an invocation from
// inside that region, found by its deterministic name (no cross-region reference), and reports its own region.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
import { ExpectedResult, IntegTest, InvocationType } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { ReplicatedCode, ReplicatedFunction } from '../src';
import { integTopology } from './harness/integ';


const app = new App();
const topology = integTopology(app, 'IntegFunction', ['us-east-1', 'eu-west-1']);
const account = topology.account;
const fn = new ReplicatedFunction(topology, 'Echo', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ region: process.env.AWS_REGION });'),
});

for (const replica of fn.replicas) {
  const assertions = new Stack(app, `Assert-${replica.region}`, { env: { account, region: replica.region } });
  const test = new IntegTest(app, `Function-${replica.region}`, {
    testCases: [replica.cell],
    assertionStack: assertions,
    regions: [replica.region],
  });
  test.assertions
    .invokeFunction({ functionName: `${fn.functionName}:${fn.aliasName}`, invocationType: InvocationType.REQUEST_RESPONSE })
    .expect(ExpectedResult.objectLike({ StatusCode: 200, Payload: JSON.stringify({ region: replica.region }) }));
}

app.synth();
